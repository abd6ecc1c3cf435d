"""Review workspace benchmark: page times and export memory at 100,000 responses.

Run by hand after `make install` (it takes several minutes, most of it seeding):

    .venv/bin/python bench/review.py                  # 100,000 responses
    .venv/bin/python bench/review.py --responses 20000

It builds a fresh SQLite database in a temporary folder with the real migrations, seeds it with
`seed-demo --responses N`, then:

- times every review page (inbox with each filter, a response, the summary, the codebook)
  through the app in this process, several times each, and prints the median;
- runs each export (`flask export` CSV and JSON lines, and the XLSX workbook) in a child process
  and prints its peak memory (max RSS), beside the peak of a child that only imports the app,
  so the export's own cost is visible.

Targets (from the review issue): every review page under 300 ms median with SQLite; export peak
memory under 150 MB.
"""
from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

PAGE_TARGET_MS = 300
MEMORY_TARGET_MB = 150


def build_app(database: Path):
    from config import TestingConfig
    from flse_feedback import create_app

    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{database}",
                      WTF_CSRF_ENABLED=False)


def seed(app, responses: int) -> float:
    """Migrate, then add synthetic responses until there are ``responses`` submitted ones
    (none when a kept database already has them)."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from flse_feedback.extensions import db
    from flse_feedback.models import Response
    from flse_feedback.services import demo

    started = time.perf_counter()
    with app.app_context():
        upgrade()
        have = db.session.scalar(sa.select(sa.func.count()).select_from(Response))
        if have < responses:
            demo.generate_synthetic(responses - have)
    return time.perf_counter() - started


def page_times(app, repeats: int) -> list[tuple[str, float, float]]:
    """Median milliseconds per review page (wall clock, and this process's CPU time, which a
    busy machine disturbs less), logged in as a reviewer."""
    import sqlalchemy as sa

    from flse_feedback.extensions import db
    from flse_feedback.models import Response, Site, TrainingSession, User
    from flse_feedback.services import users

    with app.app_context():
        reviewer = db.session.scalar(sa.select(User).where(
            User.email == "bench-reviewer@example.org")) or users.create_user(
            "bench-reviewer@example.org", "reviewer", "bench passphrase")
        newest = db.session.scalar(sa.select(Response.id).where(Response.status == "submitted")
                                   .order_by(Response.submitted_at.desc()).limit(1))
        site = db.session.scalar(sa.select(Site.id).limit(1))
        session = db.session.scalar(sa.select(TrainingSession.id).limit(1))
        reviewer_email = reviewer.email
    client = app.test_client()
    client.post("/auth/login", data={"email": reviewer_email, "password": "bench passphrase"})
    pages = [
        ("inbox", "/review/"),
        ("inbox, kind", "/review/?kind=mystery_shop"),
        ("inbox, site", f"/review/?site={site}"),
        ("inbox, session", f"/review/?session={session}"),
        ("inbox, dates", "/review/?since=2026-01-01&until=2026-06-30"),
        ("inbox, sentiment", "/review/?sentiment=negative"),
        ("inbox, theme", "/review/?theme=waiting_access"),
        ("inbox, not reviewed", "/review/?reviewed=no"),
        ("inbox, flagged", "/review/?attention=1"),
        ("inbox, words", "/review/?q=security"),
        ("inbox, combined", f"/review/?kind=training&session={session}&sentiment=positive"),
        ("response", f"/review/responses/{newest}"),
        ("response in a filtered list", f"/review/responses/{newest}?theme=waiting_access"),
        ("summary, one session", f"/review/summary?session={session}"),
        ("summary, one site", f"/review/summary?site={site}"),
        ("codebook", "/review/codebook/"),
    ]
    results = []
    for name, path in pages:
        samples, cpu = [], []
        for _ in range(repeats):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(path)
            samples.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            if response.status_code != 200:
                samples = cpu = [float("nan")]
                break
        results.append((name, statistics.median(samples), statistics.median(cpu)))
    return results


def child_peak_mb(args: list[str], env: dict) -> float:
    """Peak RSS in MB of a child process (its output is discarded)."""
    code = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code, *args], env=env, check=True,
                         capture_output=True, text=True, cwd=REPO).stdout
    return int(out.strip()) / 1024


def export_memory(database: Path) -> list[tuple[str, float]]:
    flask = str(REPO / ".venv" / "bin" / "flask")
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database}", FLSE_CONFIG="development")
    xlsx = ("from wsgi import app\n"
            "from flse_feedback.services.review_filters import ReviewFilter\n"
            "from flse_feedback.services.spreadsheets import iter_xlsx\n"
            "with app.app_context():\n"
            "    total = sum(len(chunk) for chunk in iter_xlsx(ReviewFilter()))\n")
    return [
        ("app start-up only", child_peak_mb([flask, "--app", "wsgi", "--help"], env)),
        ("export CSV (every answer)", child_peak_mb(
            [flask, "--app", "wsgi", "export", "--format", "csv"], env)),
        ("export JSON lines", child_peak_mb(
            [flask, "--app", "wsgi", "export", "--format", "jsonl"], env)),
        ("XLSX workbook (both sheets)", child_peak_mb([sys.executable, "-c", xlsx], env)),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--responses", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--database", type=Path,
                        help="keep the seeded SQLite file here and reuse it on the next run "
                             "(migrated to the current schema first)")
    parser.add_argument("--skip-exports", action="store_true", help="time the pages only")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="flse-review-bench-") as folder:
        database = (options.database or Path(folder) / "bench.sqlite3").resolve()
        app = build_app(database)
        seconds = seed(app, options.responses)
        print(f"Seeded (or migrated) {options.responses:,} responses in {seconds:.0f} s "
              f"({database.stat().st_size / 1e6:.0f} MB SQLite file)\n")
        print(f"{'review page':<32}{'median ms':>10}{'CPU ms':>8}  target < {PAGE_TARGET_MS} ms")
        failures = 0
        for name, ms, cpu_ms in page_times(app, options.repeats):
            ok = ms < PAGE_TARGET_MS
            failures += not ok
            print(f"{name:<32}{ms:>10.0f}{cpu_ms:>8.0f}  {'PASS' if ok else 'FAIL'}")
        print(f"\n{'export':<32}{'peak MB':>10}  target < {MEMORY_TARGET_MB} MB")
        for name, mb in ([] if options.skip_exports else export_memory(database)):
            ok = mb < MEMORY_TARGET_MB
            failures += not ok
            print(f"{name:<32}{mb:>10.0f}  {'PASS' if ok else 'FAIL'}")
        print(f"\nmachine: {os.cpu_count()} cores; this process peak "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    return 1 if failures and options.strict else 0


if __name__ == "__main__":
    sys.exit(main())
