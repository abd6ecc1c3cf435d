"""Who did what, and when: the audit log admins read, and login failure counters."""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import created_at_column


class AuditEvent(db.Model):
    """One audited action. The actor's email is copied so the entry still reads after the
    account is deleted; details never hold answers or passwords."""

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = created_at_column()
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_email: Mapped[str] = mapped_column(sa.String(254), default="")
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    target: Mapped[str] = mapped_column(sa.String(200), default="")
    details: Mapped[dict] = mapped_column(sa.JSON, default=dict)


class LoginFailure(db.Model):
    """A failed login, counted per account and per address for rate limiting.

    ``key`` is a keyed hash, so neither the email typed nor the address is stored as such.
    """

    __tablename__ = "login_failures"
    __table_args__ = (sa.Index("ix_login_failures_key_at", "key", "at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    at: Mapped[datetime] = created_at_column()
