"""Responses (drafts and submitted) and their answers."""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at_column, utcnow


class Status(StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"


class Response(db.Model):
    """One person's answers to one questionnaire version.

    The same row is the server-side draft while the form is being filled in and the submitted
    response afterwards, so a second tap on Submit finds it already submitted and stores nothing
    new.
    Anonymous training responses have no respondent and record no name, email, address or device.
    """

    __tablename__ = "responses"
    __table_args__ = (sa.Index("ix_responses_status_submitted_at", "status", "submitted_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(sa.String(43), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    version_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaire_versions.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(20), default=Status.DRAFT.value)
    respondent_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    site_id: Mapped[int | None] = mapped_column(sa.ForeignKey("sites.id"), index=True)
    scenario_id: Mapped[int | None] = mapped_column(sa.ForeignKey("scenarios.id"))
    training_session_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("training_sessions.id"), index=True)
    last_page: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = created_at_column()
    updated_at: Mapped[datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, onupdate=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))
    # Set when any answer is flagged for safeguarding attention, so the inbox can filter fast.
    needs_attention: Mapped[bool] = mapped_column(default=False, index=True)

    version = relationship("QuestionnaireVersion")
    respondent = relationship("User")
    site = relationship("Site")
    scenario = relationship("Scenario")
    training_session = relationship("TrainingSession")
    answers = relationship("Answer", back_populates="response", cascade="all, delete-orphan")
    review = relationship("ResponseReview", uselist=False, back_populates="response",
                          cascade="all, delete-orphan")

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED.value

    def answers_by_question(self) -> dict[int, "Answer"]:
        return {answer.question_id: answer for answer in self.answers}


class Answer(db.Model):
    """The stored value of one question in one response (JSON: text, number, list, ...)."""

    __tablename__ = "answers"
    __table_args__ = (sa.UniqueConstraint("response_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(sa.ForeignKey("responses.id", ondelete="CASCADE"))
    question_id: Mapped[int] = mapped_column(sa.ForeignKey("questions.id"), index=True)
    value = mapped_column(sa.JSON, nullable=False)

    response = relationship("Response", back_populates="answers")
    question = relationship("Question")
    sentiment = relationship("MachineSentiment", uselist=False, cascade="all, delete-orphan",
                             back_populates="answer")
    themes = relationship("MachineTheme", cascade="all, delete-orphan", back_populates="answer",
                          order_by="MachineTheme.theme_id")
    flags = relationship("MachineFlag", cascade="all, delete-orphan", back_populates="answer",
                         order_by="MachineFlag.category_id")
    human_themes = relationship("HumanTheme", cascade="all, delete-orphan",
                                back_populates="answer")
    human_sentiment = relationship("HumanSentiment", uselist=False, cascade="all, delete-orphan",
                                   back_populates="answer")

    def effective_theme_ids(self) -> list[str]:
        """Machine themes, with a reviewer's removals taken out and additions put in."""
        return effective_theme_ids([t.theme_id for t in self.themes],
                                   {h.theme_id: h.present for h in self.human_themes})

    @property
    def effective_sentiment(self) -> str | None:
        """The reviewer's label when there is one, else the machine's."""
        if self.human_sentiment is not None:
            return self.human_sentiment.label
        return self.sentiment.label if self.sentiment is not None else None


def effective_theme_ids(machine: list[str], decided: dict[str, bool]) -> list[str]:
    """The machine's theme ids in their order, less those a reviewer removed, then the ones a
    reviewer added, sorted. (``services.effective_tags`` applies the same rule in SQL.)"""
    kept = [theme_id for theme_id in machine if decided.get(theme_id, True)]
    return kept + sorted(theme_id for theme_id, present in decided.items()
                         if present and theme_id not in kept)


class PendingAnswers(db.Model):
    """What a volunteer typed on a page just as their login expired, held until they log in.

    Only the browser holding ``key`` (in its session) can claim it, and only for a response its
    account owns; unclaimed rows are deleted after a day.
    """

    __tablename__ = "pending_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    response_token: Mapped[str] = mapped_column(sa.String(43))
    page: Mapped[int]
    form_data: Mapped[dict] = mapped_column(sa.JSON)
    created_at: Mapped[datetime] = created_at_column()
