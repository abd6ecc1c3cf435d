"""Helpers for walking the forms through the test client the way a person would."""
from __future__ import annotations

import re
from contextlib import contextmanager
from html import unescape

from flask import g, request_started, request_tearing_down

from flse_feedback.models import Response
from flse_feedback.services import questionnaires


def page_text(http_response) -> str:
    """The visible text of an HTML page, tags removed, whitespace collapsed."""
    html = http_response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def field_value(http_response, name: str) -> str | None:
    """The value attribute of the input called ``name`` (or a textarea's text)."""
    html = http_response.get_data(as_text=True)
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', html)
    if match:
        return unescape(match.group(1))
    match = re.search(rf'<textarea[^>]*name="{name}"[^>]*>(.*?)</textarea>', html, flags=re.S)
    return unescape(match.group(1)).lstrip("\r\n") if match else None


def checked_values(http_response, name: str) -> list[str]:
    """Values of the checked radios or checkboxes called ``name``."""
    html = http_response.get_data(as_text=True)
    inputs = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
    return [re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs if " checked" in tag]


def question_ids(kind: str) -> dict[str, int]:
    """Question key -> id in the published version of the built-in ``kind``."""
    return {q.key: q.id for q in questionnaires.published_version(kind).questions()}


def field(kind: str, key: str) -> str:
    return f"q_{question_ids(kind)[key]}"


def token_from(location: str) -> str:
    return re.search(r"/r/([^/]+)/", location).group(1)


def response_by_token(token: str) -> Response:
    from flse_feedback.extensions import db
    import sqlalchemy as sa

    db.session.expire_all()
    return db.session.scalar(sa.select(Response).where(Response.token == token))


def walk_to_check(client, prefix: str, token: str, sections: int, answers: dict | None = None):
    """Press Continue on every page from 1, posting ``answers`` (field name -> value) where they
    belong; returns the last response (the redirect to the check page)."""
    last = None
    for page in range(1, sections + 1):
        page_html = client.get(f"{prefix}/r/{token}/{page}").get_data(as_text=True)
        data = {name: value for name, value in (answers or {}).items()
                if f'name="{name}"' in page_html}
        data["action"] = "next"
        last = client.post(f"{prefix}/r/{token}/{page}", data=data)
        assert last.status_code == 302, f"page {page} did not accept: {page_text(last)[:500]}"
    return last


@contextmanager
def requests_isolated(app):
    """Make each test-client request behave like its own, as it does in production.

    The fixtures keep one app context open for the whole test so test code can use the
    database; Flask then reuses it for every request, sharing ``g`` (where Flask-Login caches
    the user) and the database session between requests and between test clients. Forgetting
    the cached user as each request starts, and ending its transaction as it finishes, means a
    browser is known only by its own cookie and a failed request leaves nothing behind.
    """
    from flse_feedback.extensions import db

    def forget_cached_user(sender, **extra):
        g.pop("_login_user", None)

    def end_transaction(sender, **extra):
        db.session.rollback()

    request_started.connect(forget_cached_user, app)
    request_tearing_down.connect(end_transaction, app)
    try:
        yield app
    finally:
        request_started.disconnect(forget_cached_user, app)
        request_tearing_down.disconnect(end_transaction, app)
