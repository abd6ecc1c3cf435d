"""What coproduction workers read: the inbox of submitted responses and one response in full."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Answer, Response, Status


@dataclass(frozen=True)
class InboxPage:
    responses: list[Response]
    total: int
    next_cursor: str | None


def _cursor(response: Response) -> str:
    return f"{response.submitted_at.isoformat()}_{response.id}"


def _parse_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    """A cursor is '<submitted_at ISO>_<id>'; anything else means 'start from the newest'."""
    try:
        stamp, _, ident = (cursor or "").rpartition("_")
        return datetime.fromisoformat(stamp), int(ident)
    except ValueError:
        return None


def inbox(kind: str | None = None, cursor: str | None = None, limit: int = 50,
          needs_attention: bool = False) -> InboxPage:
    """Submitted responses newest first, a page at a time (keyset paging stays fast when large).

    :param kind: only this questionnaire kind, or all
    :param cursor: the ``next_cursor`` of the previous page
    """
    where = [Response.status == Status.SUBMITTED.value]
    if kind:
        where.append(Response.kind == kind)
    if needs_attention:
        where.append(Response.needs_attention.is_(True))
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(*where))
    query = (sa.select(Response).where(*where)
             .order_by(Response.submitted_at.desc(), Response.id.desc()).limit(limit + 1)
             .options(selectinload(Response.site), selectinload(Response.training_session)))
    after = _parse_cursor(cursor)
    if after is not None:
        query = query.where(sa.tuple_(Response.submitted_at, Response.id) < after)
    rows = list(db.session.scalars(query))
    next_cursor = _cursor(rows[limit - 1]) if len(rows) > limit else None
    return InboxPage(rows[:limit], total, next_cursor)


def submitted_response(response_id: int) -> Response | None:
    """One submitted response with its answers and machine tags loaded."""
    return db.session.scalar(
        sa.select(Response)
        .where(Response.id == response_id, Response.status == Status.SUBMITTED.value)
        .options(selectinload(Response.answers).selectinload(Answer.sentiment),
                 selectinload(Response.answers).selectinload(Answer.themes),
                 selectinload(Response.answers).selectinload(Answer.flags)))
