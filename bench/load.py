#!/usr/bin/env python3
"""Lecture-hall burst: many students sending training feedback at once, through the real form.

Starts the app exactly as ``make run`` serves it (gunicorn, N workers, its own temporary SQLite
database), then lets C parallel clients, each with its own cookie jar, complete S training
feedback submissions each through the real multi-page form: GET /training/<slug>, parse the
csrf_token and the field names of each page, POST each page with action=next, follow the
redirects, GET and POST the check page with its token, land on the done page.

For comparison it serves a bare Flask + Flask-SQLAlchemy app (bench/baseline_app.py) with the
same gunicorn workers and SQLite settings, and the same C clients send it as many POSTs (one row
each) as they send the app requests: C x S x 17, so both throughputs are measured over the same
number of requests and a similar stretch of time.

Standard library only (plus the .venv the app already has). Only 127.0.0.1 is contacted.

    .venv/bin/python bench/load.py [--clients 25] [--submissions 20] [--workers 4] [--strict]
"""
from __future__ import annotations

import argparse
import gzip
import http.cookiejar
import json
import os
import platform
import random
import re
import shutil
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from html import unescape
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent
VENV_BIN = REPO / ".venv" / "bin"
HOST = "127.0.0.1"

TARGET_P95_MS = 300.0
TARGET_RATIO = 0.5
REQUESTS_PER_SUBMISSION = 17  # a journey: start, 7 pages sent and the next shown, check, done
MAX_STEPS_PER_JOURNEY = 40  # redirects + pages; a loop in the flow becomes an error, not a hang

# What students type into the free-text boxes (the app tags each one on submit).
COMMENTS = [
    "The trainers were brilliant and knew their stuff. Hearing lived experience made it real.",
    "Too long in the afternoon, and the room was cold, but the case studies were useful.",
    "I will change how I word letters to people so they feel less threatening.",
    "More time on signposting please; I still do not know who to refer people to.",
    "Honestly one of the best sessions I have been to. Thank you for sharing your stories.",
    "The slides were hard to read from the back and the sound kept cutting out.",
    "I feel more confident talking about trauma without making assumptions.",
    "Some parts felt rushed, especially domestic abuse, which needed its own session.",
    "Being told how a jobcentre visit feels from the other side of the desk was powerful.",
    "Handouts would help. I could not write everything down in time.",
]


class BenchTimeout(Exception):
    """The overall time limit was reached."""


class JourneyError(Exception):
    """The flow did not go as a browser would see it (an error status, a re-shown form...).

    :param http: the request itself failed (a non-2xx/3xx status or an exception), as opposed
        to a 2xx/3xx answer that was not the expected next step of the journey
    """

    def __init__(self, message: str, http: bool = False):
        super().__init__(message)
        self.http = http


# --------------------------------------------------------------------------------------------
# HTTP client: one cookie jar per simulated student, no redirects followed behind our back
# --------------------------------------------------------------------------------------------

class _KeepEveryResponse(urllib.request.HTTPErrorProcessor):
    """Hand every response back as is: 3xx are followed (and timed) by hand, 4xx/5xx counted."""

    def http_response(self, request, response):
        return response

    https_response = http_response


@dataclass
class Sample:
    label: str      # e.g. "POST page 3"
    status: int     # HTTP status, or 0 for an exception
    seconds: float


