"""Nothing typed is lost when a login or a form token expires in the middle of a long form."""
from tests.helpers import (
    checked_values, field, field_value, page_text, response_by_token, token_from)

TYPED = "Security asked what I wanted before I was even through the door."


def start_visit(client, build):
    started = client.post("/mystery-shop/new",
                          data={"site_id": build.site().id, "scenario_id": build.scenario().id})
    return token_from(started.headers["Location"])


def security_page():
    from flse_feedback.services import questionnaires

    version = questionnaires.published_version("mystery_shop")
    return next(number for number, section in enumerate(version.sections, 1)
                if any(q.key == "security_uneasy" for q in section.questions))


def test_answers_sent_after_the_login_expired_come_back_after_logging_in(
        client, builtins, build, login):
    volunteer = build.user()
    login(volunteer)
    token = start_visit(client, build)
    page, box = security_page(), field("mystery_shop", "security_uneasy")
    with client.session_transaction() as session:
        session.clear()  # the login expired while the phone was in a pocket

    sent = client.post(f"/mystery-shop/r/{token}/{page}", data={box: TYPED, "action": "next"})

    assert sent.status_code == 302 and "/auth/login" in sent.headers["Location"]
    assert "what you typed is safe" in page_text(client.get(sent.headers["Location"]))
    logged_in = client.post(sent.headers["Location"], data={
        "email": volunteer.email, "password": build.PASSWORD})
    assert logged_in.headers["Location"].endswith(f"/mystery-shop/r/{token}/{page}")
    back = client.get(logged_in.headers["Location"])
    assert field_value(back, box) == TYPED
    assert "Here is what you typed before you were logged out" in page_text(back)

    client.post(f"/mystery-shop/r/{token}/{page}", data={box: TYPED, "action": "next"})
    answers = {a.question.key: a.value for a in response_by_token(token).answers}
    assert answers["security_uneasy"] == TYPED
    # Handed back once: reloading shows the saved answer, not a second copy of the held one.
    assert "Here is what you typed" not in page_text(
        client.get(f"/mystery-shop/r/{token}/{page}"))


def test_held_answers_are_only_given_back_to_the_browser_that_sent_them(
        app, client, builtins, build, login):
    volunteer = build.user()
    login(volunteer)
    token = start_visit(client, build)
    page, box = security_page(), field("mystery_shop", "security_uneasy")
    with client.session_transaction() as session:
        session.clear()
    client.post(f"/mystery-shop/r/{token}/{page}", data={box: TYPED, "action": "next"})

    other_browser = app.test_client()
    other_browser.post("/auth/login", data={"email": volunteer.email,
                                            "password": build.PASSWORD})
    assert field_value(other_browser.get(f"/mystery-shop/r/{token}/{page}"), box) == ""


def test_an_expired_form_token_keeps_every_answer_and_asks_to_press_again(
        csrf_client, app, builtins, build):
    build.training_session(slug="late-lecture")
    box = field("training", "participant_role")

    stale = csrf_client.post("/training/late-lecture", data={
        box: "housing", "csrf_token": "expired-token", "action": "next"})

    assert stale.status_code == 200
    assert "please press the button again" in page_text(stale)
    assert checked_values(stale, box) == ["housing"]
