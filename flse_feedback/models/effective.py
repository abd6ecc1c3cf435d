"""Each free-text answer's tags as they stand: the machine's, with reviewers' decisions applied.

These rows are derived, never edited by hand: ``services.effective_tags`` rewrites them whenever
tagging or a reviewer's decision changes an answer. They exist so that the review inbox can
filter 100,000 responses by sentiment or theme through one index, instead of working out
"a reviewer's label, else the machine's" for every answer on every page view.
"""
import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class EffectiveSentiment(db.Model):
    """One answer's sentiment: the reviewer's label when there is one, else the machine's."""

    __tablename__ = "effective_sentiments"
    __table_args__ = (sa.Index("ix_effective_sentiments_label_response", "label", "response_id"),)

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(sa.String(10))


class EffectiveTheme(db.Model):
    """A theme one answer carries: suggested and not removed, or added by a reviewer."""

    __tablename__ = "effective_themes"
    __table_args__ = (sa.Index("ix_effective_themes_theme_response", "theme_id", "response_id"),)

    answer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[str] = mapped_column(
        sa.ForeignKey("themes.id", ondelete="CASCADE"), primary_key=True)
    response_id: Mapped[int] = mapped_column(
        sa.ForeignKey("responses.id", ondelete="CASCADE"), index=True)
