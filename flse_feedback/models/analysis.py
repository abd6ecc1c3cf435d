"""The theme codebook and the machine's tags on free-text answers.

Machine tags live in their own tables so that re-running the tagger can replace them freely;
a coproduction worker's decisions are stored apart and always win.
"""
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import utcnow


class Theme(db.Model):
    """A codebook theme; ``id`` is stable (exports, reports and tests use it)."""

    __tablename__ = "themes"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    definition: Mapped[str] = mapped_column(sa.Text, default="")
    keywords: Mapped[list] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    active: Mapped[bool] = mapped_column(default=True)


class MachineSentiment(db.Model):
    """TextBlob sentiment of one answer, with the per-sentence readings."""

    __tablename__ = "machine_sentiments"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(10), index=True)
    polarity: Mapped[float]
    subjectivity: Mapped[float]
    mixed: Mapped[bool] = mapped_column(default=False)
    sentences: Mapped[list] = mapped_column(sa.JSON, default=list)
    # The words or phrases that produced the label, so a reviewer can see why.
    explanation: Mapped[list] = mapped_column(sa.JSON, default=list)
    analyser_version: Mapped[str] = mapped_column(sa.String(40))
    analysed_at: Mapped[datetime] = mapped_column(sa.DateTime(timezone=True), default=utcnow)

    answer = relationship("Answer", back_populates="sentiment")


class MachineTheme(db.Model):
    """A theme the tagger found in one answer, with the phrases that triggered it."""

    __tablename__ = "machine_themes"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[str] = mapped_column(
        sa.ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True, index=True)
    matched: Mapped[list] = mapped_column(sa.JSON, default=list)

    answer = relationship("Answer", back_populates="themes")
    theme = relationship("Theme")


class SafeguardingCategory(db.Model):
    """An editable list of phrases that flag an answer for a person's attention."""

    __tablename__ = "safeguarding_categories"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    phrases: Mapped[list] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)


class MachineFlag(db.Model):
    """A safeguarding category found in one answer, with the phrases that triggered it."""

    __tablename__ = "machine_flags"

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    category_id: Mapped[str] = mapped_column(
        sa.ForeignKey("safeguarding_categories.id", ondelete="CASCADE"), primary_key=True)
    matched: Mapped[list] = mapped_column(sa.JSON, default=list)

    answer = relationship("Answer", back_populates="flags")
    category = relationship("SafeguardingCategory")
