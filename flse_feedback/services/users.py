"""Accounts: creating them, checking passwords, and the one-time link for the first admin."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta
from functools import lru_cache

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import AuditEvent, Response, Role, SetupToken, User
from ..models.base import utcnow
from . import audit, summary_counts
from .exports import iso_utc

MIN_PASSWORD_LENGTH = 8
SETUP_TOKEN_LIFETIME = timedelta(hours=24)


class UserError(ValueError):
    """A user change that cannot be made; ``field`` names the form field at fault."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_by_email(email: str) -> User | None:
    email = normalise_email(email)
    if not email or "\x00" in email:
        return None
    return db.session.scalar(sa.select(User).where(User.email == email))


def check_new_password(password: str) -> None:
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise UserError("password", f"Use at least {MIN_PASSWORD_LENGTH} characters.")


def create_user(email: str, role: str, password: str, name: str = "") -> User:
    """Create and commit an account.

    :raises UserError: for a taken email, an unknown role or a short password
    """
    email = normalise_email(email)
    if "@" not in email:
        raise UserError("email", "Enter an email address like name@example.com.")
    if role not in {r.value for r in Role}:
        raise UserError("role", f"Role must be one of: {', '.join(r.value for r in Role)}.")
    check_new_password(password)
    if find_by_email(email) is not None:
        raise UserError("email", "An account with this email already exists.")
    user = User(email=email, role=role, name=name.strip())
    set_password(user, password)
    db.session.add(user)
    db.session.commit()
    return user


def set_password(user: User, password: str) -> None:
    """Hash with the configured method (werkzeug's current default in production)."""
    user.set_password(password, current_app.config.get("PASSWORD_HASH_METHOD"))


@lru_cache(maxsize=4)
def _dummy_hash(method: str | None) -> str:
    """Checked when an email is unknown, so a wrong email costs as long as a wrong password."""
    user = User()
    user.set_password("not-a-real-password", method)
    return user.password_hash


def authenticate(email: str, password: str) -> User | None:
    """The active account matching email and password, or None (same work either way)."""
    user = find_by_email(email)
    if user is None:
        User(password_hash=_dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD"))
             ).check_password(password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = utcnow()
    db.session.commit()


def change_password(user: User, current: str, new: str) -> None:
    """:raises UserError: when the current password is wrong or the new one too short"""
    if not user.check_password(current or ""):
        raise UserError("current_password", "That is not your current password.")
    check_new_password(new)
    set_password(user, new)
    db.session.commit()


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(User)
        .where(User.role == Role.ADMIN.value, User.active.is_(True), User.id != user.id))


def update_user(user: User, *, role: str, active: bool, name: str, actor=None) -> None:
    """Change role, name and whether the account can log in; role changes are audited.

    :raises UserError: when the change would leave nobody able to manage accounts
    """
    if user.role == Role.ADMIN.value and (role != Role.ADMIN.value or not active):
        if not _other_active_admins(user):
            raise UserError("role", "This is the only admin account. Make another admin first.")
    if (user.role, user.active) != (role, active):
        audit.record("role_change", actor, target=user.email, commit=False,
                     before={"role": user.role, "active": user.active},
                     after={"role": role, "active": active})
    user.role, user.active, user.name = role, active, name.strip()
    db.session.commit()


def personal_data(user: User) -> dict:
    """Everything stored about one person, for a subject access request (UK GDPR art. 15)."""
    from .export_rows import exported_responses
    from .exports import response_record

    owned = exported_responses([Response.respondent_id == user.id])
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.actor_id == user.id)
                                .order_by(AuditEvent.at))
    return {
        "account": {"email": user.email, "name": user.name, "role": user.role,
                    "active": user.active, "created_at": iso_utc(user.created_at),
                    "last_login_at": iso_utc(user.last_login_at)},
        "responses": [dict(response_record(r), status=r.status) for r in owned],
        "activity": [{"at": iso_utc(e.at), "action": e.action, "target": e.target}
                     for e in events],
    }


def delete_user_and_data(user: User, actor=None) -> dict[str, int]:
    """Delete an account and every response it made (drafts too); the audit log keeps a line
    saying it happened, with no answers in it.

    :raises UserError: when it is the last active admin
    """
    if user.role == Role.ADMIN.value and not _other_active_admins(user):
        raise UserError("role", "This is the only admin account. Make another admin first.")
    owned = list(db.session.scalars(sa.select(Response).where(Response.respondent_id == user.id)))
    with summary_counts.removing_responses(Response.respondent_id == user.id):
        for response in owned:
            db.session.delete(response)
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.actor_id == user.id)
                       .values(actor_id=None, actor_email=f"deleted account #{user.id}"))
    audit.record("delete_person", actor, target=f"account #{user.id}", commit=False,
                 responses_deleted=len(owned))
    db.session.delete(user)
    db.session.commit()
    return {"responses": len(owned)}


def all_users() -> list[User]:
    return list(db.session.scalars(sa.select(User).order_by(User.email)))


def admin_exists() -> bool:
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(User).where(User.role == Role.ADMIN.value)) > 0


def _hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def issue_setup_token() -> str | None:
    """A new single-use token for creating the first admin, or None when an admin exists."""
    if admin_exists():
        return None
    raw = secrets.token_urlsafe(32)
    db.session.add(SetupToken(token_hash=_hash_token(raw),
                              expires_at=utcnow() + SETUP_TOKEN_LIFETIME))
    db.session.commit()
    return raw


def valid_setup_token(raw: str) -> SetupToken | None:
    """The unused, unexpired token matching ``raw``, while no admin exists."""
    token = db.session.scalar(
        sa.select(SetupToken).where(SetupToken.token_hash == _hash_token(raw or "")))
    if token is None or token.used_at is not None or admin_exists():
        return None
    expires = token.expires_at
    if expires.tzinfo is None:  # SQLite hands back naive datetimes
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    return token if expires > utcnow() else None


def create_first_admin(raw: str, email: str, password: str, name: str = "") -> User:
    """Use a setup token to create the first admin; the token then stops working.

    :raises UserError: when the token is not valid any more, or the details are unusable
    """
    token = valid_setup_token(raw)
    if token is None:
        raise UserError("token", "This setup link has expired or was already used.")
    token.used_at = utcnow()
    return create_user(email, Role.ADMIN.value, password, name)
