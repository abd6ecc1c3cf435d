"""The summary's running counts always give the numbers counting the responses would give.

Responses arrive, reviewers change tags, the tagger runs again, a volunteer's data is deleted,
old responses are purged: after each, the counts kept up to date along the way must equal the
counts rebuilt from scratch, and a summary read from them must equal the summary counted from
the responses themselves, for every kind of filter the counts answer (kind, site, session, and
date ranges that start and end inside months, on month boundaries, or in one day).
"""
from __future__ import annotations

import importlib.util
import random
import threading
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import (
    Answer, CountedResponses, CountedTexts, CountedThemes, CountedValues, Question, Response, Role,
    User)
from flse_feedback.models.summary_counts import COUNT_TABLES
from flse_feedback.services import (
    demo, questionnaires, retention, review, summaries, summary_counts, tagging,
    users)
from flse_feedback.services.review_filters import ReviewFilter
from flse_feedback.services.summary_sources import CountedSource, LiveSource, periods

MIGRATION = next((Path(__file__).resolve().parents[2] / "migrations" / "versions")
                 .glob("*_running_counts_for_the_summary_page.py"))
START = date(2026, 1, 27)  # responses are spread from late January to early April


@pytest.fixture
def fieldwork(builtins, build):
    """Forty responses of the three kinds at two sites and two sessions over ten weeks, with
    the demo's written answers (so they carry sentiments and themes)."""
    rng = random.Random(7)
    sites = [build.site("North"), build.site("South")]
    sessions = [build.training_session(), build.training_session()]
    people = [build.user(), build.user()]
    made = []
    for number in range(40):
        kind = ("mystery_shop", "environment", "training")[number % 3]
        version = questionnaires.published_version(kind)
        answers = {q.key: value for q in version.questions()
                   if (value := demo.random_answer(q, rng)) is not None and q.type != "email"}
        context = ({"training_session": rng.choice(sessions)} if kind == "training" else
                   {"site": rng.choice(sites), "respondent": rng.choice(people)})
        response = build.submitted(kind, answers, **context)
        when = datetime.combine(START + timedelta(days=rng.randint(0, 70)),
                                time(rng.randint(0, 23)), tzinfo=timezone.utc)
        made.append(build.sent_on(response, when))
    edges = [datetime(2026, 3, 1, 0, 30), datetime(2026, 2, 28, 23, 30),
             datetime(2026, 4, 1, 0, 10), datetime(2026, 3, 31, 23, 50),
             datetime(2026, 2, 1, 0, 0), datetime(2026, 2, 10, 12, 0)]
    for response, when in zip(made, edges):  # the first and last moments of months
        build.sent_on(response, when.replace(tzinfo=timezone.utc))
    return {"sites": sites, "sessions": sessions, "people": people, "responses": made}


def filters_to_check(fieldwork) -> list[ReviewFilter]:
    site, session = fieldwork["sites"][0], fieldwork["sessions"][1]
    return [
        ReviewFilter(),
        ReviewFilter(kind="mystery_shop"),
        ReviewFilter(site=site.id),
        ReviewFilter(site=site.id, kind="environment"),
        ReviewFilter(session=session.id),
        ReviewFilter(since=date(2026, 2, 1)),                       # from a month's first day
        ReviewFilter(until=date(2026, 2, 28)),                      # to a month's last day
        ReviewFilter(since=date(2026, 2, 10), until=date(2026, 3, 20)),   # inside months
        ReviewFilter(since=date(2026, 1, 30), until=date(2026, 4, 2)),    # whole months between
        ReviewFilter(since=date(2026, 2, 14), until=date(2026, 2, 20)),   # inside one month
        ReviewFilter(site=site.id, since=date(2026, 3, 1), until=date(2026, 3, 31)),
        ReviewFilter(since=date(2026, 3, 5), until=date(2026, 3, 5)),     # one day
        ReviewFilter(since=date(2026, 3, 9), until=date(2026, 3, 1)),     # nothing
        ReviewFilter(site=999_999),
    ]


def everything_a_summary_reads(source, questions) -> dict:
    counted = [i for i, q in questions.items() if q.type in summary_counts.COUNTED_TYPES]
    free_text = [i for i, q in questions.items() if q.type in ("short_text", "long_text")]
    return {
        "per_version": source.per_version(),
        "values": {q: dict(c) for q, c in source.value_counts(counted).items() if c},
        "free_text": source.free_text_counts(free_text),
        "themes": source.theme_counts(free_text),
        "quotes": source.strongest_quotes(free_text),
        "per_day": dict(source.per_day()),
    }


