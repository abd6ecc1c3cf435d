"""Keep the summary counts (``models.summary_counts``) equal to what they count.

The rule is one sentence: the count tables always hold the numbers that counting the submitted
responses, their answers and their effective tags from scratch would give. Every change to those
rows goes through here, in the same transaction:

- a response is submitted: :func:`add_responses` once it is stored with its tags;
- responses are deleted: :func:`removing_responses` around the DELETE;
- tags change (a reviewer's decision, a re-tag): :func:`recounting_answers` around the change.

Each of these counts what the affected rows contribute before and after the change, grouped by
day, adds the difference to the day rows and, rolled up in Python, to the month rows. So the
cost follows the size of the change, never the size of the database. ``flask recount`` rebuilds
everything from scratch (after a restore from an old backup, or to check).

The strongest quote of each theme and sentiment cannot be un-added like a count. New answers
compete with the stored one; when the stored one is among the changed answers, that row's
quote is looked up again from the tag tables.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache

import sqlalchemy as sa
from sqlalchemy.dialects import postgresql, sqlite

from ..extensions import db
from ..models import (
    Answer, EffectiveSentiment, EffectiveTheme, MachineSentiment, Question, Response, Status)
from ..models.summary_counts import (
    COUNT_TABLES, NONE, CountedResponses, CountedTexts, CountedThemes, CountedValues)
from ..questionnaires.field_types import FREE_TEXT_TYPES
from .review_filters import start_of

COUNTED_TYPES = frozenset({"yes_no_na", "scale", "single_choice", "multi_choice", "number"})
DIMENSIONS = ("span", "period", "kind", "site_id", "session_id")
SIDES = ("positive", "negative")  # the sentiments a theme's quotes are chosen for
CHUNK = 500  # ids per IN (...), well under every database's parameter limit

# Per table: the columns after the dimensions that complete the key, and the counted columns.
SHAPES = {
    CountedResponses: (("version_id",), ("responses",)),
    CountedValues: (("question_id", "value"), ("answers",)),
    CountedTexts: (("question_id", "label"), ("answers", "themed")),
    CountedThemes: (("theme_id", "label"), ("answers",)),
}


@dataclass
class Contribution:
    """What some responses or answers add to each count table, per day.

    ``counts[table][key]`` holds the counted columns; a key is ("d", day, kind, site id,
    session id, then the table's own key columns). ``quotes[key]`` is the strongest
    (strength, answer id) of a theme row's answers, for positive and negative rows.
    """

    counts: dict = field(default_factory=lambda: {table: {} for table in COUNT_TABLES})
    quotes: dict = field(default_factory=dict)


# --- what the application calls ----------------------------------------------------------------

def add_responses(response_ids: Iterable[int]) -> None:
    """Count responses that have just been submitted (or inserted submitted), with their tags.

    Nothing to lock: the submission's conditional UPDATE already holds the response.
    """
    _apply(Contribution(), _contribution(responses=sorted(set(response_ids))))


@contextmanager
def removing_responses(*conditions) -> Iterator[None]:
    """Wrap a DELETE of submitted responses; ``conditions`` select them on ``Response``."""
    _hold(list(conditions))
    before = _contribution(conditions=list(conditions), flush=False)
    yield
    db.session.flush()
    _apply(before, Contribution(), stale_quotes=_quote_ids(before))


@contextmanager
def recounting_answers(answer_ids: Iterable[int]) -> Iterator[None]:
    """Wrap a change to these answers' machine tags or reviewers' decisions.

    Changes made to the session but not yet written (a re-tag analyses first) are counted as
    the change, not as what was there before.
    """
    ids = sorted(set(answer_ids))
    for chunk in _chunks(ids):
        _hold([Response.id.in_(sa.select(Answer.response_id).where(Answer.id.in_(chunk))
                               .scalar_subquery())])
    before = _contribution(answers=ids, flush=False)
    yield
    db.session.flush()
    _apply(before, _contribution(answers=ids), stale_quotes=ids)


def _hold(conditions: list) -> None:
    """Lock what is about to change before counting it, so that no other transaction can change
    it between the count before and the change (each would add its difference to the same
    starting point). PostgreSQL: the responses' rows, in id order, as every writer here does.
    SQLite: the database's write lock, taken by a write that changes nothing.
    """
    with db.session.no_autoflush:  # pending changes are the change, not the starting point
        if db.session.get_bind().dialect.name == "postgresql":
            db.session.execute(sa.select(Response.id).where(*conditions)
                               .order_by(Response.id).with_for_update())
        else:
            db.session.execute(sa.update(CountedResponses).where(sa.false())
                               .values(responses=CountedResponses.responses))


def rebuild() -> None:
    """Empty the count tables and count everything again, a month of responses at a time (no
    commit)."""
    for table in COUNT_TABLES:
        db.session.execute(sa.delete(table))
    first, last = db.session.execute(
        sa.select(sa.func.min(Response.submitted_at), sa.func.max(Response.submitted_at))
        .where(Response.status == Status.SUBMITTED.value)).one()
    if first is None:
        return
    month, last_day = _utc_date(first).replace(day=1), _utc_date(last)
    while month <= last_day:
        following = next_month(month)
        _apply(Contribution(), _contribution(conditions=[
            Response.submitted_at >= start_of(month),
            Response.submitted_at < start_of(following)]))
        month = following


# --- counting what some rows contribute ---------------------------------------------------------

def _contribution(conditions: list | None = None, responses: list[int] | None = None,
                  answers: list[int] | None = None, flush: bool = True) -> Contribution:
    """Count, per day, what the submitted responses selected by ``conditions`` or ``responses``
    (ids) contribute to every table; or, for ``answers`` (ids), only what those answers'
    tags contribute (their texts and themes).

    :param flush: write the session's pending changes first (not when counting what was there
        before them)
    """
    if flush:
        db.session.flush()
    connection = db.session.connection()
    dialect = connection.dialect.name
    if conditions is not None:
        batches = [(_queries(dialect, "conditions", tuple(conditions)), {})]
    else:
        scope = "answers" if answers is not None else "responses"
        batches = [(_cached_queries(dialect, scope), {"ids": chunk})
                   for chunk in _chunks(answers if answers is not None else responses)]
    result = Contribution()
    for queries, parameters in batches:
        for table, query in queries.items():
            rows = connection.execute(query, parameters)
            if table == "quotes":
                for *key, strength, answer_id in rows:
                    keep_strongest(result.quotes, ("d", as_date(key[0]), *key[1:]),
                                   (strength, answer_id))
            else:
                _collect(result, table, rows)
    return result


@lru_cache(maxsize=8)
def _cached_queries(dialect: str, scope: str) -> dict:
    """The statements for one response or answer at a time, built once (their ids are a
    parameter), since every submission runs them."""
    return _queries(dialect, scope, ())


def _queries(dialect: str, scope: str, conditions: tuple) -> dict:
    """table -> the SELECT of its day rows for the rows in scope ("quotes" -> each theme row's
    candidate quotes)."""
    ids = sa.bindparam("ids", expanding=True)
    where = [Response.status == Status.SUBMITTED.value, *conditions]
    if scope == "responses":
        where.append(Response.id.in_(ids))
    day = day_of(Response.submitted_at, dialect)
    dims = (day, Response.kind, sa.func.coalesce(Response.site_id, NONE),
            sa.func.coalesce(Response.training_session_id, NONE))
    queries = {}
    if scope != "answers":
        queries[CountedResponses] = (
            sa.select(*dims, Response.version_id, sa.func.count()).where(*where)
            .group_by(*dims, Response.version_id))
        as_text = sa.cast(Answer.value, sa.Text)
        queries[CountedValues] = (
            sa.select(*dims, Answer.question_id, as_text, sa.func.count())
            .join(Answer, Answer.response_id == Response.id)
            .join(Question, Question.id == Answer.question_id)
            .where(*where, Question.type.in_(sorted(COUNTED_TYPES)))
            .group_by(*dims, Answer.question_id, as_text))
    text_where = where + ([Answer.id.in_(ids)] if scope == "answers" else [])
    label = sa.func.coalesce(EffectiveSentiment.label, "unrated")
    themed = sa.case((sa.exists().where(EffectiveTheme.answer_id == Answer.id), 1), else_=0)
    queries[CountedTexts] = (
        sa.select(*dims, Answer.question_id, label, sa.func.count(), sa.func.sum(themed))
        .join(Answer, Answer.response_id == Response.id)
        .join(Question, Question.id == Answer.question_id)
        .outerjoin(EffectiveSentiment, EffectiveSentiment.answer_id == Answer.id)
        .where(*text_where, Question.type.in_(sorted(FREE_TEXT_TYPES)))
        .group_by(*dims, Answer.question_id, label))
    theme_where = where + ([EffectiveTheme.answer_id.in_(ids)] if scope == "answers" else [])
    queries[CountedThemes] = (
        sa.select(*dims, EffectiveTheme.theme_id, label, sa.func.count())
        .join(EffectiveTheme, EffectiveTheme.response_id == Response.id)
        .outerjoin(EffectiveSentiment, EffectiveSentiment.answer_id == EffectiveTheme.answer_id)
        .where(*theme_where).group_by(*dims, EffectiveTheme.theme_id, label))
    queries["quotes"] = (
        sa.select(*dims, EffectiveTheme.theme_id, EffectiveSentiment.label,
                  quote_strength(EffectiveSentiment.label, MachineSentiment.polarity),
                  EffectiveTheme.answer_id)
        .join(EffectiveTheme, EffectiveTheme.response_id == Response.id)
        .join(EffectiveSentiment, EffectiveSentiment.answer_id == EffectiveTheme.answer_id)
        .outerjoin(MachineSentiment, MachineSentiment.answer_id == EffectiveTheme.answer_id)
        .where(*theme_where, EffectiveSentiment.label.in_(SIDES)))
    return queries


def _collect(result: Contribution, table, found) -> None:
    width = len(SHAPES[table][1])
    rows = result.counts[table]
    for row in found:
        key = ("d", as_date(row[0]), *row[1:len(row) - width])
        counted = tuple(int(n or 0) for n in row[len(row) - width:])
        earlier = rows.get(key)  # the same day's rows from another batch of ids
        rows[key] = counted if earlier is None else tuple(map(sum, zip(earlier, counted)))


def quote_strength(label, polarity):
    """How far an answer leans to its sentiment's side: smaller is stronger (so that "the
    strongest" sorts first, ties to the lowest answer id)."""
    polarity = sa.func.coalesce(polarity, 0.0)
    return sa.case((label == "positive", -polarity), else_=polarity)


