"""Editing the theme codebook: coproduction workers add, change and retire themes."""
from __future__ import annotations

import re

import sqlalchemy as sa

from ..extensions import db
from ..models import Theme
from . import audit

THEME_ID = re.compile(r"^[a-z][a-z0-9_]{1,63}$")


class CodebookError(ValueError):
    """A theme that cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def all_themes() -> list[Theme]:
    """Every theme, active first, in codebook order."""
    return list(db.session.scalars(
        sa.select(Theme).order_by(Theme.active.desc(), Theme.position, Theme.id)))


def keyword_list(text: str) -> list[str]:
    """Keywords from a text box: one per line (commas also separate), trimmed, no repeats."""
    seen: dict[str, None] = {}
    for piece in re.split(r"[\n,]", text or ""):
        keyword = " ".join(piece.split()).lower()
        if keyword:
            seen.setdefault(keyword)
    return list(seen)


def save_theme(theme: Theme | None, *, theme_id: str, name: str, definition: str,
               keywords: list[str], active: bool, editor) -> Theme:
    """Create a theme (``theme`` None) or change one; the id never changes once made.

    :raises CodebookError: for a malformed or taken id, or a missing name
    """
    if not name.strip():
        raise CodebookError("name", "Enter a name for the theme.")
    if theme is None:
        if not THEME_ID.match(theme_id or ""):
            raise CodebookError("theme_id", "Use lower-case letters, numbers and _ only, "
                                            "starting with a letter, like 'food_and_drink'.")
        if db.session.get(Theme, theme_id) is not None:
            raise CodebookError("theme_id", "A theme with this id already exists.")
        last = db.session.scalar(sa.select(sa.func.max(Theme.position))) or 0
        theme = Theme(id=theme_id, position=last + 1)
        db.session.add(theme)
    theme.name, theme.definition = name.strip(), definition.strip()
    theme.keywords, theme.active = keywords, active
    audit.record("codebook_change", editor, target=theme.id, commit=False,
                 keywords=len(keywords), active=active)
    db.session.commit()
    return theme
