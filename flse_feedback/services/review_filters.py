"""The review inbox's filters: parsed from the URL, turned into SQL, written back into links.

Keeping filters in the query string makes every filtered list bookmarkable and shareable, and
lets next / previous on a response walk the same list the reviewer came from.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from datetime import date, datetime, time, timedelta, timezone

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Answer, EffectiveSentiment, EffectiveTheme, Kind, Response, ResponseReview, Status)
from ..models.search import answers_matching

SENTIMENTS = ("positive", "neutral", "negative")


@dataclass(frozen=True)
class ReviewFilter:
    """Every inbox filter; empty values mean 'any'."""

    kind: str = ""
    site: int | None = None
    session: int | None = None
    since: date | None = None
    until: date | None = None
    sentiment: str = ""
    theme: str = ""
    reviewed: str = ""  # "yes", "no" or ""
    attention: bool = False
    q: str = ""

    @classmethod
    def from_args(cls, args) -> "ReviewFilter":
        """Read filters from request args, ignoring anything malformed rather than failing."""
        return cls(
            kind=args.get("kind", "") if args.get("kind") in {k.value for k in Kind} else "",
            site=_int(args.get("site")), session=_int(args.get("session")),
            since=_date(args.get("since")), until=_date(args.get("until")),
            sentiment=args.get("sentiment", "") if args.get("sentiment") in SENTIMENTS else "",
            theme=(args.get("theme") or "")[:64],
            reviewed=args.get("reviewed", "") if args.get("reviewed") in ("yes", "no") else "",
            attention=args.get("attention") == "1",
            q=(args.get("q") or "").strip()[:200],
        )

    def to_args(self) -> dict[str, str]:
        """The filters as URL query arguments (only those set)."""
        args = {}
        for name, value in asdict(self).items():
            if value in ("", None, False):
                continue
            args[name] = "1" if value is True else str(value)
        return args

    @property
    def active(self) -> bool:
        return bool(self.to_args())

    def conditions(self) -> list:
        """SQL conditions on Response for these filters."""
        where = [Response.status == Status.SUBMITTED.value]
        where += [cond for cond in (
            Response.kind == self.kind if self.kind else None,
            Response.site_id == self.site if self.site else None,
            Response.training_session_id == self.session if self.session else None,
            Response.submitted_at >= start_of(self.since) if self.since else None,
            Response.submitted_at < start_of(self.until + timedelta(days=1))
            if self.until else None,
            Response.needs_attention.is_(True) if self.attention else None,
        ) if cond is not None]
        if self.reviewed:
            # Correlated to responses only: a query that itself joins response_reviews (an
            # export) must not swallow this sub-query's table.
            reviewed = sa.exists().where(ResponseReview.response_id == Response.id,
                                         ResponseReview.reviewed.is_(True)).correlate(Response)
            where.append(reviewed if self.reviewed == "yes" else ~reviewed)
        # The sub-queries below stand alone (correlate(None)), so they mean the same inside any
        # query, even one that selects answers or the derived tag tables itself.
        if self.sentiment:
            where.append(Response.id.in_(sa.select(EffectiveSentiment.response_id).where(
                EffectiveSentiment.label == self.sentiment).correlate(None)))
        if self.theme:
            where.append(Response.id.in_(sa.select(EffectiveTheme.response_id).where(
                EffectiveTheme.theme_id == self.theme).correlate(None)))
        if self.q:
            dialect = db.session.get_bind().dialect.name
            where.append(Response.id.in_(sa.select(Answer.response_id).where(
                answers_matching(self.q, dialect)).correlate(None)))
        return where


def _int(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


LATEST_DAY = date(9998, 12, 31)  # later days leave no room for "the day after" or "next month"


def _date(value) -> date | None:
    try:
        return min(date.fromisoformat(value), LATEST_DAY) if value else None
    except ValueError:
        return None


def start_of(day: date) -> datetime:
    """The first moment of a UTC day: the inbox's date filters, and the summary's counts,
    go by UTC days."""
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


FILTER_FIELDS = tuple(f.name for f in fields(ReviewFilter))
