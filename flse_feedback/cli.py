"""Command-line tasks (``flask --app wsgi <command>``), each a thin shell over a service."""
from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from .models import Kind, Role
from .questionnaires.definitions import DefinitionError


@click.command("create-user")
@click.option("--email", required=True, help="Login email address.")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--password", required=True, help="At least 8 characters.")
@click.option("--name", default="", help="Name shown in the app (optional).")
def create_user_command(email, role, password, name):
    """Create an account."""
    from .services import users

    try:
        user = users.create_user(email, role, password, name)
    except users.UserError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Created {user.role} account {user.email}")


@click.command("load-questionnaires")
def load_questionnaires_command():
    """Load the built-in questionnaires and the default theme codebook (safe to repeat)."""
    from .services import questionnaires, tagging

    try:
        results = questionnaires.install_builtins()
    except DefinitionError as error:
        raise click.ClickException(f"A built-in questionnaire is broken: {error}") from None
    for version, created in results:
        state = "loaded" if created else "unchanged"
        click.echo(f"{version.questionnaire.key}: version {version.number} {state}")
    click.echo(f"Theme codebook: {tagging.install_default_codebook()} themes added")
    click.echo(f"Safeguarding flags: {tagging.install_default_safeguarding()} categories added")


@click.command("setup-link")
@click.option("--base-url", default="http://127.0.0.1:5000", show_default=True)
def setup_link_command(base_url):
    """Print a one-time link to create the first admin, if there is no admin yet."""
    from .services import users

    token = users.issue_setup_token()
    if token is None:
        click.echo("An admin account exists; no setup link needed.")
        return
    click.echo("No admin account exists yet. Open this link within 24 hours to create one:")
    click.echo(f"  {base_url.rstrip('/')}/auth/setup/{token}")


@click.command("seed-demo")
@click.option("--responses", "synthetic", default=0, type=click.IntRange(min=0),
              help="Also generate this many synthetic responses (for benchmarks).")
def seed_demo_command(synthetic):
    """Add demo sites, scenarios, the /training/demo session and sample responses (idempotent)."""
    from .services import demo

    report = demo.seed_demo()
    click.echo(f"Demo content: {report}")
    if synthetic:
        made = demo.generate_synthetic(synthetic)
        click.echo(f"Generated {made} synthetic responses")


@click.command("export")
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)
@click.option("--kind", type=click.Choice([k.value for k in Kind]), default=None,
              help="Only one kind of questionnaire.")
@click.option("--mask", is_flag=True,
              help="Hide emails, phone numbers, postcodes and each site's listed names.")
def export_command(fmt, kind, mask):
    """Write every submitted response to standard output."""
    from .services import exports

    from .services import audit

    audit.record("export", None, target=f"command line, {fmt}, {kind or 'all kinds'}"
                 + (", masked" if mask else ""))
    chunks = exports.iter_jsonl(kind, mask) if fmt == "jsonl" else exports.iter_csv(kind, mask)
    out = sys.stdout
    for chunk in chunks:
        out.write(chunk)
    out.flush()


@click.command("analyse")
@click.option("--jsonl", "as_jsonl", is_flag=True,
              help='Read JSON objects with "text" (and optional "question") instead of lines.')
@click.option("--csv", "csv_column", metavar="COLUMN", default=None,
              help="Read a CSV (with a header row) and analyse this column of each row.")
@click.option("--question-column", metavar="COLUMN", default=None,
              help="With --csv: the column holding the question each answer was given to.")
@click.option("--question", default=None,
              help='The question every answer was given to (a JSON "question" or '
                   "--question-column wins); it changes how short answers read.")
def analyse_command(as_jsonl, csv_column, question_column, question):
    """Tag text from standard input: one JSON result per input line (or CSV row), in order.

    A line or row that cannot be read gives {"line" or "row": n, "error": ...} and the run
    goes on.
    """
    import io

    from .analysis import batch
    from .services import tagging

    if csv_column is not None and as_jsonl:
        raise click.UsageError("Use either --jsonl or --csv, not both.")
    if question_column and csv_column is None:
        raise click.UsageError("--question-column needs --csv.")
    codebook = tagging.codebook_or_default()
    stream = getattr(sys.stdin, "buffer", None) or io.BytesIO(sys.stdin.read().encode())
    if csv_column is None:
        results = batch.analyse_lines(stream, codebook, jsonl=as_jsonl, question=question)
    else:
        results = batch.analyse_csv(stream, codebook, csv_column,
                                    question_column=question_column, question=question)
    try:
        batch.write_jsonl(results, sys.stdout, report=lambda message: click.echo(message, err=True))
    except batch.ColumnError as error:
        raise click.UsageError(str(error)) from None


@click.command("purge")
@click.option("--months", type=click.IntRange(min=1), default=None,
              help="Delete what is older than this (default: RETENTION_MONTHS).")
