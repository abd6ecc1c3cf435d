"""Reports as self-contained HTML files: the page a browser prints, with its stylesheets
embedded, no links back into the app and nothing fetched from anywhere."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, render_template

from ..models import Site
from ..services import reports

STYLESHEETS = ("app.css", "reports.css")


def embedded_css() -> str:
    """The report pages' stylesheets, to put in a <style> element of a file."""
    static = Path(current_app.static_folder)
    return "\n".join((static / name).read_text(encoding="utf-8") for name in STYLESHEETS)


def site_report_html(site: Site, period: reports.Period) -> tuple[str, int]:
    """The site report as one HTML document, and how many visits it covers."""
    report = reports.site_report(site, period)
    with current_app.test_request_context("/"):
        html = render_template("reports/site.html", site=site, form=None, report=report,
                               standalone=True, embedded_css=embedded_css())
    return html, report.total
