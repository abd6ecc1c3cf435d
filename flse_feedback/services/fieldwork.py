"""Sites, scenarios and training sessions: the records the forms are about."""
from __future__ import annotations

import re
import secrets

import sqlalchemy as sa

from ..extensions import db
from ..models import Scenario, Site, TrainingSession

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FieldworkError(ValueError):
    """A record that cannot be saved; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def active_sites() -> list[Site]:
    return list(db.session.scalars(
        sa.select(Site).where(Site.active.is_(True)).order_by(Site.name)))


def all_sites() -> list[Site]:
    return list(db.session.scalars(sa.select(Site).order_by(Site.name)))


def active_scenarios() -> list[Scenario]:
    return list(db.session.scalars(
        sa.select(Scenario).where(Scenario.active.is_(True)).order_by(Scenario.title)))


def all_scenarios() -> list[Scenario]:
    return list(db.session.scalars(sa.select(Scenario).order_by(Scenario.title)))


def all_training_sessions() -> list[TrainingSession]:
    return list(db.session.scalars(
        sa.select(TrainingSession).order_by(TrainingSession.delivered_on.desc(),
                                            TrainingSession.id.desc())))


def training_session_by_slug(slug: str) -> TrainingSession | None:
    if not slug or "\x00" in slug:
        return None
    return db.session.scalar(sa.select(TrainingSession).where(TrainingSession.slug == slug))


def slugify(text: str) -> str:
    """A URL-safe slug from a title: 'Trauma-informed practice' -> 'trauma-informed-practice'."""
    slug = re.sub(r"[^a-z0-9]+", "-", (text or "").lower()).strip("-")[:60].strip("-")
    return slug or secrets.token_hex(4)


def save_record(record, values: dict, unique: dict[str, str] | None = None):
    """Apply ``values`` to a new or existing record and commit.

    :param unique: field name -> message, for columns that must not repeat another record's value
    :raises FieldworkError: when a unique value is taken
    """
    for field, message in (unique or {}).items():
        model = type(record)
        column = getattr(model, field)
        clash = db.session.scalar(
            sa.select(model).where(column == values[field], model.id != (record.id or -1)))
        if clash is not None:
            raise FieldworkError(field, message)
    for key, value in values.items():
        setattr(record, key, value)
    db.session.add(record)
    db.session.commit()
    return record


def save_training_session(session: TrainingSession, values: dict) -> TrainingSession:
    """Save a training session, checking its link (slug) is well formed and not taken."""
    values = dict(values)
    values["slug"] = (values.get("slug") or "").strip().lower() or slugify(values.get("title", ""))
    if not SLUG_PATTERN.match(values["slug"]):
        raise FieldworkError("slug", "Use lower-case letters, numbers and single dashes only.")
    return save_record(session, values,
                       unique={"slug": "Another session already uses this link."})