def purge_command(months):
    """Delete drafts and responses past the retention period, and say how many."""
    from .services import retention

    months = months or current_app.config["RETENTION_MONTHS"]
    counts = retention.purge(months)
    click.echo(f"Deleted, older than {months} months: "
               + ", ".join(f"{count} {name.replace('_', ' ')}" for name, count in counts.items()))


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path):
    """Copy the SQLite database to PATH while the app keeps running."""
    from .extensions import db
    from .services import retention

    try:
        size = retention.backup_sqlite(retention.sqlite_path(db.engine.url), path)
    except retention.BackupError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Backed up to {path} ({size:,} bytes). To restore: stop the app, copy the file "
               "to the database path (or point DATABASE_URL at it), start the app.")


@click.command("retag")
@click.option("--batch-size", type=click.IntRange(min=1), default=500, show_default=True)
def retag_command(batch_size):
    """Re-tag stored free text after a codebook or tagger change (reviewers' decisions stay)."""
    from .services import tagging

    def show(done, total):
        click.echo(f"Re-tagged {done:,} of {total:,} answers")

    done = tagging.retag(batch_size, progress=show)
    click.echo(f"Finished: {done:,} answers re-tagged")


@click.command("recount")
def recount_command():
    """Rebuild the summary page's running counts from the responses (they are kept up to date
    as responses arrive; this is for a check, or after editing the database by hand)."""
    from .extensions import db
    from .services import summary_counts

    summary_counts.rebuild()
    db.session.commit()
    click.echo("Summary counts rebuilt from the stored responses.")


@click.command("report")
@click.argument("site")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The HTML file to write.")
@click.option("--from", "since", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only responses sent on or after this day (YYYY-MM-DD).")
@click.option("--to", "until", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Only responses sent on or before this day (YYYY-MM-DD).")
def report_command(site, out, since, until):
    """Write a site's report (SITE is its id or name) as a self-contained HTML file."""
    from .reports.standalone import site_report_html
    from .services import reports

    found = reports.find_site(site)
    if found is None:
        raise click.ClickException(f"No site has the id or name {site!r}.")
    period = reports.Period(since.date() if since else None, until.date() if until else None)
    if period.since and period.until and period.since > period.until:
        raise click.ClickException("--from must be on or before --to.")
    html, visits = site_report_html(found, period)
    try:
        out.write_text(html, encoding="utf-8")
    except OSError as error:
        raise click.ClickException(f"Could not write {out}: {error.strerror}") from None
    click.echo(f"Wrote the report for {found.label} ({visits} visits {period.words()}) to {out}")


@click.command("export-questionnaire")
@click.argument("key")
@click.option("--version", "number", type=int, help="Version number (default: the newest).")
def export_questionnaire_command(key, number):
    """Print a questionnaire version as a JSON definition (the builder's download format)."""
    import json

    from .services import builder, questionnaires

    found = questionnaires.questionnaire_by_key(key)
    if found is None:
        raise click.ClickException(f"No questionnaire has the key {key!r}.")
    versions = [v for v in found.versions if number is None or v.number == number]
    if not versions:
        raise click.ClickException(f"{key} has no version {number}.")
    click.echo(json.dumps(builder.export_definition(versions[-1]), ensure_ascii=False, indent=2))


@click.command("import-questionnaire")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--kind", type=click.Choice([k.value for k in Kind]),
              help="Needed for an XLSForm (.xlsx); a JSON definition names its own kind.")
@click.option("--publish", is_flag=True, help="Publish it at once instead of leaving a draft.")
def import_questionnaire_command(path, kind, publish):
    """Import a JSON definition or an XLSForm as a new questionnaire (a draft to check)."""
    from .questionnaires.importing import parse_definition
    from .questionnaires.xlsform import XLSFormError, convert
    from .services import builder

    skipped, conversion = [], None
    try:
        if path.suffix.lower() == ".xlsx":
            if not kind:
                raise click.UsageError("Say which kind of questionnaire it is with --kind.")
            conversion = convert(path.read_bytes(), kind, path.stem.replace("_", " "))
            definition, skipped = conversion.definition, conversion.skipped
        else:
            definition = parse_definition(path.read_text("utf-8-sig"))
        made = builder.import_definition(definition, source=path.suffix.lstrip(".") or "json")
        if publish:
            builder.publish(made.versions[-1])
    except (DefinitionError, XLSFormError) as error:
        problems = getattr(error, "problems", [str(error)])
        if conversion is not None and isinstance(error, DefinitionError):
            problems = conversion.explain(error.faults)  # point at the spreadsheet's rows
        raise click.ClickException("Not imported:\n  " + "\n  ".join(problems)) from None
    for item in skipped:
        click.echo(f"Skipped: {item}")
    state = "published as version 1" if publish else "a draft, to check and publish"
    click.echo(f"Imported {made.key} ({made.title}): {state}")


COMMANDS = [create_user_command, load_questionnaires_command, setup_link_command,
            seed_demo_command, export_command, analyse_command, purge_command, backup_command,
            retag_command, recount_command, report_command, export_questionnaire_command,
            import_questionnaire_command]
