"""Keeping data no longer than needed (`flask purge`) and backing it up (`flask backup`)."""
from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import sqlalchemy as sa

from ..extensions import db
from ..models import FollowUpContact, LoginFailure, PendingAnswers, Response, Status
from ..models.base import utcnow
from . import audit, summary_counts


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time ``months`` calendar months earlier (clamped to the month's end)."""
    year, month = divmod(moment.year * 12 + (moment.month - 1) - months, 12)
    month += 1
    next_month = datetime(year + (month == 12), month % 12 + 1, 1)
    last_day = (next_month - timedelta(days=1)).day
    return moment.replace(year=year, month=month, day=min(moment.day, last_day))


def purge(months: int, now: datetime | None = None) -> dict[str, int]:
    """Delete drafts and responses older than ``months``, with what hangs off them.

    Answers and machine tags go with their response (ON DELETE CASCADE).

    :return: how many of each were deleted
    """
    cutoff = months_before(now or utcnow(), months)
    too_old = (Response.status == Status.SUBMITTED.value, Response.submitted_at < cutoff)
    with summary_counts.removing_responses(*too_old):
        responses = _delete(sa.delete(Response).where(*too_old))
    counts = {
        "drafts": _delete(sa.delete(Response).where(
            Response.status == Status.DRAFT.value, Response.updated_at < cutoff)),
        "responses": responses,
        "follow_up_contacts": _delete(sa.delete(FollowUpContact).where(
            FollowUpContact.created_at < cutoff.date())),
        "held_answers": _delete(sa.delete(PendingAnswers).where(
            PendingAnswers.created_at < (now or utcnow()) - timedelta(days=1))),
        "login_failures": _delete(sa.delete(LoginFailure).where(
            LoginFailure.at < (now or utcnow()) - timedelta(days=1))),
    }
    audit.record("purge", None, target=f"older than {months} months", commit=False, **counts)
    db.session.commit()
    return counts


def _delete(statement) -> int:
    return db.session.execute(statement.execution_options(synchronize_session=False)).rowcount


class BackupError(RuntimeError):
    """The backup could not be made; the message says what to do instead."""


def backup_sqlite(database_path: str, destination: Path) -> int:
    """Copy a live SQLite database with its online backup API (safe while the app writes).

    :return: the size of the backup in bytes
    """
    destination = Path(destination)
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose a new file name.")
    destination.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(f"file:{database_path}?mode=ro", uri=True)
    target = sqlite3.connect(destination)
    try:
        with target:
            source.backup(target)
    finally:
        target.close()
        source.close()
    return destination.stat().st_size


def sqlite_path(url: sa.engine.URL) -> str:
    """The file behind a SQLite URL; other databases are backed up with their own tools."""
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        raise BackupError("This database is not a SQLite file. For PostgreSQL use pg_dump, for "
                          "example: pg_dump --format=custom --file=backup.dump \"$DATABASE_URL\"")
    return url.database
