"""Small helpers available in every template."""
from __future__ import annotations

import hashlib
from datetime import timezone
from functools import lru_cache
from pathlib import Path

from flask import Flask, current_app, has_request_context, request, url_for

from .models import Kind, Role
from .questionnaires.forms import display_value, error_summary


def register(app: Flask) -> None:
    app.jinja_env.globals.update(Kind=Kind, Role=Role, display_value=display_value,
                                 form_errors=error_summary, static_url=static_url)
    app.jinja_env.filters["kind_label"] = lambda value: Kind(value).label
    app.jinja_env.filters["role_label"] = lambda value: Role(value).label
    app.jinja_env.filters["when"] = _format_when
    app.jinja_env.filters["epoch_ms"] = _epoch_ms
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _format_when(value) -> str:
    """A date or time the way people in the UK write it: 26 Nov 2026, 14:05."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%-d %b %Y, %H:%M")
    return value.strftime("%-d %b %Y")


def static_url(filename: str) -> str:
    """The URL of a static file with a fingerprint of its content, so it can be cached for long.

    Every page links three static files. Served for real, the files change only with a deploy,
    which restarts the server, so each URL is worked out once per process and application root
    (a file replaced on disk without a restart keeps its old fingerprint until then); while
    templates reload (debug), or outside a request, it is worked out on every call instead.
    """
    if current_app.jinja_env.auto_reload or not has_request_context():
        return _fingerprinted_url(current_app.static_folder, filename)
    return _static_url_once(current_app.static_folder, request.script_root, filename)


def _fingerprinted_url(folder: str, filename: str) -> str:
    path = Path(folder) / filename
    return url_for("static", filename=filename, v=_fingerprint(str(path), path.stat().st_mtime))


@lru_cache(maxsize=64)
def _fingerprint(path: str, mtime: float) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:12]


@lru_cache(maxsize=64)
def _static_url_once(folder: str, root: str, filename: str) -> str:
    """:func:`_fingerprinted_url`, kept per static folder and application root (``root`` is
    part of the key: the URL starts with it)."""
    return _fingerprinted_url(folder, filename)


def _epoch_ms(moment) -> int:
    """Milliseconds since 1970 in UTC (naive datetimes from SQLite are UTC), for scripts."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return int(moment.timestamp() * 1000)
