"""Recording and reading the audit log (logins, exports, deletions, role changes, tags)."""
from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..models import AuditEvent


def record(action: str, actor=None, target: str = "", commit: bool = True, **details) -> None:
    """Add one event. ``actor`` is the account acting (None for the system or a CLI user)."""
    db.session.add(AuditEvent(
        actor_id=getattr(actor, "id", None), actor_email=getattr(actor, "email", "") or "",
        action=action, target=target[:200], details=details))
    if commit:
        db.session.commit()


def recent(limit: int = 200, action: str | None = None) -> list[AuditEvent]:
    query = sa.select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if action:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query.limit(limit)))
