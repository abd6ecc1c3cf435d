"""What coproduction workers do: read the inbox, open a response, confirm or correct its tags,
mark it reviewed and keep a private note."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Answer, HumanSentiment, HumanTheme, QuestionnaireVersion, Response, ResponseReview, Status,
    Theme)
from ..models.base import utcnow
from ..questionnaires.field_types import FREE_TEXT_TYPES
from . import audit, effective_tags, summary_counts
from .review_filters import SENTIMENTS, ReviewFilter


class ReviewError(ValueError):
    """A decision that cannot be stored (an unknown theme or sentiment)."""


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
          needs_attention: bool = False, filters: ReviewFilter | None = None) -> InboxPage:
    """Submitted responses newest first, a page at a time (keyset paging stays fast when large).

    :param filters: the inbox filters; ``kind`` and ``needs_attention`` are shortcuts for two
    :param cursor: the ``next_cursor`` of the previous page
    """
    filters = filters or ReviewFilter(kind=kind or "", attention=needs_attention)
    where = filters.conditions()
    total = db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(*where))
    query = (sa.select(Response).where(*where)
             .order_by(Response.submitted_at.desc(), Response.id.desc()).limit(limit + 1)
             .options(selectinload(Response.site), selectinload(Response.training_session),
                      selectinload(Response.review),
                      selectinload(Response.version).selectinload(
                          QuestionnaireVersion.questionnaire)))
    after = _parse_cursor(cursor)
    if after is not None:
        query = query.where(sa.tuple_(Response.submitted_at, Response.id) < after)
    rows = list(db.session.scalars(query))
    next_cursor = _cursor(rows[limit - 1]) if len(rows) > limit else None
    return InboxPage(rows[:limit], total, next_cursor)


def neighbours(response: Response, filters: ReviewFilter) -> tuple[int | None, int | None]:
    """(newer, older) response ids in the same filtered list, for previous / next links."""
    key = sa.tuple_(Response.submitted_at, Response.id)
    here = (response.submitted_at, response.id)
    where = filters.conditions()
    newer = db.session.scalar(sa.select(Response.id).where(*where, key > here).order_by(
        Response.submitted_at.asc(), Response.id.asc()).limit(1))
    older = db.session.scalar(sa.select(Response.id).where(*where, key < here).order_by(
        Response.submitted_at.desc(), Response.id.desc()).limit(1))
    return newer, older


def submitted_response(response_id: int) -> Response | None:
    """One submitted response with its answers, machine tags and decisions loaded."""
    answers = selectinload(Response.answers)
    return db.session.scalar(
        sa.select(Response)
        .where(Response.id == response_id, Response.status == Status.SUBMITTED.value)
        .options(answers.selectinload(Answer.sentiment), answers.selectinload(Answer.themes),
                 answers.selectinload(Answer.flags), answers.selectinload(Answer.human_themes),
                 answers.selectinload(Answer.human_sentiment), selectinload(Response.review)))


def themes_for_choice() -> list[Theme]:
    """Themes a reviewer can add: the active ones, in codebook order."""
    return list(db.session.scalars(
        sa.select(Theme).where(Theme.active.is_(True)).order_by(Theme.position, Theme.id)))


def decide_tags(answer: Answer, theme_ids: set[str], sentiment: str | None, reviewer) -> None:
    """Store a reviewer's themes and sentiment for one answer; they win over the machine's.

    A theme the machine suggested but the reviewer unticked is stored as removed; a theme the
    reviewer ticked is stored as present (confirmed or added).

    :raises ReviewError: for an unknown theme or sentiment
    """
    if answer.question.type not in FREE_TEXT_TYPES or not answer.response.is_submitted:
        raise ReviewError("Only written answers in sent responses have tags to decide.")
    known = {theme.id for theme in themes_for_choice()} | {t.theme_id for t in answer.themes}
    if not theme_ids <= known:
        raise ReviewError("One of those themes does not exist any more. Please try again.")
    if sentiment and sentiment not in SENTIMENTS:
        raise ReviewError("Choose positive, neutral or negative.")
    with summary_counts.recounting_answers([answer.id]):
        _store_decisions(answer, theme_ids, sentiment, reviewer)
        db.session.flush()
        effective_tags.refresh([answer.id])
    audit.record("tag_decision", reviewer, target=f"answer #{answer.id}", commit=False,
                 themes=sorted(theme_ids), sentiment=sentiment or None)
    db.session.commit()


def _store_decisions(answer: Answer, theme_ids: set[str], sentiment: str | None,
                     reviewer) -> None:
    suggested = {t.theme_id for t in answer.themes}
    wanted = {theme_id: True for theme_id in theme_ids}
    wanted.update({theme_id: False for theme_id in suggested - theme_ids})
    existing = {h.theme_id: h for h in answer.human_themes}
    for theme_id, row in existing.items():
        if theme_id not in wanted:
            answer.human_themes.remove(row)
    for theme_id, present in wanted.items():
        row = existing.get(theme_id) or HumanTheme(theme_id=theme_id)
        row.present, row.decided_by, row.decided_at = present, reviewer.id, utcnow()
        if theme_id not in existing:
            answer.human_themes.append(row)
    if sentiment:
        row = answer.human_sentiment or HumanSentiment()
        row.label, row.decided_by, row.decided_at = sentiment, reviewer.id, utcnow()
        answer.human_sentiment = row


def save_review(response: Response, reviewed: bool, note: str, reviewer) -> None:
    """Mark a response reviewed (or not) and keep the reviewers' private note."""
    row = response.review
    if row is None:
        row = ResponseReview(response=response)
        db.session.add(row)  # at once: reading reviewer.id below may flush the session
    row.reviewed, row.note = reviewed, (note or "").strip()
    row.updated_by, row.updated_at = reviewer.id, utcnow()
    db.session.commit()
