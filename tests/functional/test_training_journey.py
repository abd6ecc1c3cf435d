"""A student answers a training session's feedback form on a phone, with no account."""
import pytest
import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import Answer, FollowUpContact, Response
from flse_feedback.services import journey_rows, responses
from tests.helpers import (
    checked_values, field, field_value, page_text, question_ids, response_by_token, token_from,
    walk_to_check)

USEFUL = "The talk about addiction and prison was really useful and interesting."
IMPROVE = "The room was noisy, the chairs were uncomfortable and the slides were hard to read."


def sections_in(kind):
    from flse_feedback.services import questionnaires

    return len(questionnaires.published_version(kind).sections)


def test_first_page_is_public_and_shows_progress(client, builtins, build):
    build.training_session(slug="week-6", title="Trauma-informed practice")

    page = client.get("/training/week-6")

    assert page.status_code == 200
    text = page_text(page)
    assert "Trauma-informed practice" in text
    assert f"Section 1 of {sections_in('training')}" in text
    assert "Log in" not in text  # students are never asked to log in


def test_unknown_session_is_not_found_and_closed_session_says_so(client, builtins, build):
    build.training_session(slug="old-session", title="Last year's session", is_open=False)

    assert client.get("/training/no-such-session").status_code == 404
    closed = client.get("/training/old-session")
    assert closed.status_code == 200
    assert "Feedback for this session has closed" in page_text(closed)


def test_whole_journey_stores_one_anonymous_tagged_response(client, builtins, build):
    session = build.training_session(slug="week-7")
    first = client.post("/training/week-7", data={
        field("training", "participant_role"): "social_care", "action": "next"})
    assert first.status_code == 302
    token = token_from(first.headers["Location"])

    answers = {
        field("training", "most_useful"): USEFUL,
        field("training", "could_improve"): IMPROVE,
        field("training", "follow_up_email"): "student@example.ac.uk",
        field("training", "relevance"): "5",
    }
    last = walk_to_check(client, "/training", token, sections_in("training"), answers)
    assert last.headers["Location"].endswith(f"/training/r/{token}/check")

    check = client.get(f"/training/r/{token}/check")
    assert USEFUL in page_text(check)
    sent = client.post(f"/training/r/{token}/check")
    assert sent.headers["Location"].endswith(f"/training/r/{token}/done")
    assert "your answers have been sent" in page_text(client.get(sent.headers["Location"]))

    response = response_by_token(token)
    assert response.is_submitted and response.respondent_id is None
    assert response.training_session_id == session.id
    stored = {a.question.key: a for a in response.answers}
    assert stored["participant_role"].value == "social_care"
    assert stored["relevance"].value == 5
    useful = stored["most_useful"]
    assert useful.sentiment is not None and useful.sentiment.label == "positive"
    improve = stored["could_improve"]
    assert "physical_environment" in [t.theme_id for t in improve.themes]
    # The follow-up email is kept apart: not among the answers, not linked to the response.
    assert "follow_up_email" not in stored
    contact = db.session.scalar(sa.select(FollowUpContact))
    assert contact.email == "student@example.ac.uk"
    assert not hasattr(contact, "response_id")
    all_values = db.session.scalars(sa.select(Answer.value)).all()
    assert "student@example.ac.uk" not in all_values


def test_double_tap_on_send_stores_one_response(client, builtins, build):
    build.training_session(slug="week-8")
    token = token_from(client.post("/training/week-8", data={"action": "next"}).headers["Location"])
    walk_to_check(client, "/training", token, sections_in("training"))

    first = client.post(f"/training/r/{token}/check")
    second = client.post(f"/training/r/{token}/check")

    assert first.status_code == second.status_code == 302
    assert second.headers["Location"].endswith("/done")
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Response))
    assert count == 1


def test_a_page_sent_from_another_tab_after_sending_changes_nothing(
        client, builtins, build, monkeypatch):
    """One tab sends the answers while another, opened earlier, still shows a page."""
    build.training_session(slug="week-13")
    token = token_from(client.post("/training/week-13", data={"action": "next"}).headers[
        "Location"])
    walk_to_check(client, "/training", token, sections_in("training"))
    read_before_sending = journey_rows.find_by_token(token)
    assert client.post(f"/training/r/{token}/check").status_code == 302
    before = response_by_token(token)
    answers_before, last_page_before = len(before.answers), before.last_page
    # The other tab's request read the response just before it was sent.
    monkeypatch.setattr(journey_rows, "find_by_token", lambda _token: read_before_sending)

    late = client.post(f"/training/r/{token}/2", data={
        field("training", "engagement"): "1", "action": "next"})

    assert late.status_code == 302 and late.headers["Location"].endswith(f"/r/{token}/done")
    after = response_by_token(token)
    assert after.is_submitted
    assert (len(after.answers), after.last_page) == (answers_before, last_page_before)


def test_saving_into_a_response_sent_meanwhile_is_refused(builtins, build):
    build.training_session(slug="week-14")
    response = build.submitted("training", {"most_useful": USEFUL})
    stale = journey_rows.find_by_token(response.token)
    object.__setattr__(stale, "status", "draft")  # as read before it was sent
    question = question_ids("training")["engagement"]

    with pytest.raises(responses.ResponseLocked):
        responses.save_answers(stale, {question: 2}, resume_page=3)

    db.session.expire_all()
    assert question not in {a.question_id for a in response_by_token(response.token).answers}