def keep_strongest(quotes: dict, key: tuple, candidate: tuple) -> None:
    if key not in quotes or candidate < quotes[key]:
        quotes[key] = candidate


def _quote_ids(contribution: Contribution) -> list[int]:
    return sorted({answer_id for _, answer_id in contribution.quotes.values()})


# --- adding a difference to the tables ------------------------------------------------------------

def _apply(before: Contribution, after: Contribution, stale_quotes: Iterable[int] = ()) -> None:
    """Add ``after - before`` to the day rows and the month rows; bring in the new strongest
    quotes; look again at rows whose quote was one of ``stale_quotes`` (answer ids).

    The rows to look at again are written with the others (a change of 0), so each table's
    rows are locked in one order, whatever the change.
    """
    stale = _rows_quoting(stale_quotes)
    for table in COUNT_TABLES:
        changes = _with_months(_difference(before.counts[table], after.counts[table]))
        quotes = {}
        if table is CountedThemes:
            quotes = _with_months(after.quotes, combine=min)
            for key in (*quotes, *stale):
                changes.setdefault(key, (0,))
        if changes:
            _upsert(table, changes, quotes)
            _drop_empty(table, [key for key, change in changes.items() if min(change) < 0])
    _requote(stale)


def _rows_quoting(answer_ids: Iterable[int]) -> list[tuple]:
    """Keys of the theme rows whose strongest quote is one of these answers."""
    keys = []
    for chunk in _chunks(answer_ids):
        keys += [(row[0], as_date(row[1]), *row[2:]) for row in db.session.execute(
            sa.select(*(getattr(CountedThemes, c) for c in _key_columns(CountedThemes)))
            .where(CountedThemes.best_answer_id.in_(chunk)))]
    return sorted(keys, key=_sortable)


