"""Running counts behind the summary page, kept per day and per month.

A summary of one site or one training session at 100,000 responses would otherwise count
millions of answer rows on every view. These tables hold the same numbers already added up per
(day or month, questionnaire kind, site, training session), so a summary adds up a few thousand
rows instead. They are derived, never edited by hand: ``services.summary_counts`` changes them in
the same transaction as whatever changes the responses, answers or tags they count, and can
rebuild them from scratch (``flask recount``).

Every table's key starts with the same dimensions:

- ``span``: ``"d"`` for a row about one day, ``"m"`` for one about a whole month;
- ``period``: that day, or the first day of that month (UTC, like the inbox's date filters);
- ``kind``, ``site_id`` and ``session_id`` of the responses counted (0 when there is none).

A date filter takes whole months from the month rows and the days at either end from the day
rows, so no filter reads more than about two months of day rows.
"""
from datetime import date

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from ..extensions import db

NONE = 0  # site_id / session_id of responses without one (keys cannot hold NULL portably)


class _Dimensions:
    """The key's first columns (in this order: a date range reads one stretch of the primary
    key; a site or a session is found through its own index)."""

    span: Mapped[str] = mapped_column(sa.String(1), primary_key=True, sort_order=-5)
    period: Mapped[date] = mapped_column(primary_key=True, sort_order=-4)
    kind: Mapped[str] = mapped_column(sa.String(20), primary_key=True, sort_order=-3)
    site_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, sort_order=-2)
    session_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False,
                                            sort_order=-1)

    @declared_attr.directive
    def __table_args__(cls):
        return (sa.Index(f"ix_{cls.__tablename__}_site", "site_id", "span", "period"),
                sa.Index(f"ix_{cls.__tablename__}_session", "session_id", "span", "period"),
                *getattr(cls, "more_indexes", ()))


class CountedResponses(_Dimensions, db.Model):
    """Submitted responses per questionnaire version."""

    __tablename__ = "summary_responses"

    version_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    responses: Mapped[int] = mapped_column(default=0)


class CountedValues(_Dimensions, db.Model):
    """Answers per question and value, for the question types a summary counts (yes / no,
    scales, choices, numbers). ``value`` is the answer's JSON text."""

    __tablename__ = "summary_values"

    question_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[str] = mapped_column(sa.Text, primary_key=True)
    answers: Mapped[int] = mapped_column(default=0)


class CountedTexts(_Dimensions, db.Model):
    """Free-text answers per question and effective sentiment (``"unrated"`` when none), and
    how many of them carry at least one theme."""

    __tablename__ = "summary_texts"

    question_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    answers: Mapped[int] = mapped_column(default=0)
    themed: Mapped[int] = mapped_column(default=0)


class CountedThemes(_Dimensions, db.Model):
    """Answers per effective theme and sentiment, with the strongest quote among them.

    ``best_answer_id`` is the answer whose machine polarity is furthest to the ``label``'s side
    (ties to the lowest id), for positive and negative rows only: the summary's "most positive"
    and "most negative" quote of a theme is the best of the rows its filter selects.
    """

    __tablename__ = "summary_themes"
    more_indexes = (sa.Index("ix_summary_themes_best_answer_id", "best_answer_id"),)

    theme_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    label: Mapped[str] = mapped_column(sa.String(10), primary_key=True)
    answers: Mapped[int] = mapped_column(default=0)
    best_answer_id: Mapped[int | None]
    best_strength: Mapped[float | None]


COUNT_TABLES = (CountedResponses, CountedValues, CountedTexts, CountedThemes)
