"""The inbox filters read each answer's tags as they stand (the reviewer's word, else the
machine's) from derived tables; these must follow every submission, decision and re-tag."""
import random

import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import (
    Answer, EffectiveSentiment, EffectiveTheme, Response, Role, Theme)
from flse_feedback.services import effective_tags, review, users
from flse_feedback.services.review_filters import ReviewFilter

WAITED = "I waited two hours and nobody explained anything to me."
KIND = "The trainer was friendly and really helpful."
TEXTS = [WAITED, KIND, "The room was noisy and the signs were confusing.",
         "I felt safe and listened to; the staff were kind.", "Nothing to add."]


def derived(answer_id):
    """(sentiment, themes) as the derived tables hold them for one answer."""
    label = db.session.scalar(sa.select(EffectiveSentiment.label).where(
        EffectiveSentiment.answer_id == answer_id))
    themes = set(db.session.scalars(sa.select(EffectiveTheme.theme_id).where(
        EffectiveTheme.answer_id == answer_id)))
    return label, themes


def as_shown(answer):
    """(sentiment, themes) as the response page shows them, from the source tables."""
    return answer.effective_sentiment, set(answer.effective_theme_ids())


def listed(**filters):
    page = review.inbox(filters=ReviewFilter(**filters))
    return {r.id for r in page.responses}, page.total


def free_text_answers(response):
    return [a for a in db.session.get(Response, response.id).answers if isinstance(a.value, str)]


def test_a_reviewers_decision_moves_the_response_between_filtered_lists(builtins, build):
    session = build.training_session()
    response = build.submitted("training", {"could_improve": WAITED}, training_session=session)
    answer = free_text_answers(response)[0]
    assert response.id in listed(theme="waiting_access")[0]
    assert response.id not in listed(theme="staff_attitude")[0]

    review.decide_tags(answer, {"staff_attitude"}, "positive", build.user(Role.REVIEWER))

    assert listed(theme="waiting_access") == (set(), 0)
    assert listed(theme="staff_attitude") == ({response.id}, 1)
    assert listed(sentiment="positive") == ({response.id}, 1)
    assert listed(sentiment="negative") == (set(), 0)
    assert listed(sentiment="positive", theme="staff_attitude", session=session.id)[1] == 1


def test_derived_tags_always_match_what_the_response_page_shows(builtins, build, runner):
    """Random decisions on random answers, then a codebook change and a re-tag: after every
    step the derived rows equal the source tables' answer for every answer."""
    rng = random.Random(20261126)
    session = build.training_session()
    reviewer = build.user(Role.REVIEWER)
    answers = []
    for _ in range(6):
        response = build.submitted("training", {
            "could_improve": rng.choice(TEXTS), "most_useful": rng.choice(TEXTS)},
            training_session=session)
        answers += free_text_answers(response)
    theme_ids = [t.id for t in review.themes_for_choice()]

    def check_all():
        db.session.expire_all()
        for answer in answers:
            fresh = db.session.get(Answer, answer.id)
            assert derived(fresh.id) == as_shown(fresh), fresh.value

    check_all()
    for answer in rng.sample(answers, 7):
        fresh = db.session.get(Answer, answer.id)
        chosen = set(rng.sample(theme_ids, rng.randint(0, 2)))
        if rng.random() < 0.5:
            chosen |= {t.theme_id for t in fresh.themes}  # confirm what the machine found
        review.decide_tags(fresh, chosen, rng.choice(["", "positive", "negative"]), reviewer)
    check_all()

    db.session.get(Theme, "physical_environment").keywords = ["signs", "room"]
    db.session.commit()
    assert runner.invoke(args=["retag"]).exit_code == 0
    check_all()


def test_rebuilding_from_scratch_gives_the_same_rows(builtins, build):
    session = build.training_session()
    response = build.submitted("training", {"could_improve": WAITED, "most_useful": KIND},
                               training_session=session)
    answer = free_text_answers(response)[0]
    review.decide_tags(answer, {"staff_attitude"}, "neutral", build.user(Role.REVIEWER))
    before = {a.id: derived(a.id) for a in free_text_answers(response)}

    effective_tags.rebuild_all()
    db.session.commit()

    assert {a.id: derived(a.id) for a in free_text_answers(response)} == before


def test_deleting_a_volunteers_data_leaves_no_derived_rows(builtins, build):
    volunteer = build.user(Role.VOLUNTEER)
    build.submitted("mystery_shop", {"visit_date": "2026-11-02", "one_change": WAITED},
                    respondent=volunteer, site=build.site())
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EffectiveSentiment)) > 0

    users.delete_user_and_data(volunteer, build.user(Role.ADMIN))

    assert db.session.scalar(sa.select(sa.func.count()).select_from(EffectiveSentiment)) == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EffectiveTheme)) == 0


def test_a_submission_writes_the_rows_a_rebuild_would(builtins, build):
    """A submission writes its answers' rows directly, not recomputed from the tag tables: they
    must be exactly the rows recomputing gives, column for column."""
    session = build.training_session()
    for texts in ((WAITED, KIND), (TEXTS[2], TEXTS[3]), (TEXTS[4], WAITED)):
        build.submitted("training", dict(zip(("could_improve", "most_useful"), texts)),
                        training_session=session)

    def all_rows():
        return (set(db.session.execute(sa.select(
                    EffectiveSentiment.answer_id, EffectiveSentiment.response_id,
                    EffectiveSentiment.label))),
                set(db.session.execute(sa.select(
                    EffectiveTheme.answer_id, EffectiveTheme.theme_id,
                    EffectiveTheme.response_id))))

    submitted = all_rows()
    assert submitted[0] and submitted[1]
    effective_tags.rebuild_all()
    db.session.commit()
    assert all_rows() == submitted