def _difference(before: dict, after: dict) -> dict:
    changes = {}
    for key in before.keys() | after.keys():
        new, old = after.get(key), before.get(key)
        width = len(new or old)
        delta = tuple((new or (0,) * width)[i] - (old or (0,) * width)[i] for i in range(width))
        if any(delta):
            changes[key] = delta
    return changes


def _with_months(day_rows: dict, combine=None) -> dict:
    """The day rows, plus the same rolled up into month rows (summed, or ``combine``d)."""
    rows = dict(day_rows)
    months: dict = {}
    for key, value in day_rows.items():
        month_key = ("m", key[1].replace(day=1), *key[2:])
        if month_key not in months:
            months[month_key] = value
        elif combine is not None:
            months[month_key] = combine(months[month_key], value)
        else:
            months[month_key] = tuple(a + b for a, b in zip(months[month_key], value))
    rows.update(months)
    return rows


def _key_columns(table) -> tuple[str, ...]:
    return DIMENSIONS + SHAPES[table][0]


def _upsert(table, changes: dict, quotes: dict) -> None:
    """Add the changes to the rows with these keys (creating missing rows) in one statement.

    Rows are written in key order, so two transactions changing the same rows on PostgreSQL
    take their locks in the same order and never deadlock.
    """
    keys, counted = _key_columns(table), SHAPES[table][1]
    rows = []
    for key in sorted(changes, key=_sortable):
        row = dict(zip(keys, key)) | dict(zip(counted, changes[key]))
        if table is CountedThemes:
            strength, answer_id = quotes.get(key, (None, None))
            row |= {"best_answer_id": answer_id, "best_strength": strength}
        rows.append(row)
    connection = db.session.connection()
    connection.execute(_upsert_statement(connection.dialect.name, table), rows)