class Client:
    """A browser-like client with its own cookie jar; every request is timed."""

    def __init__(self, base_url: str, timeout: float, accept_encoding: str):
        self.base_url = base_url
        self.timeout = timeout
        self.accept_encoding = accept_encoding
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.ProxyHandler({}),  # never a proxy: only 127.0.0.1 is contacted
            urllib.request.HTTPCookieProcessor(self.jar),
            _KeepEveryResponse())
        self.samples: list[Sample] = []

    def request(self, method: str, url: str, label: str, data: dict | list | None = None,
                raw: bytes | None = None) -> tuple[int, str, str | None]:
        """Send one request; return (status, body text, absolute Location or None)."""
        url = urllib.parse.urljoin(self.base_url, url)
        if urllib.parse.urlsplit(url).hostname != HOST:
            raise JourneyError(f"refusing to contact {url}")
        body = raw if raw is not None else (
            urllib.parse.urlencode(data).encode() if data is not None else None)
        req = urllib.request.Request(url, data=body, method=method)
        req.add_header("User-Agent", "flse-bench/1")
        req.add_header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
        if self.accept_encoding:
            req.add_header("Accept-Encoding", self.accept_encoding)
        if body is not None:
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        started = time.perf_counter()
        try:
            with self.opener.open(req, timeout=self.timeout) as response:
                payload = response.read()
                status = response.status
                headers = response.headers
        except Exception as error:
            self.samples.append(Sample(label, 0, time.perf_counter() - started))
            raise JourneyError(f"{label} {url}: {type(error).__name__}: {error}",
                               http=True) from error
        self.samples.append(Sample(label, status, time.perf_counter() - started))
        if headers.get("Content-Encoding", "").lower() == "gzip":
            payload = gzip.decompress(payload)
        location = headers.get("Location")
        if location:
            location = urllib.parse.urljoin(url, location)
        if not 200 <= status < 400:
            raise JourneyError(f"{label} {url}: HTTP {status}", http=True)
        return status, payload.decode("utf-8", "replace"), location


# --------------------------------------------------------------------------------------------
# Reading the form the way a browser would
# --------------------------------------------------------------------------------------------

@dataclass
class Form:
    fields: dict[str, dict] = field(default_factory=dict)  # name -> {"type", "values", ...}
    hidden: dict[str, str] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


