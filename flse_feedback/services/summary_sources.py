"""Where a summary's numbers come from: the running counts, or the responses themselves.

The summary page asks the same six questions whatever it shows (responses per version, answers
per value, free-text answers per sentiment, themes per sentiment, each theme's strongest
quotes, responses per day). A filter on kind, site, training session and dates is answered from
the running counts in ``models.summary_counts``, a few thousand rows at most. Any other filter
(sentiment, theme, reviewed, safeguarding, words), or a report leaving some sections out, is
answered by counting the filtered responses' rows, as before.

Both sources must give the same numbers for the same filter; the tests compare them.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import aliased

from ..analysis.summaries import parse_json_text
from ..extensions import db
from ..models import Answer, EffectiveSentiment, EffectiveTheme, MachineSentiment, Response
from ..models.summary_counts import CountedResponses, CountedTexts, CountedThemes, CountedValues
from .review_filters import ReviewFilter
from .summary_counts import SIDES, as_date, day_of, keep_strongest, next_month, quote_strength


def source_for(filters: ReviewFilter, leave_out_sections: frozenset = frozenset()):
    """The quickest source that can answer this filter exactly."""
    only_counted = not (filters.sentiment or filters.theme or filters.reviewed
                        or filters.attention or filters.q or leave_out_sections)
    return CountedSource(filters) if only_counted else LiveSource(filters, leave_out_sections)


class CountedSource:
    """Numbers added up from the running counts: month rows for the whole months of the
    filter's dates, day rows for the days before and after them. Each stretch is one indexed
    query; their sums are added up here."""

    def __init__(self, filters: ReviewFilter):
        self.filters = filters

    def _chosen(self, table) -> list:
        """The kind, site and session conditions."""
        f = self.filters
        return [condition for condition in (
            table.kind == f.kind if f.kind else None,
            table.site_id == f.site if f.site else None,
            table.session_id == f.session if f.session else None) if condition is not None]

    def _rows(self, table, columns: list, *where, group_by: list | None = None,
              having=None) -> list:
        rows = []
        for stretch in periods(table, self.filters.since, self.filters.until):
            query = sa.select(*columns).where(*self._chosen(table), *stretch, *where)
            if group_by:
                query = query.group_by(*group_by)
            if having is not None:
                query = query.having(having)
            rows += db.session.execute(query).all()
        return rows

    def _sums(self, table, keys: list, counted: list, *where) -> dict[tuple, tuple[int, ...]]:
        """key columns -> sums of the counted columns, leaving out keys that add up to 0."""
        sums: dict[tuple, list[int]] = {}
        totals = [sa.func.sum(column) for column in counted]
        for row in self._rows(table, [*keys, *totals], *where, group_by=keys,
                              having=totals[0] > 0):
            key, values = tuple(row[:len(keys)]), [int(v or 0) for v in row[len(keys):]]
            old = sums.get(key)
            sums[key] = values if old is None else [a + b for a, b in zip(old, values)]
        return {key: tuple(values) for key, values in sums.items()}

    def per_version(self) -> dict[int, int]:
        return {version_id: count for (version_id,), (count,) in self._sums(
            CountedResponses, [CountedResponses.version_id],
            [CountedResponses.responses]).items()}

    def value_counts(self, question_ids: list[int]) -> dict[int, Counter]:
        counts: dict[int, Counter] = defaultdict(Counter)
        if not question_ids:
            return counts
        for (question_id, text), (count,) in self._sums(
                CountedValues, [CountedValues.question_id, CountedValues.value],
                [CountedValues.answers], CountedValues.question_id.in_(question_ids)).items():
            _add_value(counts, question_id, text, count)
        return counts

    def free_text_counts(self, question_ids: list[int]) -> tuple[Counter, Counter, int]:
        """(question id -> answers, sentiment -> answers, answers with a theme)."""
        per_question: Counter = Counter()
        sentiments: Counter = Counter()
        themed = 0
        if not question_ids:
            return per_question, sentiments, themed
        for (question_id, label), (count, with_theme) in self._sums(
                CountedTexts, [CountedTexts.question_id, CountedTexts.label],
                [CountedTexts.answers, CountedTexts.themed],
                CountedTexts.question_id.in_(question_ids)).items():
            per_question[question_id] += count
            sentiments[label] += count
            themed += with_theme
        return per_question, sentiments, themed

    def theme_counts(self, question_ids: list[int]) -> dict[tuple[str, str], int]:
        return {key: count for key, (count,) in self._sums(
            CountedThemes, [CountedThemes.theme_id, CountedThemes.label],
            [CountedThemes.answers]).items()}

    def strongest_quotes(self, question_ids: list[int]
                         ) -> dict[str, tuple[int | None, int | None]]:
        best: dict[tuple[str, str], tuple[float, int]] = {}
        for theme_id, label, strength, answer_id in self._rows(
                CountedThemes, [CountedThemes.theme_id, CountedThemes.label,
                                CountedThemes.best_strength, CountedThemes.best_answer_id],
                CountedThemes.label.in_(SIDES), CountedThemes.best_answer_id.is_not(None)):
            keep_strongest(best, (theme_id, label), (strength, answer_id))
        return _pairs(best)

    def per_day(self) -> dict[date, int]:
        """Responses per day, from the day rows (one per day and version at most)."""
        total = sa.func.sum(CountedResponses.responses)
        counts: Counter = Counter()
        for day, count in db.session.execute(
                sa.select(CountedResponses.period, total)
                .where(*self._chosen(CountedResponses), CountedResponses.span == "d",
                       *_day_range(CountedResponses, self.filters.since, self.filters.until))
                .group_by(CountedResponses.period).having(total > 0)):
            counts[as_date(day)] += int(count)
        return counts


def periods(table, since: date | None, until: date | None) -> list[list]:
    """The stretches of rows that cover the days ``since`` to ``until`` (both included, either
    open) exactly once: month rows for whole months, day rows for the days before and after."""
    if since is None and until is None:
        return [[table.span == "m"]]
    first_month = None if since is None else (
        since if since.day == 1 else next_month(since.replace(day=1)))
    end_month = None if until is None else (until + timedelta(days=1)).replace(day=1)
    if first_month is not None and end_month is not None and first_month >= end_month:
        return [[table.span == "d", *_day_range(table, since, until)]]
    stretches = [[table.span == "m", *(c for c in (
        table.period >= first_month if first_month else None,
        table.period < end_month if end_month else None) if c is not None)]]
    if since is not None and since < first_month:
        stretches.append([table.span == "d", table.period >= since, table.period < first_month])
    if until is not None and end_month <= until:
        stretches.append([table.span == "d", table.period >= end_month, table.period <= until])
    return stretches


def _day_range(table, since: date | None, until: date | None) -> list:
    return [c for c in (table.period >= since if since else None,
                        table.period <= until if until else None) if c is not None]


class LiveSource:
    """Numbers counted from the filtered responses' own rows.

    Every query selects the responses with ``ReviewFilter.conditions()`` against the
    ``responses`` table itself; the answer and tag tables are aliased here because the
    filters' own sub-queries (on sentiment, theme, words) use the plain tables and must not be
    correlated with ours.
    """

    def __init__(self, filters: ReviewFilter, leave_out_sections: frozenset = frozenset()):
        self.where = filters.conditions()
        self.leave_out_sections = leave_out_sections

    def per_version(self) -> dict[int, int]:
        return dict(db.session.execute(
            sa.select(Response.version_id, sa.func.count()).where(*self.where)
            .group_by(Response.version_id)).all())

    def value_counts(self, question_ids: list[int]) -> dict[int, Counter]:
        """question id -> Counter(value -> answers), counted by the database."""
        counts: dict[int, Counter] = defaultdict(Counter)
        if not question_ids:
            return counts
        answer = aliased(Answer)
        as_text = sa.cast(answer.value, sa.Text)
        rows = db.session.execute(
            sa.select(answer.question_id, as_text, sa.func.count())
            .join(Response, Response.id == answer.response_id)
            .where(*self.where, answer.question_id.in_(question_ids))
            .group_by(answer.question_id, as_text))
        for question_id, text, count in rows:
            _add_value(counts, question_id, text, count)
        return counts

    def free_text_counts(self, question_ids: list[int]) -> tuple[Counter, Counter, int]:
        """(question id -> answers, sentiment or "unrated" -> answers, answers with a theme)."""
        per_question: Counter = Counter()
        sentiments: Counter = Counter()
        if not question_ids:
            return per_question, sentiments, 0
        answer, effective = aliased(Answer), aliased(EffectiveSentiment)
        rows = db.session.execute(
            sa.select(answer.question_id, effective.label, sa.func.count())
            .join(Response, Response.id == answer.response_id)
            .outerjoin(effective, effective.answer_id == answer.id)
            .where(*self.where, answer.question_id.in_(question_ids))
            .group_by(answer.question_id, effective.label))
        for question_id, label, count in rows:
            per_question[question_id] += count
            sentiments[label or "unrated"] += count
        theme = aliased(EffectiveTheme)
        themed = db.session.scalar(
            sa.select(sa.func.count(sa.distinct(theme.answer_id)))
            .join(Response, Response.id == theme.response_id)
            .where(*self.where, theme.answer_id.in_(sa.select(answer.id).where(
                answer.question_id.in_(question_ids)).correlate(None)))) or 0
        return per_question, sentiments, themed

    def _only_free_text(self, theme, question_ids: list[int]) -> list:
        """Themes of the counted free-text answers only, when sections are left out."""
        if not self.leave_out_sections:
            return []
        answer = aliased(Answer)
        return [theme.answer_id.in_(sa.select(answer.id).where(
            answer.question_id.in_(question_ids)).correlate(None))]

    def theme_counts(self, question_ids: list[int]) -> dict[tuple[str, str], int]:
        theme, effective = aliased(EffectiveTheme), aliased(EffectiveSentiment)
        label = sa.func.coalesce(effective.label, "unrated")
        return {(theme_id, label): count for theme_id, label, count in db.session.execute(
            sa.select(theme.theme_id, label, sa.func.count())
            .join(Response, Response.id == theme.response_id)
            .outerjoin(effective, effective.answer_id == theme.answer_id)
            .where(*self.where, *self._only_free_text(theme, question_ids))
            .group_by(theme.theme_id, label))}

    def strongest_quotes(self, question_ids: list[int]
                         ) -> dict[str, tuple[int | None, int | None]]:
        """theme id -> (most positive answer, most negative answer): among answers whose
        effective sentiment is on that side, the machine's strongest polarity; ties to the
        lowest answer id."""
        theme = aliased(EffectiveTheme)
        effective, machine = aliased(EffectiveSentiment), aliased(MachineSentiment)
        strength = quote_strength(effective.label, machine.polarity)
        ranked = (
            sa.select(theme.theme_id, effective.label, theme.answer_id,
                      sa.func.row_number().over(
                          partition_by=(theme.theme_id, effective.label),
                          order_by=(strength, theme.answer_id)).label("place"))
            .join(Response, Response.id == theme.response_id)
            .join(effective, effective.answer_id == theme.answer_id)
            .outerjoin(machine, machine.answer_id == theme.answer_id)
            .where(*self.where, *self._only_free_text(theme, question_ids),
                   effective.label.in_(SIDES))
            .subquery())
        best = {(theme_id, label): (0, answer_id) for theme_id, label, answer_id in
                db.session.execute(sa.select(ranked.c.theme_id, ranked.c.label,
                                             ranked.c.answer_id).where(ranked.c.place == 1))}
        return _pairs(best)

    def per_day(self) -> dict[date, int]:
        """Responses sent on each day (UTC, like the inbox's date filters)."""
        day = day_of(Response.submitted_at)
        counts: Counter = Counter()
        for value, count in db.session.execute(
                sa.select(day, sa.func.count()).where(*self.where).group_by(day)):
            if value is not None:
                counts[as_date(value)] += count
        return counts


def _add_value(counts: dict[int, Counter], question_id: int, text: str, count: int) -> None:
    """Count an answer value read as JSON text (lists, from multiple choice, as tuples)."""
    value = parse_json_text(text)
    counts[question_id][tuple(value) if isinstance(value, list) else value] += count


def _pairs(best: dict[tuple[str, str], tuple]) -> dict[str, tuple[int | None, int | None]]:
    """(theme, side) -> (strength, answer id) as theme -> (most positive, most negative)."""
    quotes: dict[str, list] = defaultdict(lambda: [None, None])
    for (theme_id, label), (_, answer_id) in best.items():
        quotes[theme_id][SIDES.index(label)] = answer_id
    return {theme_id: tuple(pair) for theme_id, pair in quotes.items()}