def assert_counts_are_right(fieldwork) -> None:
    """Kept counts == rebuilt counts, and counted summaries == live summaries."""
    questions = {q.id: q for q in db.session.scalars(sa.select(Question))}
    for filters in filters_to_check(fieldwork):
        assert (everything_a_summary_reads(CountedSource(filters), questions)
                == everything_a_summary_reads(LiveSource(filters), questions)), filters
    kept = table_rows()
    summary_counts.rebuild()
    assert table_rows() == kept
    db.session.rollback()


def table_rows() -> dict:
    """Every count table's rows (rows of zeros included: there should be none)."""
    return {table.__tablename__: sorted(tuple(str(v) for v in row) for row in
                                        db.session.execute(sa.select(table.__table__)))
            for table in COUNT_TABLES}


def test_counts_match_the_responses_as_they_arrive(fieldwork):
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CountedResponses)) > 0
    assert_counts_are_right(fieldwork)


def test_counts_follow_reviewers_decisions_and_a_retag(fieldwork, build, monkeypatch):
    monkeypatch.setattr(summary_counts, "CHUNK", 3)  # changes bigger than one IN (...) list
    reviewer = build.user(Role.REVIEWER)
    written = list(db.session.scalars(
        sa.select(Answer).join(Question).where(Question.type.in_(("short_text", "long_text")))
        .order_by(Answer.id)))
    rng = random.Random(3)
    for answer in rng.sample(written, 12):
        themes = set(rng.sample(["waiting_access", "staff_attitude", "privacy"],
                                rng.randint(0, 2)))
        sentiment = rng.choice(["positive", "negative", "neutral", None])
        review.decide_tags(answer, themes, sentiment, reviewer)
    assert_counts_are_right(fieldwork)

    tagging.retag(batch_size=7)
    assert_counts_are_right(fieldwork)


def test_a_decision_made_while_a_retag_writes_waits_and_is_counted_once(
        fieldwork, build, app, monkeypatch):
    """A reviewer saving a decision on an answer the tagger is rewriting waits for the re-tag
    to finish, then counts its own change from what the re-tag left."""
    reviewer_id = build.user(Role.REVIEWER).id
    target = db.session.scalar(sa.select(Answer.id).join(Question).where(
        Question.type == "long_text").order_by(Answer.id))
    db.session.commit()
    errors = []

    def decide_meanwhile():
        with app.app_context():
            try:
                review.decide_tags(db.session.get(Answer, target), {"staff_attitude", "privacy"},
                                   "negative", db.session.get(User, reviewer_id))
            except Exception as error:  # noqa: BLE001 - reported below
                errors.append(error)
            finally:
                db.session.remove()

    reviewer = threading.Thread(target=decide_meanwhile)
    count, retagging = summary_counts._contribution, threading.current_thread()

    def count_then_let_the_reviewer_in(*args, **kwargs):
        counted = count(*args, **kwargs)
        if threading.current_thread() is retagging and not reviewer.is_alive():
            # The re-tag has counted its answers as they were and not yet written anything.
            reviewer.start()
            reviewer.join(timeout=0.5)
            assert reviewer.is_alive(), "the decision did not wait for the re-tag"
        return counted

    monkeypatch.setattr(summary_counts, "_contribution", count_then_let_the_reviewer_in)
    tagging.retag_batch(0, batch_size=10_000)
    reviewer.join(timeout=30)
    monkeypatch.undo()

    assert not errors
    db.session.expire_all()
    assert db.session.get(Answer, target).effective_sentiment == "negative"
    assert_counts_are_right(fieldwork)


def test_tags_are_decided_only_on_written_answers_of_sent_responses(fieldwork, build):
    rating = db.session.scalar(sa.select(Answer).join(Question).where(Question.type == "scale"))
    with pytest.raises(review.ReviewError):
        review.decide_tags(rating, {"privacy"}, "positive", build.user(Role.REVIEWER))


def test_a_date_far_in_the_future_gives_an_empty_summary(fieldwork, client, build, login):
    login(build.user(Role.REVIEWER))
    for args in ({"since": "9999-12-05"}, {"until": "9999-12-31", "since": "9999-12-31"}):
        page = client.get("/review/summary", query_string=args)
        assert page.status_code == 200
        assert "No responses match" in page.get_data(as_text=True)