# The tags a form is made of, and their attributes. The app's HTML is made by Jinja and WTForms,
# which quote every attribute value and escape "<" and ">" inside them and in text, so a tag
# always ends at the first ">". A regular expression reads the page about thirty times faster
# than html.parser: the load generator shares the server's two cores, and every millisecond it
# spends reading pages is a millisecond the server under test does not get.
_FORM_TAG = re.compile(r"<(/?)(form|input|textarea|select|option|button)\b([^>]*)>", re.I)
_ATTRIBUTE = re.compile(
    r"""([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def _attributes(text: str) -> dict[str, str]:
    """Attribute name (lower case) -> value, entities decoded; valueless attributes are ''."""
    return {name.lower(): unescape(double or single or bare or "")
            for name, double, single, bare in _ATTRIBUTE.findall(text)}


def read_forms(page: str) -> list[Form]:
    """Every POST form on the page: hidden inputs, field names and their possible values."""
    forms: list[Form] = []
    form: Form | None = None
    select: str | None = None  # the <select> whose options are being read
    for match in _FORM_TAG.finditer(page):
        closing, tag, attributes = match.group(1), match.group(2).lower(), match.group(3)
        if closing:
            form = None if tag == "form" else form
            select = None if tag == "select" else select
        elif tag == "form":
            post = _attributes(attributes).get("method", "get").lower() == "post"
            form = Form() if post else None
            if form is not None:
                forms.append(form)
        elif form is not None:
            select = _add_control(form, tag, _attributes(attributes), select)
    return forms


def _add_control(form: Form, tag: str, a: dict, select: str | None) -> str | None:
    """Record one control of ``form``; return the <select> now open, if any."""
    name = a.get("name")
    if tag == "option":
        if select:
            form.fields[select]["values"].append(a.get("value", ""))
    elif not name:
        pass
    elif tag == "input":
        _add_input(form, name, a)
    elif tag in ("textarea", "select"):
        form.fields[name] = {"type": tag, "values": []}
        return name if tag == "select" else select
    elif tag == "button":
        form.buttons.append((name, a.get("value", "")))
    return select


def _add_input(form: Form, name: str, a: dict) -> None:
    kind = a.get("type", "text").lower()
    if kind == "hidden":
        form.hidden[name] = a.get("value", "")
    elif kind in ("submit", "button", "image", "reset"):
        form.buttons.append((name, a.get("value", "")))
    elif kind in ("radio", "checkbox"):
        entry = form.fields.setdefault(name, {"type": kind, "values": []})
        entry["values"].append(a.get("value", "on"))
    else:
        form.fields[name] = {"type": kind, "values": []}


def page_form(page: str) -> Form:
    """The page's own form: the POST form carrying a csrf_token."""
    forms = [f for f in read_forms(page) if "csrf_token" in f.hidden]
    if not forms:
        raise JourneyError("no POST form with a csrf_token on the page")
    return max(forms, key=lambda f: len(f.fields))


def fill(form: Form, rng: random.Random) -> list[tuple[str, str]]:
    """Answers like a student's: most questions answered, some free text skipped, no email."""
    data = list(form.hidden.items())
    for name, spec in form.fields.items():
        kind, values = spec["type"], [v for v in spec["values"] if v != ""]
        if kind == "radio" and values and rng.random() < 0.9:
            data.append((name, rng.choice(values)))
        elif kind == "checkbox" and values and rng.random() < 0.9:
            data.append((name, rng.choice(values)))
        elif kind == "select" and values and rng.random() < 0.9:
            data.append((name, rng.choice(values)))
        elif kind == "textarea" and rng.random() < 0.65:
            data.append((name, rng.choice(COMMENTS)))
        else:
            data.append((name, ""))  # left blank, as the browser sends it (email stays blank)
    data.append(("action", "next"))
    return data


_TOKEN_PATH = re.compile(r"/r/[^/]+/(?P<rest>.*)$")


def label_for(method: str, url: str) -> str:
    """A short name for the request, for the per-request breakdown."""
    path = urllib.parse.urlsplit(url).path
    match = _TOKEN_PATH.search(path)
    if match is None:
        return f"{method} start"
    rest = match.group("rest")
    if rest == "":
        return f"{method} resume"
    if rest.isdigit():
        return f"{method} page {rest}"
    return f"{method} {rest}"


def journey(client: Client, slug: str, rng: random.Random) -> None:
    """One complete submission through the real form; raises JourneyError on any deviation."""
    url = f"/training/{slug}"
    status, html, location = client.request("GET", url, label_for("GET", url))
    for _ in range(MAX_STEPS_PER_JOURNEY):
        if status in (301, 302, 303, 307, 308):
            url = location or ""
            status, html, location = client.request("GET", url, label_for("GET", url))
            continue
        path = urllib.parse.urlsplit(urllib.parse.urljoin(client.base_url, url)).path
        if path.endswith("/done"):
            if "your answers have been sent" not in html:
                raise JourneyError(f"done page without its confirmation: {url}")
            return
        form = page_form(html)
        if path.endswith("/check"):
            data = list(form.hidden.items())
        else:
            data = fill(form, rng)
        label = label_for("POST", url) if path.split("/")[-1] != slug else "POST page 1"
        status, html, location = client.request("POST", url, label, data=data)
        if status == 200:  # the form came back instead of moving on
            raise JourneyError(f"{label} {url} re-showed the form instead of redirecting")
    raise JourneyError("too many steps: the journey never reached the done page")


# --------------------------------------------------------------------------------------------
# Servers: gunicorn in its own process group, killed as a group
# --------------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class Server:
    """A server command run in a new session, so the whole process group can be killed."""

    def __init__(self, name: str, cmd: list[str], env: dict, cwd: Path, port: int, log: Path):
        self.name, self.cmd, self.env, self.cwd, self.port, self.log_path = (
            name, cmd, env, cwd, port, log)
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen(
            self.cmd, cwd=self.cwd, env=self.env, stdin=subprocess.DEVNULL, stdout=self._log,
            stderr=subprocess.STDOUT, start_new_session=True)

    def wait_healthy(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n"
                                   f"{tail(self.log_path)}")
            try:
                with opener.open(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        raise RuntimeError(f"{self.name} not healthy after {timeout:.0f}s:\n{tail(self.log_path)}")

    def cpu_seconds(self) -> float | None:
        """User+system CPU of every live process in the group (Linux /proc), or None."""
        if self.proc is None:
            return None
        tick = os.sysconf("SC_CLK_TCK")
        total = 0.0
        try:
            for entry in os.scandir("/proc"):
                if not entry.name.isdigit():
                    continue
                try:
                    stat = Path(entry.path, "stat").read_text()
                except OSError:
                    continue
                fields = stat[stat.rindex(")") + 2:].split()
                if int(fields[2]) == self.proc.pid:  # pgrp
                    total += (int(fields[11]) + int(fields[12])) / tick  # utime + stime
        except OSError:
            return None
        return total

    def _group_alive(self, pgid: int) -> bool:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True

    def _signal_and_wait(self, pgid: int, sig: int, grace: float) -> bool:
        """Send ``sig`` to the group; True once no process of the group is left."""
        try:
            os.killpg(pgid, sig)
        except ProcessLookupError:
            return True
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            try:
                self.proc.wait(timeout=0.1)  # reap our child so the group can empty
            except subprocess.TimeoutExpired:
                pass
            if not self._group_alive(pgid):
                return True
        return False

    def stop(self) -> None:
        """SIGTERM the process group, then SIGKILL whatever is left after 10 s."""
        if self.proc is None:
            return
        pgid = self.proc.pid  # start_new_session: the child leads its own group
        if not self._signal_and_wait(pgid, signal.SIGTERM, 10.0):
            self._signal_and_wait(pgid, signal.SIGKILL, 5.0)
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass
        if self._log:
            self._log.close()
        self.proc = None


def machine_busy_seconds() -> float | None:
    """CPU-seconds all cores spent busy since boot (Linux /proc/stat), or None."""
    try:
        with open("/proc/stat") as stat:
            values = [int(v) for v in stat.readline().split()[1:]]
    except (OSError, ValueError):
        return None
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    return (sum(values[:8]) - idle) / os.sysconf("SC_CLK_TCK")


def run_setup(cmd: list[str], env: dict, log: Path, timeout: float) -> None:
    with open(log, "ab") as out:
        out.write(f"$ {' '.join(cmd)}\n".encode())
        out.flush()
        result = subprocess.run(cmd, cwd=REPO, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                stderr=subprocess.STDOUT, timeout=timeout,
                                start_new_session=True)
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({result.returncode}):\n{tail(log)}")


def check_make_is_installed() -> None:
    """Refuse to go on if `make run` would first (re)install .venv or write instance/.

    The benchmark must not change anything outside bench/: `make install` is the reader's job.
    """
    result = subprocess.run(
        ["make", "--no-print-directory", "-q", ".venv/bin/.installed", "instance/secret_key"],
        cwd=REPO, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=30)
    if result.returncode != 0:
        why = (result.stderr or result.stdout).strip() or "it is out of date"
        raise RuntimeError(f"`make run` would first rebuild .venv or instance/ ({why}); "
                           "run `make install` first (or pass --direct)")


def sqlite_count(path: Path, query: str) -> int:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(query).fetchone()[0]
    finally:
        connection.close()


# --------------------------------------------------------------------------------------------
# The burst
# --------------------------------------------------------------------------------------------

@dataclass
class BurstResult:
    name: str
    clients: int
    per_client: int
    wall: float = 0.0
    units_ok: int = 0                  # journeys (app) or POSTs (baseline) that completed
    unit_seconds: list[float] = field(default_factory=list)
    samples: list[Sample] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # one per failed journey (or POST)
    flow_errors: int = 0  # failures with no failed request: a re-shown form, a wrong page
    client_cpu: float = 0.0
    server_cpu: float | None = None
    machine_busy: float | None = None  # CPU-s used by everything on the machine

    @property
    def requests(self) -> int:
        return len(self.samples)

    @property
    def http_errors(self) -> int:
        return sum(1 for s in self.samples if not 200 <= s.status < 400)


def client_loop(result: BurstResult, lock, barrier, number: int, server: Server, unit, args,
                stop: threading.Event) -> None:
    """One simulated student: wait for the start, then ``per_client`` units, timing each."""
    client = Client(server.base_url, args.request_timeout, args.accept_encoding)
    rng = random.Random(f"{args.seed}-{result.name}-{number}")
    done, seconds, errors, flow_errors = 0, [], [], 0
    try:
        barrier.wait(timeout=60)
    except threading.BrokenBarrierError:
        return
    for _ in range(result.per_client):
        if stop.is_set():
            break
        started = time.perf_counter()
        try:
            unit(client, rng)
        except JourneyError as error:
            errors.append(str(error))
            flow_errors += not error.http
            continue
        except Exception as error:  # noqa: BLE001 - a bug in a client is an error too
            errors.append(f"{type(error).__name__}: {error}")
            flow_errors += 1
            continue
        seconds.append(time.perf_counter() - started)
        done += 1
    with lock:
        result.units_ok += done
        result.unit_seconds.extend(seconds)
        result.samples.extend(client.samples)
        result.errors.extend(errors)
        result.flow_errors += flow_errors


def run_burst(name: str, server: Server, clients: int, per_client: int, unit, args,
              stop: threading.Event) -> BurstResult:
    """``clients`` threads released together, each doing ``unit(client, rng)`` per_client times."""
    result = BurstResult(name, clients, per_client)
    lock = threading.Lock()
    barrier = threading.Barrier(clients + 1)
    threads = [threading.Thread(target=client_loop, daemon=True, name=f"{name}-{n}",
                                args=(result, lock, barrier, n, server, unit, args, stop))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    cpu_before, server_cpu_before = time.process_time(), server.cpu_seconds()
    busy_before = machine_busy_seconds()
    barrier.wait(timeout=60)
    started = time.perf_counter()
    for thread in threads:
        while thread.is_alive():
            thread.join(timeout=0.5)
    result.wall = time.perf_counter() - started
    result.client_cpu = time.process_time() - cpu_before
    server_cpu_after = server.cpu_seconds()
    busy_after = machine_busy_seconds()
    if busy_before is not None and busy_after is not None:
        result.machine_busy = busy_after - busy_before
    if server_cpu_before is not None and server_cpu_after is not None:
        result.server_cpu = server_cpu_after - server_cpu_before
    return result


def warm_up(server: Server, count: int, unit, args, stop) -> None:
    """A few units before measuring, so every worker has imported and compiled its templates."""
    if count <= 0:
        return
    clients = min(count, args.workers)
    per_client = -(-count // clients)
    warm = run_burst("warmup", server, clients, per_client, unit, args, stop)
    if warm.errors:
        raise RuntimeError(f"warm-up against {server.name} failed: {warm.errors[0]}")


# --------------------------------------------------------------------------------------------
# Reporting
# --------------------------------------------------------------------------------------------

def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def ms(value: float) -> str:
    return f"{value * 1000:7.1f} ms"


def describe(result: BurstResult, unit_name: str) -> dict:
    latencies = [s.seconds for s in result.samples]
    info = {
        "wall_s": result.wall,
        f"{unit_name}_ok": result.units_ok,
        f"{unit_name}_per_s": result.units_ok / result.wall if result.wall else 0.0,
        "requests": result.requests,
        "requests_per_s": result.requests / result.wall if result.wall else 0.0,
        "request_p50_ms": pct(latencies, 50) * 1000,
        "request_p95_ms": pct(latencies, 95) * 1000,
        "request_max_ms": max(latencies, default=float("nan")) * 1000,
        f"{unit_name}_p50_ms": pct(result.unit_seconds, 50) * 1000,
        f"{unit_name}_p95_ms": pct(result.unit_seconds, 95) * 1000,
        "http_errors": result.http_errors,
        "flow_errors": result.flow_errors,
        "errors": result.http_errors + result.flow_errors,
        "failed": len(result.errors),
        "client_cpu_s": result.client_cpu,
        "server_cpu_s": result.server_cpu,
    }
    print(f"  wall time              {result.wall:8.2f} s")
    print(f"  {unit_name + ' completed':22s} {result.units_ok:8d} of "
          f"{result.clients * result.per_client}")
    print(f"  {unit_name + '/s':22s} {info[unit_name + '_per_s']:8.1f}")
    print(f"  requests               {result.requests:8d}   "
          f"({info['requests_per_s']:.1f} requests/s)")
    print(f"  request latency        p50 {ms(pct(latencies, 50))}   p95 {ms(pct(latencies, 95))}"
          f"   max {ms(max(latencies, default=float('nan')))}")
    if unit_name == "submissions":
        print(f"  submission latency     p50 {ms(pct(result.unit_seconds, 50))}   "
              f"p95 {ms(pct(result.unit_seconds, 95))}   (whole multi-page journey)")
    print(f"  errors                 {info['errors']:8d}   ({result.http_errors} non-2xx/3xx "
          f"responses or exceptions, {result.flow_errors} wrong steps; "
          f"{len(result.errors)} {unit_name} failed)")
    for message in sorted(set(result.errors))[:5]:
        print(f"    e.g. {message[:160]}")
    server_cpu = (f"{result.server_cpu:.1f} CPU-s" if result.server_cpu is not None
                  else "unknown")
    print(f"  CPU during the burst   load generator {result.client_cpu:.1f} CPU-s, "
          f"server {server_cpu}, over {result.wall:.1f} s wall on {os.cpu_count()} cores")
    if result.requests and result.server_cpu is not None:
        info["server_cpu_ms_per_request"] = result.server_cpu / result.requests * 1000
        print(f"  server CPU per request {info['server_cpu_ms_per_request']:8.1f} ms")
    if result.machine_busy is not None and result.server_cpu is not None and result.wall:
        others = max(0.0, result.machine_busy - result.server_cpu - result.client_cpu)
        share = others / (result.wall * (os.cpu_count() or 1))
        info["other_processes_cpu_s"] = others
        print(f"  other processes        {others:8.1f} CPU-s ({share:.0%} of the machine)"
              + ("   WARNING: something else was busy; figures are pessimistic"
                 if share > 0.10 else ""))
    return info


def breakdown(result: BurstResult) -> dict:
    """Per kind of request: count, p50, p95, max, in journey order."""
    order = {}
    by_label: dict[str, list[float]] = {}
    for sample in result.samples:
        by_label.setdefault(sample.label, []).append(sample.seconds)
        order.setdefault(sample.label, len(order))

    def key(label):
        method, _, rest = label.partition(" ")
        kind, _, number = rest.partition(" ")
        rank = {"start": 0, "resume": 1, "page": 2, "check": 3, "done": 4}.get(kind, 5)
        return (rank, int(number) if number.isdigit() else 0, method != "GET")

    table = {}
    print("  per request kind          count      p50         p95         max")
    for label in sorted(by_label, key=key):
        values = by_label[label]
        table[label] = {"count": len(values), "p50_ms": pct(values, 50) * 1000,
                        "p95_ms": pct(values, 95) * 1000, "max_ms": max(values) * 1000}
        print(f"    {label:22s} {len(values):6d}   {ms(pct(values, 50))}  {ms(pct(values, 95))}"
              f"  {ms(max(values))}")
    return table


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def git_state() -> str:
    """The commit benchmarked, and whether the working tree had uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, timeout=10,
                              capture_output=True, text=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=REPO, timeout=10, capture_output=True, text=True).stdout
    except (OSError, subprocess.SubprocessError):
        return "unknown commit"
    return f"commit {head or '?'}" + (" with uncommitted changes" if dirty.strip() else "")


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=25, help="parallel clients (default 25)")
    parser.add_argument("--submissions", type=int, default=20,
                        help="submissions per client (default 20)")
    parser.add_argument("--workers", type=int, default=4,
                        help="gunicorn workers for both servers (default 4)")
    parser.add_argument("--slug", default="demo", help="training session link name (seed-demo's)")
    parser.add_argument("--warmup", type=int, default=8,
                        help="unmeasured journeys (app) and POSTs (baseline) first (default 8)")
    parser.add_argument("--timeout", type=float, default=600,
                        help="overall time limit in seconds (default 600)")
    parser.add_argument("--request-timeout", type=float, default=30,
                        help="per-request timeout in seconds (default 30)")
    parser.add_argument("--accept-encoding", default="gzip",
                        help="Accept-Encoding sent, like a phone's browser; '' for none "
                             "(default gzip)")
    parser.add_argument("--seed", default="1", help="random seed for the answers")
    parser.add_argument("--direct", action="store_true",
                        help="run make run's commands (flask db upgrade, load-questionnaires, "
                             "setup-link, gunicorn with the same flags) without make, for when "
                             "make would first reinstall .venv")
    parser.add_argument("--skip-baseline", action="store_true",
                        help="only the app (no ratio)")
    parser.add_argument("--baseline-posts", type=int, default=None,
                        help="POSTs per client to the baseline (default: as many as the app's "
                             f"requests, {REQUESTS_PER_SUBMISSION} x --submissions)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--keep", action="store_true",
                        help="keep the temporary directory (databases, server logs)")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when a target fails")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.submissions < 1 or args.workers < 1:
        parser.error("--clients, --submissions and --workers must be at least 1")
    return args


def post_once(client: Client, rng: random.Random) -> None:
    """The baseline's unit: one POST, one INSERT."""
    status, _, _ = client.request(
        "POST", "/submit", "POST submit",
        raw=urllib.parse.urlencode({"text": rng.choice(COMMENTS)}).encode())
    if status != 201:
        raise JourneyError(f"POST /submit answered {status}")


def bench_baseline(args, tmp: Path, base_env: dict, servers: list, stop) -> dict:
    db_path = tmp / "baseline.sqlite3"
    env = dict(base_env, BASELINE_DATABASE_URL=f"sqlite:///{db_path}")
    log = tmp / "baseline.log"
    run_setup([str(VENV_BIN / "python"), str(BENCH / "baseline_app.py"), "init"], env, log,
              timeout=120)
    port = free_port()
    server = Server("baseline", [
        str(VENV_BIN / "gunicorn"), "--bind", f"{HOST}:{port}", "--workers", str(args.workers),
        "--access-logfile", "-", "baseline_app:app"], env, BENCH, port, log)
    servers.append(server)
    server.start()
    server.wait_healthy(120)
    warm_up(server, args.warmup, post_once, args, stop)
    query = "SELECT count(*) FROM submissions"
    before = sqlite_count(db_path, query)
    posts = args.baseline_posts or REQUESTS_PER_SUBMISSION * args.submissions
    print(f"Baseline: bare Flask + Flask-SQLAlchemy, one INSERT per POST "
          f"({args.clients} x {posts} POSTs, as many as the app's requests)")
    result = run_burst("baseline", server, args.clients, posts, post_once, args, stop)
    server.stop()
    info = describe(result, "posts")
    info["posts"] = args.clients * posts
    info["stored"] = sqlite_count(db_path, query) - before
    print(f"  rows stored            {info['stored']:8d}\n")
    return info


def bench_app(args, tmp: Path, base_env: dict, servers: list, stop) -> dict:
    db_path = tmp / "app.sqlite3"
    port = free_port()
    env = dict(base_env, DATABASE_URL=f"sqlite:///{db_path}", SESSION_COOKIE_SECURE="false",
               WEB_CONCURRENCY=str(args.workers), PORT=str(port))
    log = tmp / "app.log"
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    run_setup(flask + ["db", "upgrade"], env, log, timeout=300)
    run_setup(flask + ["seed-demo"], env, log, timeout=300)
    if args.direct:
        # What `make run` runs after its install step, with the same gunicorn flags.
        run_setup(flask + ["load-questionnaires"], env, log, timeout=300)
        run_setup(flask + ["setup-link", "--base-url", f"http://{HOST}:{port}"], env, log,
                  timeout=120)
        cmd = [str(VENV_BIN / "gunicorn"), "--bind", f"{HOST}:{port}", "--workers",
               str(args.workers), "--access-logfile", "-", "wsgi:app"]
        server = Server("gunicorn as make run serves it", cmd, env, REPO, port, log)
    else:
        server = Server("make run", ["make", "--no-print-directory", "run"], env, REPO, port, log)
    servers.append(server)
    server.start()
    server.wait_healthy(300)

    def one_submission(client, rng):
        journey(client, args.slug, rng)

    warm_up(server, args.warmup, one_submission, args, stop)
    query = "SELECT count(*) FROM responses WHERE status='submitted'"
    before = sqlite_count(db_path, query)
    print(f"App: /training/{args.slug} through {server.name} ({args.clients} x "
          f"{args.submissions} submissions; each a GET and a POST of every page, check, done)")
    result = run_burst("app", server, args.clients, args.submissions, one_submission, args, stop)
    server.stop()
    info = describe(result, "submissions")
    info["stored"] = sqlite_count(db_path, query) - before
    print(f"  submissions stored     {info['stored']:8d}   (submitted rows added in the database)")
    info["per_request_kind"] = breakdown(result)
    return info


def judge(args, report: dict) -> bool:
    """Print the summary and the targets; return True when every target passes."""
    app, baseline = report["app"], report.get("baseline")
    total = args.clients * args.submissions
    ratio = cpu_ratio = None
    if baseline and baseline["requests_per_s"]:
        ratio = app["requests_per_s"] / baseline["requests_per_s"]
    if baseline and baseline.get("server_cpu_ms_per_request") and \
            app.get("server_cpu_ms_per_request"):
        cpu_ratio = baseline["server_cpu_ms_per_request"] / app["server_cpu_ms_per_request"]
    report["ratio"], report["cpu_ratio"] = ratio, cpu_ratio
    targets = [
        (f"{total}/{total} stored", f"{app['stored']}/{total}", app["stored"] == total),
        ("0 errors", f"{app['errors']}", app["errors"] == 0),
        (f"p95 request latency < {TARGET_P95_MS:.0f} ms", f"{app['request_p95_ms']:.1f} ms",
         app["request_p95_ms"] < TARGET_P95_MS),
    ]
    if ratio is not None:
        targets.append((f"ratio >= {TARGET_RATIO}", f"{ratio:.2f}", ratio >= TARGET_RATIO))
    print("\nSummary")
    print(f"  app:      {app['submissions_per_s']:.1f} submissions/s, "
          f"{app['requests_per_s']:.1f} requests/s "
          f"({app['requests'] / max(1, app['submissions_ok']):.0f} requests per submission)")
    if baseline:
        print(f"  baseline: {baseline['requests_per_s']:.1f} requests/s")
        print(f"  ratio (app requests/s / baseline requests/s): {ratio:.2f}")
    if cpu_ratio is not None:
        print(f"  server CPU per request: app {app['server_cpu_ms_per_request']:.1f} ms, "
              f"baseline {baseline['server_cpu_ms_per_request']:.1f} ms; CPU-bound ratio "
              f"{cpu_ratio:.2f} (what the ratio tends to when both are CPU-bound)")
    print("\nTargets")
    for name, value, ok in targets:
        print(f"  {'PASS' if ok else 'FAIL'}  {name:32s} {value}")
    report["targets"] = {name: {"value": value, "pass": ok} for name, value, ok in targets}
    return all(ok for _, _, ok in targets)


def main(argv=None) -> int:
    args = parse_args(argv)
    if not (VENV_BIN / "gunicorn").exists() or not (VENV_BIN / "flask").exists():
        print("No .venv with gunicorn: run `make install` first.", file=sys.stderr)
        return 2

    def on_alarm(_signum, _frame):
        raise BenchTimeout(f"overall time limit of {args.timeout:.0f}s reached")

    def on_term(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGALRM, on_alarm)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # even if started with it ignored
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGHUP, on_term)
    signal.alarm(max(1, int(args.timeout)))

    tmp = Path(tempfile.mkdtemp(prefix="flse-bench-"))
    stop = threading.Event()
    servers: list[Server] = []
    report: dict = {"clients": args.clients, "submissions_per_client": args.submissions,
                    "workers": args.workers, "cpu_count": os.cpu_count(),
                    "python": platform.python_version(), "accept_encoding": args.accept_encoding,
                    "git": git_state(), "direct": args.direct}
    print(f"App at {report['git']}; load average before: {os.getloadavg()[0]:.2f}")
    print(f"Lecture-hall burst: {args.clients} clients x {args.submissions} submissions = "
          f"{args.clients * args.submissions}, gunicorn with {args.workers} workers, on "
          f"{os.cpu_count()} CPU cores.")
    print("The load generator runs on the same machine and competes with the server for CPU, "
          "so these figures are a lower bound for a dedicated server.\n")
    try:
        if not args.direct:
            check_make_is_installed()
        base_env = {k: v for k, v in os.environ.items()
                    if k not in ("FLSE_CONFIG", "DATABASE_URL", "PORT", "WEB_CONCURRENCY")}
        if not args.skip_baseline:
            report["baseline"] = bench_baseline(args, tmp, base_env, servers, stop)
        report["app"] = bench_app(args, tmp, base_env, servers, stop)
        passed = judge(args, report)
        if args.json:
            args.json.write_text(json.dumps(report, indent=2) + "\n")
        return 1 if (args.strict and not passed) else 0
    except KeyboardInterrupt:
        print("\nInterrupted: stopping the servers.", file=sys.stderr)
        return 130
    except (BenchTimeout, RuntimeError, subprocess.TimeoutExpired) as error:
        print(f"\nBenchmark aborted: {error}", file=sys.stderr)
        return 2
    finally:
        signal.alarm(0)
        stop.set()
        for server in servers:
            server.stop()
        if args.keep:
            print(f"Kept {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
