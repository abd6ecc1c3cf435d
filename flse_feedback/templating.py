"""Small helpers available in every template."""
from __future__ import annotations

from flask import Flask

from .models import Kind, Role
from .questionnaires.forms import display_value, error_summary


def register(app: Flask) -> None:
    app.jinja_env.globals.update(Kind=Kind, Role=Role, display_value=display_value,
                                 form_errors=error_summary)
    app.jinja_env.filters["kind_label"] = lambda value: Kind(value).label
    app.jinja_env.filters["role_label"] = lambda value: Role(value).label
    app.jinja_env.filters["when"] = _format_when
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True


def _format_when(value) -> str:
    """A date or time the way people in the UK write it: 26 Nov 2026, 14:05."""
    if value is None:
        return ""
    if hasattr(value, "hour"):
        return value.strftime("%-d %b %Y, %H:%M")
    return value.strftime("%-d %b %Y")
