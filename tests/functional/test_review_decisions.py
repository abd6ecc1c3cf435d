"""Coproduction workers confirm or correct the machine's tags; their word always wins, even
after the tagger runs again, and they can filter the inbox and walk it with next / previous."""
import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import Answer, AuditEvent, HumanTheme, MachineTheme, Role, Theme
from flse_feedback.services import review
from flse_feedback.services.review_filters import ReviewFilter
from tests.helpers import page_text

WAITED = "I waited two hours and nobody explained anything to me."


def answer_of(response, key):
    return next(a for a in response.answers if a.question.key == key)


def submitted(build, text=WAITED, session=None):
    return build.submitted("training", {"could_improve": text},
                           training_session=session or build.training_session())


def test_reviewer_corrects_themes_and_sentiment_and_the_page_shows_it(
        client, builtins, build, login):
    response = submitted(build)
    answer = answer_of(response, "could_improve")
    assert "waiting_access" in [t.theme_id for t in answer.themes]
    login(build.user(Role.REVIEWER))

    saved = client.post(f"/review/responses/{response.id}/answers/{answer.id}", data={
        "themes": ["information_signposting", "staff_attitude"], "sentiment": "negative"})

    assert saved.status_code == 302
    answer = db.session.get(Answer, answer.id)
    assert set(answer.effective_theme_ids()) == {"information_signposting", "staff_attitude"}
    assert answer.effective_sentiment == "negative"
    shown = page_text(client.get(f"/review/responses/{response.id}"))
    assert "Negative (set by a reviewer)" in shown
    removed = db.session.get(HumanTheme, (answer.id, "waiting_access"))
    assert removed is not None and removed.present is False
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "tag_decision"))
    assert event.details["themes"] == ["information_signposting", "staff_attitude"]


def test_decisions_survive_a_retag_after_the_codebook_changes(runner, builtins, build):
    response = submitted(build)
    answer = answer_of(response, "could_improve")
    reviewer = build.user(Role.REVIEWER)
    review.decide_tags(answer, {"information_signposting"}, "neutral", reviewer)
    db.session.get(Theme, "information_signposting").keywords = ["hours"]
    db.session.commit()
    answer_id = answer.id

    result = runner.invoke(args=["retag"])

    assert result.exit_code == 0, result.output
    assert "answers re-tagged" in result.output
    answer = db.session.get(Answer, answer_id)
    machine = {t.theme_id for t in answer.themes}
    assert "information_signposting" in machine  # the new keyword "hours" matched
    assert set(answer.effective_theme_ids()) == {"information_signposting"}
    assert answer.effective_sentiment == "neutral"
    assert db.session.get(HumanTheme, (answer_id, "waiting_access")).present is False


def test_retag_replaces_only_machine_tags(runner, builtins, build):
    response = submitted(build)
    answer_id = answer_of(response, "could_improve").id
    db.session.get(Theme, "waiting_access").active = False
    db.session.commit()

    runner.invoke(args=["retag"])

    remaining = db.session.scalars(sa.select(MachineTheme.theme_id).where(
        MachineTheme.answer_id == answer_id)).all()
    assert "waiting_access" not in remaining


def test_unknown_theme_or_sentiment_is_refused_with_a_message(client, builtins, build, login):
    response = submitted(build)
    answer = answer_of(response, "could_improve")
    login(build.user(Role.REVIEWER))

    refused = client.post(f"/review/responses/{response.id}/answers/{answer.id}",
                          data={"themes": ["made_up"], "sentiment": "furious"},
                          follow_redirects=True)

    assert "One of those themes does not exist any more" in page_text(refused)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(HumanTheme)) == 0


def test_mark_reviewed_with_a_private_note_and_filter_on_it(client, builtins, build, login):
    first, second = submitted(build), submitted(build, "Lovely trainer, very clear.")
    login(build.user(Role.REVIEWER))

    client.post(f"/review/responses/{first.id}/review",
                data={"reviewed": "y", "note": "Raise with the partner."})

    assert "Raise with the partner." in client.get(
        f"/review/responses/{first.id}").get_data(as_text=True)
    not_yet = client.get("/review/?reviewed=no").get_data(as_text=True)
    assert f"/review/responses/{second.id}?" in not_yet
    assert f"/review/responses/{first.id}?" not in not_yet


def test_every_filter_narrows_the_inbox(builtins, build):
    session_a = build.training_session(slug="a")
    session_b = build.training_session(slug="b")
    waited = submitted(build, WAITED, session_a)
    praised = submitted(build, "The trainer was kind and the examples were really useful.",
                        session_b)
    site = build.site("Housing Options")
    visit = build.submitted("mystery_shop", {"visit_date": "2026-11-20",
                                             "one_change": "Security at the door felt unsafe."},
                            respondent=build.user(), site=site, scenario=build.scenario())

    def ids(**args):
        return {r.id for r in review.inbox(filters=ReviewFilter.from_args(args)).responses}

    assert ids() == {waited.id, praised.id, visit.id}
    assert ids(kind="mystery_shop") == {visit.id}
    assert ids(site=str(site.id)) == {visit.id}
    assert ids(session=str(session_b.id)) == {praised.id}
    assert ids(theme="waiting_access") == {waited.id}
    assert ids(sentiment="positive") == {praised.id}
    assert ids(q="UNSAFE") == {visit.id}
    assert ids(q="100%") == set()
    assert ids(kind="training", theme="waiting_access", session=str(session_a.id)) == {waited.id}
    assert ids(since="2000-01-01", until="2100-01-01") == {waited.id, praised.id, visit.id}
    assert ids(until="2000-01-01") == set()
    assert ids(kind="nonsense", site="x", since="yesterday") == {waited.id, praised.id, visit.id}


def test_next_and_previous_walk_the_filtered_list(client, builtins, build, login):
    session = build.training_session(slug="walk")
    oldest, middle, newest = (submitted(build, f"Answer {n}.", session) for n in range(3))
    submitted(build, "Another session's answer.")
    login(build.user(Role.REVIEWER))

    page = client.get(f"/review/responses/{middle.id}?session={session.id}")

    html = page.get_data(as_text=True)
    assert f'/review/responses/{newest.id}?session={session.id}" rel="prev"' in html
    assert f'/review/responses/{oldest.id}?session={session.id}" rel="next"' in html


def test_the_response_page_says_why_a_sentiment_was_given(client, builtins, build, login):
    response = submitted(build, "The trainer was friendly but the session felt rushed.")
    login(build.user(Role.REVIEWER))

    shown = page_text(client.get(f"/review/responses/{response.id}"))

    assert "Read as negative because of: “friendly”, “rushed”" in shown


def test_question_aware_reading_reaches_the_stored_tags(builtins, build):
    nothing = submitted(build, "Nothing")
    answer = answer_of(nothing, "could_improve")
    assert answer.sentiment.label == "positive"  # "nothing to improve" is praise