def test_a_quote_that_stops_being_the_strongest_is_replaced(fieldwork, build):
    site = fieldwork["sites"][0]
    before = summaries.summarise(ReviewFilter(site=site.id)).themes
    theme = next(t for t in before.themes if t.most_negative is not None)
    answer = db.session.get(Answer, theme.most_negative)

    review.decide_tags(answer, set(answer.effective_theme_ids()) - {theme.theme_id}, None,
                       build.user(Role.REVIEWER))

    after = summaries.summarise(ReviewFilter(site=site.id)).themes
    now = next((t for t in after.themes if t.theme_id == theme.theme_id), None)
    assert now is None or now.most_negative != answer.id
    assert_counts_are_right(fieldwork)


def test_counts_follow_a_volunteers_data_being_deleted_and_a_purge(fieldwork, build):
    admin = build.user(Role.ADMIN)
    users.delete_user_and_data(fieldwork["people"][0], admin)
    assert_counts_are_right(fieldwork)

    retention.purge(8, now=datetime(2026, 11, 1, tzinfo=timezone.utc))  # before 1 March
    assert db.session.scalar(sa.select(sa.func.min(Response.submitted_at)).where(
        Response.status == "submitted")).date() >= date(2026, 3, 1)
    assert_counts_are_right(fieldwork)


def test_the_summary_page_reads_the_counts_not_the_responses(fieldwork):
    """Proof the fast path is the one taken: emptied counts give an empty summary."""
    site = fieldwork["sites"][1]
    assert summaries.summarise(ReviewFilter(site=site.id)).total > 0
    for table in COUNT_TABLES:
        db.session.execute(sa.delete(table))
    assert summaries.summarise(ReviewFilter(site=site.id)).total == 0
    # A filter the counts cannot answer still counts the responses.
    assert summaries.summarise(ReviewFilter(site=site.id, reviewed="no")).total > 0
    db.session.rollback()


def test_the_migration_counts_existing_responses_as_the_app_does(fieldwork, build):
    review.decide_tags(db.session.scalars(sa.select(Answer).join(Question).where(
        Question.type == "long_text")).first(), {"staff_attitude"}, "positive",
        build.user(Role.REVIEWER))
    kept = table_rows()
    spec = importlib.util.spec_from_file_location("running_counts", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for table in COUNT_TABLES:
        db.session.execute(sa.delete(table))
    for statement in migration.backfill(db.session.get_bind().dialect.name):
        db.session.execute(sa.text(statement))
    assert table_rows() == kept
    db.session.rollback()


@pytest.mark.parametrize("since, until, expected", [
    (None, None, [("m", None, None)]),
    (date(2026, 2, 1), date(2026, 3, 31), [("m", ">= 2026-02-01", "< 2026-04-01")]),
    (date(2026, 2, 10), date(2026, 4, 5), [
        ("m", ">= 2026-03-01", "< 2026-04-01"), ("d", ">= 2026-02-10", "< 2026-03-01"),
        ("d", ">= 2026-04-01", "<= 2026-04-05")]),
    (date(2026, 2, 10), date(2026, 2, 20), [("d", ">= 2026-02-10", "<= 2026-02-20")]),
    (date(2026, 2, 10), None, [("m", ">= 2026-03-01", None),
                               ("d", ">= 2026-02-10", "< 2026-03-01")]),
    (None, date(2026, 2, 10), [("m", None, "< 2026-02-01"),
                               ("d", ">= 2026-02-01", "<= 2026-02-10")]),
])
def test_a_date_range_is_read_as_whole_months_and_the_days_either_side(since, until, expected):
    def bound(condition: str) -> str:  # "summary_values.period >= '2026-02-01'" -> ">= 2026-.."
        operator, value = condition.split(" ")[1], condition.split("'")[1]
        return f"{operator} {value}"

    stretches = periods(CountedValues, since, until)
    described = []
    for stretch in stretches:
        compiled = [str(c.compile(compile_kwargs={"literal_binds": True})) for c in stretch]
        span = "m" if "'m'" in compiled[0] else "d"
        lower = next((bound(c) for c in compiled[1:] if ">" in c), None)
        upper = next((bound(c) for c in compiled[1:] if "<" in c), None)
        described.append((span, lower, upper))
    assert described == expected


def test_recount_command_rebuilds_the_counts(fieldwork, runner):
    kept = table_rows()
    db.session.execute(sa.delete(CountedTexts))
    db.session.execute(sa.update(CountedThemes).values(answers=99))
    db.session.commit()

    result = runner.invoke(args=["recount"])

    assert result.exit_code == 0, result.output
    assert "rebuilt" in result.output
    assert table_rows() == kept
