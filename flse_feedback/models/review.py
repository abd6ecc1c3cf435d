"""Coproduction workers' decisions, stored apart from the machine's tags so they always win.

Re-running the tagger rewrites machine_* tables only; nothing here is touched by it.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class HumanTheme(db.Model):
    """A reviewer's word on one theme for one answer: present (confirmed or added) or not."""

    __tablename__ = "human_themes"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[str] = mapped_column(
        sa.ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True)
    present: Mapped[bool]
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    answer = relationship("Answer", back_populates="human_themes")
    theme = relationship("Theme")


class HumanSentiment(db.Model):
    """A reviewer's sentiment for one answer, replacing the machine's label wherever shown."""

    __tablename__ = "human_sentiments"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(10), index=True)
    decided_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    decided_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    answer = relationship("Answer", back_populates="human_sentiment")


class ResponseReview(db.Model):
    """Whether a response has been reviewed, and the reviewers' private note on it."""

    __tablename__ = "response_reviews"

    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True)
    reviewed: Mapped[bool] = mapped_column(default=False, index=True)
    note: Mapped[str] = mapped_column(sa.Text, default="")
    updated_by: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    response = relationship("Response", back_populates="review")
