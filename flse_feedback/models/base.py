"""Shared column helpers for the models."""
from datetime import datetime, timezone

import sqlalchemy as sa


def utcnow() -> datetime:
    """Current UTC time; passed as a callable default so every row gets its own timestamp."""
    return datetime.now(timezone.utc)


def created_at_column():
    """A non-null creation timestamp column."""
    return sa.orm.mapped_column(sa.DateTime(timezone=True), default=utcnow, nullable=False)
