"""Questionnaires as data: a questionnaire has numbered versions of sections and questions.

Responses point at the version they answered; a version that has responses is never edited,
so later changes cannot corrupt old answers.
"""
from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at_column


class Kind(StrEnum):
    """The three instruments; each has its own blueprint and URL prefix."""

    MYSTERY_SHOP = "mystery_shop"
    ENVIRONMENT = "environment"
    TRAINING = "training"

    @property
    def label(self) -> str:
        return {"mystery_shop": "Mystery shop", "environment": "Environment assessment",
                "training": "Training feedback"}[self.value]


class Questionnaire(db.Model):
    """A named questionnaire with a stable key (for example ``mystery_shop``)."""

    __tablename__ = "questionnaires"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(20), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = created_at_column()

    versions = relationship("QuestionnaireVersion", back_populates="questionnaire",
                            order_by="QuestionnaireVersion.number")


class QuestionnaireVersion(db.Model):
    """One immutable wording of a questionnaire."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (sa.UniqueConstraint("questionnaire_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaires.id"))
    number: Mapped[int]
    status: Mapped[str] = mapped_column(sa.String(20), default="published")
    title: Mapped[str] = mapped_column(sa.String(200))
    intro: Mapped[str] = mapped_column(sa.Text, default="")
    content_hash: Mapped[str] = mapped_column(sa.String(64))
    created_at: Mapped[datetime] = created_at_column()
    published_at: Mapped[datetime | None] = mapped_column(sa.DateTime(timezone=True))

    questionnaire = relationship("Questionnaire", back_populates="versions")
    sections = relationship("Section", back_populates="version", order_by="Section.position",
                            cascade="all, delete-orphan")

    @property
    def kind(self) -> str:
        return self.questionnaire.kind

    def questions(self) -> list["Question"]:
        """Every question in the order a respondent meets them."""
        return [q for section in self.sections for q in section.questions]

    def section_at(self, page: int) -> "Section | None":
        """The section shown on 1-based ``page``, or None when out of range."""
        if 1 <= page <= len(self.sections):
            return self.sections[page - 1]
        return None


class Section(db.Model):
    """A page of the form on a phone: one topic, in the order the visit happens."""

    __tablename__ = "sections"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(
        sa.ForeignKey("questionnaire_versions.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(sa.String(64))
    title: Mapped[str] = mapped_column(sa.String(200))
    intro: Mapped[str] = mapped_column(sa.Text, default="")

    version = relationship("QuestionnaireVersion", back_populates="sections")
    questions = relationship("Question", back_populates="section", order_by="Question.position",
                             cascade="all, delete-orphan")


class Question(db.Model):
    """One question; ``options`` holds the type's settings (choices, scale words, limits)."""

    __tablename__ = "questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    section_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sections.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    key: Mapped[str] = mapped_column(sa.String(64))
    type: Mapped[str] = mapped_column(sa.String(20))
    text: Mapped[str] = mapped_column(sa.Text)
    hint: Mapped[str] = mapped_column(sa.Text, default="")
    required: Mapped[bool] = mapped_column(default=False)
    options: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    section = relationship("Section", back_populates="questions")

    @property
    def field_name(self) -> str:
        """Form field name: a valid identifier, unique within any version."""
        return f"q_{self.id}"