def test_back_keeps_answers_and_reopening_the_link_resumes(client, builtins, build):
    build.training_session(slug="week-9")
    role = field("training", "participant_role")
    token = token_from(client.post("/training/week-9", data={
        role: "housing", "action": "next"}).headers["Location"])
    engagement = field("training", "engagement")
    client.post(f"/training/r/{token}/2", data={engagement: "4", "action": "next"})

    back = client.post(f"/training/r/{token}/3", data={"action": "back"})
    assert back.headers["Location"].endswith(f"/r/{token}/2")
    assert checked_values(client.get(f"/training/r/{token}/2"), engagement) == ["4"]
    assert checked_values(client.get(f"/training/r/{token}/1"), role) == ["housing"]

    reopened = client.get("/training/week-9")
    assert reopened.status_code == 302
    assert client.get(reopened.headers["Location"]).headers["Location"].endswith(
        f"/r/{token}/2")


def test_another_browser_cannot_open_a_students_draft(app, client, builtins, build):
    build.training_session(slug="week-10")
    token = token_from(client.post("/training/week-10", data={"action": "next"}).headers[
        "Location"])

    stranger = app.test_client()
    assert stranger.get(f"/training/r/{token}/1").status_code == 404
    assert stranger.post(f"/training/r/{token}/check").status_code == 404


def test_the_draft_cookie_outlives_the_browser_and_is_sent_only_when_it_changes(
        client, builtins, build):
    build.training_session(slug="week-12")
    first = client.post("/training/week-12", data={"action": "next"})
    cookie = first.headers["Set-Cookie"]
    assert cookie.startswith("session=") and "Expires=" in cookie  # survives closing the browser
    token = token_from(first.headers["Location"])

    client.get(f"/training/r/{token}/2")  # the first form shown keeps its CSRF secret
    page = client.get(f"/training/r/{token}/2")
    sent = client.post(f"/training/r/{token}/2", data={"action": "next"})

    assert page.status_code == 200 and sent.status_code == 302
    assert "Set-Cookie" not in page.headers and "Set-Cookie" not in sent.headers
    assert client.get(f"/training/r/{token}/2").status_code == 200  # the draft is still hers


def test_bad_email_is_explained_and_kept(client, builtins, build):
    build.training_session(slug="week-11")
    token = token_from(client.post("/training/week-11", data={"action": "next"}).headers[
        "Location"])
    email = field("training", "follow_up_email")
    last_page = sections_in("training")

    page = client.post(f"/training/r/{token}/{last_page}", data={
        email: "not an email", "action": "next"})

    assert page.status_code == 200
    assert "Enter an email address like name@example.com" in page_text(page)
    assert field_value(page, email) == "not an email"


def test_a_first_page_sent_after_a_new_version_is_published_keeps_its_answers(
        client, builtins, build):
    """A student opens the form, a coproduction worker publishes a new version, the student
    sends the first page: their answers go into the version they saw, not into thin air."""
    from flse_feedback.questionnaires.definitions import builtin_definitions
    from flse_feedback.services import questionnaires

    build.training_session(slug="week-9")
    shown = client.get("/training/week-9").get_data(as_text=True)
    seen_version = questionnaires.published_version("training")
    assert f'name="version_id" value="{seen_version.id}"' in shown
    first_key = seen_version.sections[0].questions[0].key
    definition = next(d for d in builtin_definitions() if d["key"] == "training")
    definition["sections"][0]["questions"][0]["text"] += " (reworded)"
    questionnaires.install_definition(definition)
    db.session.commit()
    assert questionnaires.published_version("training").id != seen_version.id
    question = seen_version.sections[0].questions[0]
    value = question.options["choices"][0]["value"] if question.options.get("choices") \
        else "yes"

    sent = client.post("/training/week-9", data={
        f"q_{question.id}": value, "version_id": seen_version.id, "action": "next"})

    assert sent.status_code == 302
    stored = response_by_token(token_from(sent.headers["Location"]))
    assert stored.version_id == seen_version.id
    assert {a.question.key: a.value for a in stored.answers} == {first_key: value}


def test_a_page_sent_again_changes_clears_and_adds_answers(client, builtins, build):
    build.training_session(slug="week-9")
    first = client.post("/training/week-9", data={
        field("training", "participant_role"): "social_care", "action": "next"})
    token = token_from(first.headers["Location"])
    useful, improve, other = (field("training", key)
                              for key in ("most_useful", "could_improve", "other_training"))
    client.post(f"/training/r/{token}/6",
                data={useful: USEFUL, improve: IMPROVE, "action": "next"})

    assert field_value(client.get(f"/training/r/{token}/6"), improve) == IMPROVE
    sent = client.post(f"/training/r/{token}/6", data={
        useful: "Meeting the trainers.", improve: "", other: "Housing law.", "action": "back"})

    assert sent.headers["Location"].endswith(f"/training/r/{token}/5")
    stored = {a.question_id: a.value for a in response_by_token(token).answers}
    assert stored[int(useful[2:])] == "Meeting the trainers."
    assert stored[int(other[2:])] == "Housing law."
    assert int(improve[2:]) not in stored
    shown = client.get(f"/training/r/{token}/6")
    assert field_value(shown, improve) == "" and field_value(shown, other) == "Housing law."
