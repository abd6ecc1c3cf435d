"""From findings to change: recommendations for a site, their history, and quotes for partners.

A recommendation's every change is kept as a dated event, so a partner can see what was agreed
and when it was done. A quote chosen or reworded for partners is stored apart from the answer:
the answer a volunteer gave is never changed.
"""
from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at_column, utcnow


class RecommendationStatus(StrEnum):
    """Where a recommendation has got to, in the order it usually goes."""

    PROPOSED = "proposed"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_TAKEN_FORWARD = "not_taken_forward"

    @property
    def label(self) -> str:
        return {"proposed": "Proposed", "agreed": "Agreed", "in_progress": "In progress",
                "done": "Done", "not_taken_forward": "Not taken forward"}[self.value]


class Recommendation(db.Model):
    """A change a coproduction worker asks a site to make, with the evidence behind it."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    site_id: Mapped[int] = mapped_column(sa.ForeignKey("sites.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    area: Mapped[str] = mapped_column(sa.String(200), default="")
    # The person or team at the partner who will act on it (not a volunteer).
    owner: Mapped[str] = mapped_column(sa.String(200), default="")
    due_on: Mapped[date | None] = mapped_column(sa.Date)
    status: Mapped[str] = mapped_column(
        sa.String(20), default=RecommendationStatus.PROPOSED.value, index=True)
    created_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    site = relationship("Site")
    evidence = relationship("RecommendationEvidence", cascade="all, delete-orphan",
                            back_populates="recommendation",
                            order_by="RecommendationEvidence.id")
    events = relationship("RecommendationEvent", cascade="all, delete-orphan",
                          back_populates="recommendation",
                          order_by="(RecommendationEvent.happened_on, RecommendationEvent.id)")

    @property
    def status_label(self) -> str:
        return RecommendationStatus(self.status).label


class RecommendationEvidence(db.Model):
    """A response (and, when chosen, one answer in it) that the recommendation rests on."""

    __tablename__ = "recommendation_evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    answer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), index=True)

    recommendation = relationship("Recommendation", back_populates="evidence")
    response = relationship("Response")
    answer = relationship("Answer")


class RecommendationEvent(db.Model):
    """One dated change to a recommendation: made, edited, or moved to a new status."""

    __tablename__ = "recommendation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendations.id", ondelete="CASCADE"), index=True)
    at: Mapped[datetime] = created_at_column()
    # The day it happened, which a worker may record later than that.
    happened_on: Mapped[date] = mapped_column(sa.Date)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Copied, so the history still reads after the account is deleted.
    actor_name: Mapped[str] = mapped_column(sa.String(254), default="")
    action: Mapped[str] = mapped_column(sa.String(20))  # "created", "edited" or "status"
    from_status: Mapped[str] = mapped_column(sa.String(20), default="")
    to_status: Mapped[str] = mapped_column(sa.String(20), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")

    recommendation = relationship("Recommendation", back_populates="events")


class PartnerQuote(db.Model):
    """A coproduction worker's choice of an answer as a quote for partners, and its rewording.

    ``text`` empty means the answer is quoted as given (masked); the answer itself is never
    changed.
    """

    __tablename__ = "partner_quotes"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    chosen: Mapped[bool] = mapped_column(default=False, index=True)
    text: Mapped[str] = mapped_column(sa.Text, default="")
    updated_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)

    answer = relationship("Answer")
