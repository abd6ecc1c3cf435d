"""Accounts, roles and the one-time link that creates the first admin."""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import created_at_column


class Role(StrEnum):
    """What a person may do. Each role includes everything the roles before it may do."""

    VOLUNTEER = "volunteer"
    REVIEWER = "reviewer"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return list(Role).index(self)

    @property
    def label(self) -> str:
        return {"volunteer": "Volunteer", "reviewer": "Coproduction worker",
                "admin": "Admin"}[self.value]


class User(UserMixin, db.Model):
    """A volunteer, coproduction worker (reviewer) or admin. Students never have accounts."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120), default="")
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    role: Mapped[str] = mapped_column(sa.String(20), default=Role.VOLUNTEER.value)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()
    last_login_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    @property
    def is_active(self) -> bool:  # Flask-Login refuses to log in inactive accounts
        return self.active

    def set_password(self, password: str, method: str | None = None) -> None:
        """Hash with werkzeug's current default method (scrypt) unless told otherwise."""
        self.password_hash = (generate_password_hash(password, method=method) if method
                              else generate_password_hash(password))

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    def has_role(self, role: Role | str) -> bool:
        """True when this account's role is ``role`` or a more powerful one."""
        return Role(self.role).rank >= Role(role).rank

    @property
    def display_name(self) -> str:
        return self.name or self.email


class SetupToken(db.Model):
    """A single-use secret for creating the first admin; only its hash is stored."""

    __tablename__ = "setup_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = created_at_column()
    expires_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
