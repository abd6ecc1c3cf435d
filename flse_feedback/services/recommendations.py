"""Recommendations: a finding turned into a change a site is asked to make, and followed up.

Every change is kept as a dated event with who made it and a note, so the history reads as
"proposed on 2 Dec, agreed on 9 Dec, done on 3 Mar". Evidence links the recommendation to the
responses (and answers) it rests on.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Answer, Recommendation, RecommendationEvent, RecommendationEvidence, RecommendationStatus,
    Response, Site, Status)
from ..models.base import utcnow

S = RecommendationStatus
# Where a recommendation may go next; "done" can be reopened, "not taken forward" reconsidered.
MOVES = {
    S.PROPOSED: (S.AGREED, S.NOT_TAKEN_FORWARD),
    S.AGREED: (S.IN_PROGRESS, S.DONE, S.NOT_TAKEN_FORWARD),
    S.IN_PROGRESS: (S.DONE, S.NOT_TAKEN_FORWARD),
    S.DONE: (S.IN_PROGRESS,),
    S.NOT_TAKEN_FORWARD: (S.PROPOSED,),
}
CLOSED_RANK = {S.DONE.value: 1, S.NOT_TAKEN_FORWARD.value: 2}
FIELD_WORDS = {"text": "the recommendation", "area": "area", "owner": "who will act",
               "due_on": "due date"}


class RecommendationError(ValueError):
    """A change that cannot be made; ``field`` names the form field the message belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Details:
    """What a coproduction worker writes about a recommendation."""

    text: str
    area: str = ""
    owner: str = ""
    due_on: date | None = None


def get(recommendation_id: int) -> Recommendation | None:
    return db.session.get(Recommendation, recommendation_id)


def for_site(site: Site) -> list[Recommendation]:
    """The site's recommendations: open ones first (by due date), then done, then dropped."""
    found = db.session.scalars(
        sa.select(Recommendation).where(Recommendation.site_id == site.id)
        .options(selectinload(Recommendation.events), selectinload(Recommendation.evidence))
        .order_by(Recommendation.id))
    return sorted(found, key=lambda r: (CLOSED_RANK.get(r.status, 0), r.due_on or date.max, r.id))


def allowed_moves(recommendation: Recommendation) -> tuple[RecommendationStatus, ...]:
    return MOVES[S(recommendation.status)]


def evidence_from(site: Site, answer_id: int | None = None,
                  response_id: int | None = None) -> list[tuple[int, int | None]]:
    """(response id, answer id) evidence for a finding, if it is a submitted response of the
    site; anything else gives no evidence rather than an error."""
    if answer_id:
        answer = db.session.get(Answer, answer_id)
        if answer is not None and _usable(answer.response, site):
            return [(answer.response_id, answer.id)]
    if response_id:
        response = db.session.get(Response, response_id)
        if response is not None and _usable(response, site):
            return [(response.id, None)]
    return []


def _usable(response: Response, site: Site) -> bool:
    return response.site_id == site.id and response.status == Status.SUBMITTED.value


def create(site: Site, details: Details, actor, evidence=(), note: str = "",
           happened_on: date | None = None) -> Recommendation:
    """Make a proposed recommendation for ``site`` and record that it was made.

    :param evidence: (response id, answer id or None) pairs, from ``evidence_from``
    :param happened_on: the day it was proposed (default today); not in the future
    :raises RecommendationError: when the text is empty or the day is in the future
    """
    _check(details)
    _not_future(happened_on)
    recommendation = Recommendation(
        site_id=site.id, text=details.text.strip(), area=details.area.strip(),
        owner=details.owner.strip(), due_on=details.due_on, status=S.PROPOSED.value,
        created_by=getattr(actor, "id", None))
    for response_id, answer_id in dict.fromkeys(evidence):
        recommendation.evidence.append(
            RecommendationEvidence(response_id=response_id, answer_id=answer_id))
    db.session.add(recommendation)
    _event(recommendation, actor, "created", note, happened_on, to_status=S.PROPOSED.value)
    db.session.commit()
    return recommendation


def update(recommendation: Recommendation, details: Details, actor, note: str = "") -> list[str]:
    """Change what the recommendation says; the event lists what changed.

    :return: the words for the fields changed (empty when nothing changed, and no event)
    :raises RecommendationError: when the text is empty
    """
    _check(details)
    new = {"text": details.text.strip(), "area": details.area.strip(),
           "owner": details.owner.strip(), "due_on": details.due_on}
    changed = [name for name, value in new.items() if getattr(recommendation, name) != value]
    note = (note or "").strip()
    if not changed and not note:
        return []
    for name in changed:
        setattr(recommendation, name, new[name])
    words = "Changed " + ", ".join(FIELD_WORDS[name] for name in changed) + "." \
        if changed else ""
    _event(recommendation, actor, "edited", " ".join(p for p in (words, note) if p),
           None)
    db.session.commit()
    return [FIELD_WORDS[name] for name in changed]


def move(recommendation: Recommendation, to_status: str, note: str, actor,
         happened_on: date | None = None) -> None:
    """Move the recommendation to a new status, with a dated note.

    :param happened_on: the day it happened (default today); not in the future
    :raises RecommendationError: for a move that is not allowed, no note, or a future date
    """
    allowed = {status.value for status in allowed_moves(recommendation)}
    if to_status not in allowed:
        raise RecommendationError("status", "Choose where this recommendation has got to.")
    if not (note or "").strip():
        raise RecommendationError("note", "Write a note saying what happened or why.")
    _not_future(happened_on)
    from_status = recommendation.status
    recommendation.status = to_status
    _event(recommendation, actor, "status", note, happened_on, from_status, to_status)
    db.session.commit()


def done_between(site: Site, after: date, until: date) -> list[tuple[Recommendation, date]]:
    """Recommendations for ``site`` that were done after ``after`` and on or before ``until``
    (by the date the worker gave), with the day each was done; still done now."""
    found = []
    for recommendation in for_site(site):
        done = [e.happened_on for e in recommendation.events
                if e.to_status == S.DONE.value and after < e.happened_on <= until]
        if done and recommendation.status == S.DONE.value:
            found.append((recommendation, max(done)))
    return sorted(found, key=lambda pair: (pair[1], pair[0].id))


def _check(details: Details) -> None:
    if not details.text.strip():
        raise RecommendationError("text", "Write the recommendation.")


def _not_future(day: date | None) -> None:
    if day is not None and day > utcnow().date():
        raise RecommendationError("happened_on", "The date cannot be in the future.")


def _event(recommendation, actor, action, note, happened_on, from_status="", to_status=""):
    recommendation.events.append(RecommendationEvent(
        happened_on=happened_on or utcnow().date(), actor_id=getattr(actor, "id", None),
        actor_name=getattr(actor, "display_name", "") or "", action=action,
        from_status=from_status, to_status=to_status, note=(note or "").strip()))