@lru_cache(maxsize=16)
def _upsert_statement(dialect: str, table):
    """INSERT ... ON CONFLICT DO UPDATE adding the counts (and keeping the stronger quote)."""
    statement = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(
        table.__table__)
    columns = table.__table__.c
    added = {name: columns[name] + getattr(statement.excluded, name)
             for name in SHAPES[table][1]}
    if table is CountedThemes:
        new, old = statement.excluded, columns
        better = sa.or_(old.best_answer_id.is_(None), sa.and_(
            new.best_answer_id.is_not(None), sa.or_(
                new.best_strength < old.best_strength,
                sa.and_(new.best_strength == old.best_strength,
                        new.best_answer_id < old.best_answer_id))))
        added |= {"best_answer_id": sa.case((better, new.best_answer_id),
                                            else_=old.best_answer_id),
                  "best_strength": sa.case((better, new.best_strength),
                                           else_=old.best_strength)}
    return statement.on_conflict_do_update(index_elements=list(_key_columns(table)),
                                           set_=added)


def _drop_empty(table, keys: list[tuple]) -> None:
    """Delete the rows among these that now count nothing, so that purging old responses
    leaves no rows of zeros behind."""
    if not keys:
        return
    names = _key_columns(table)
    db.session.connection().execute(_delete_empty_statement(table), [
        {f"k_{name}": value for name, value in zip(names, key)}
        for key in sorted(keys, key=_sortable)])


@lru_cache(maxsize=8)
def _delete_empty_statement(table):
    columns = table.__table__.c
    return sa.delete(table.__table__).where(
        *(columns[name] == sa.bindparam(f"k_{name}") for name in _key_columns(table)),
        *(columns[name] == 0 for name in SHAPES[table][1]))


def _sortable(key: tuple) -> tuple:
    return tuple(str(part) if isinstance(part, date) else part for part in key)


def _requote(keys: list) -> None:
    """Find again the strongest quote of these theme rows, from the tag tables."""
    if not keys:
        return
    strength = quote_strength(EffectiveSentiment.label, MachineSentiment.polarity)
    for span, period, kind, site_id, session_id, theme_id, label in keys:
        first = as_date(period)
        last = first + timedelta(days=1) if span == "d" else next_month(first)
        best = db.session.execute(
            sa.select(strength, EffectiveTheme.answer_id)
            .join(Response, Response.id == EffectiveTheme.response_id)
            .join(EffectiveSentiment, EffectiveSentiment.answer_id == EffectiveTheme.answer_id)
            .outerjoin(MachineSentiment, MachineSentiment.answer_id == EffectiveTheme.answer_id)
            .where(EffectiveTheme.theme_id == theme_id, EffectiveSentiment.label == label,
                   Response.status == Status.SUBMITTED.value, Response.kind == kind,
                   _same(Response.site_id, site_id),
                   _same(Response.training_session_id, session_id),
                   Response.submitted_at >= start_of(first),
                   Response.submitted_at < start_of(last))
            .order_by(strength, EffectiveTheme.answer_id).limit(1)).first()
        db.session.execute(
            sa.update(CountedThemes).where(*(
                getattr(CountedThemes, column) == value for column, value in zip(
                    _key_columns(CountedThemes),
                    (span, first, kind, site_id, session_id, theme_id, label))))
            .values(best_strength=best[0] if best else None,
                    best_answer_id=best[1] if best else None))


def _same(column, value: int):
    return column.is_(None) if value == NONE else column == value


# --- days -----------------------------------------------------------------------------------------

def day_of(stamp, dialect: str | None = None):
    """The UTC day of a timestamp column, in SQL (the inbox's date filters use UTC days)."""
    if (dialect or db.session.get_bind().dialect.name) == "postgresql":
        return sa.cast(sa.func.timezone("UTC", stamp), sa.Date)
    return sa.func.date(stamp, type_=sa.Date)


def next_month(month: date) -> date:
    """The first day of the month after ``month``'s."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def _utc_date(moment: datetime) -> date:
    """The UTC day of a timestamp read back (naive from SQLite, in the session's zone from
    PostgreSQL)."""
    return (moment.astimezone(timezone.utc) if moment.tzinfo else moment).date()


def as_date(value) -> date:
    """A date read back from the database (SQLite may give its ISO text)."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(set(ids))
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]
