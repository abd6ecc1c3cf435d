"""Hostile and accidental input through the real journeys: nothing breaks, nothing is lost.

Whatever arrives (markup, SQL-looking text, huge bodies, control characters, broken UTF-8,
made-up choices, repeated or unknown fields, odd buttons, impossible numbers, dates and times,
pages and tokens that do not exist), the person gets a page that says what to fix, what they
typed is shown back to them, stored text is exactly what they sent (less surrounding
whitespace), and every page that shows it escapes it.
"""
import json

import pytest
import sqlalchemy as sa
from markupsafe import escape

from flse_feedback.extensions import db
from flse_feedback.models import Answer, Response, Role
from flse_feedback.services import questionnaires
from tests.builders import Builders
from tests.helpers import (
    checked_values, field, field_value, page_text, response_by_token, token_from)

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE_BREAKER = '"><img src=x onerror=alert(1)>'
MARKUP = [SCRIPT, ATTRIBUTE_BREAKER]
RAW_MARKUP_SIGNS = ("<script>alert(1)", "<img src=x", '"><img')
SQL_TEXT = "'; DROP TABLE answers; --"
TOO_MUCH = "That was too much to send at once"
CHOOSE_SHOWN = "Choose one of the answers shown."


# --- helpers -------------------------------------------------------------------------------

def page_of(kind: str, key: str) -> int:
    """The page (1-based) of the built-in ``kind`` that asks question ``key``."""
    version = questionnaires.published_version(kind)
    return next(number for number, section in enumerate(version.sections, start=1)
                if any(q.key == key for q in section.questions))


def sections_in(kind: str) -> int:
    return len(questionnaires.published_version(kind).sections)


def stored(token: str) -> dict:
    """Question key -> stored value for the response with ``token``, fresh from the database."""
    return {answer.question.key: answer.value for answer in response_by_token(token).answers}


def count(model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def assert_escaped(http_response, typed: str) -> None:
    """``typed`` is on the page only in escaped form: no markup from it reaches the browser."""
    html = http_response.get_data(as_text=True)
    assert str(escape(typed)) in html
    for sign in RAW_MARKUP_SIGNS:
        assert sign not in html


def signed_in(app, user):
    """A separate browser, logged in as ``user`` through the real login form."""
    browser = app.test_client()
    answer = browser.post("/auth/login", data={"email": user.email,
                                               "password": Builders.PASSWORD})
    assert answer.status_code == 302, page_text(answer)
    return browser


def review_page(app, build, token: str):
    reviewer = signed_in(app, build.user(Role.REVIEWER))
    page = reviewer.get(f"/review/responses/{response_by_token(token).id}")
    assert page.status_code == 200
    return page


def start_training(client, build, slug: str = "hostile") -> str:
    build.training_session(slug=slug)
    started = client.post(f"/training/{slug}", data={"action": "next"})
    assert started.status_code == 302, page_text(started)
    return token_from(started.headers["Location"])


def start_visit(client, build, login) -> str:
    login(build.user())
    started = client.post("/mystery-shop/new",
                          data={"site_id": build.site().id, "scenario_id": build.scenario().id})
    assert started.status_code == 302, page_text(started)
    return token_from(started.headers["Location"])


def training(key: str) -> tuple[str, int]:
    """(field name, page) of a training question."""
    return field("training", key), page_of("training", key)


def shop(key: str) -> tuple[str, int]:
    """(field name, page) of a mystery shop question."""
    return field("mystery_shop", key), page_of("mystery_shop", key)


def send(client, prefix: str, token: str) -> None:
    sent = client.post(f"{prefix}/r/{token}/check")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/done"), \
        page_text(sent)[:500]


# --- markup --------------------------------------------------------------------------------

@pytest.mark.parametrize("typed", MARKUP, ids=["script", "attribute"])
def test_markup_from_a_student_is_stored_verbatim_and_escaped_on_every_page(
        app, client, builtins, build, typed):
    token = start_training(client, build)
    text, page = training("do_differently")
    choice = field("training", "use_next_month")

    refused = client.post(f"/training/r/{token}/{page}", data={
        text: typed, choice: "not-a-choice", "action": "next"})
    assert refused.status_code == 200
    assert CHOOSE_SHOWN in page_text(refused)
    assert field_value(refused, text) == typed
    assert_escaped(refused, typed)

    saved = client.post(f"/training/r/{token}/{page}", data={
        text: f"  {typed}\r\n", choice: "definitely", "action": "next"})
    assert saved.status_code == 302
    again = client.get(f"/training/r/{token}/{page}")
    assert field_value(again, text) == typed
    assert_escaped(again, typed)

    email, last = training("follow_up_email")
    bad_email = client.post(f"/training/r/{token}/{last}", data={email: typed, "action": "next"})
    assert bad_email.status_code == 200
    assert "Enter an email address like name@example.com" in page_text(bad_email)
    assert field_value(bad_email, email) == typed
    assert_escaped(bad_email, typed)
    for later in range(page + 1, last + 1):
        assert client.post(f"/training/r/{token}/{later}",
                           data={"action": "next"}).status_code == 302

    check = client.get(f"/training/r/{token}/check")
    assert typed in page_text(check)
    assert_escaped(check, typed)
    send(client, "/training", token)

    assert stored(token)["do_differently"] == typed
    assert_escaped(review_page(app, build, token), typed)


@pytest.mark.parametrize("typed", MARKUP, ids=["script", "attribute"])
def test_markup_from_a_volunteer_is_stored_verbatim_and_escaped_on_every_page(
        app, client, builtins, build, login, typed):
    token = start_visit(client, build, login)
    date_field, _ = shop("visit_date")
    client.post(f"/mystery-shop/r/{token}/1", data={date_field: "2026-11-20", "action": "next"})
    short, short_page = shop("jargon_words")
    long_, long_page = shop("best_thing")
    minutes = field("mystery_shop", "minutes_with_staff")

    refused = client.post(f"/mystery-shop/r/{token}/{short_page}", data={
        short: typed, minutes: "about ten", "action": "next"})
    assert refused.status_code == 200
    assert "Enter a number, like 15." in page_text(refused)
    assert field_value(refused, short) == typed
    assert_escaped(refused, typed)
    assert client.post(f"/mystery-shop/r/{token}/{short_page}", data={
        short: typed, "action": "next"}).status_code == 302

    refused = client.post(f"/mystery-shop/r/{token}/{long_page}", data={
        long_: typed, field("mystery_shop", "come_back"): "not-a-choice", "action": "save"})
    assert refused.status_code == 200
    assert CHOOSE_SHOWN in page_text(refused)
    assert field_value(refused, long_) == typed
    assert_escaped(refused, typed)
    assert client.post(f"/mystery-shop/r/{token}/{long_page}", data={
        long_: f"\n{typed}  ", "action": "next"}).status_code == 302

    for page, key in ((short_page, "jargon_words"), (long_page, "best_thing")):
        shown = client.get(f"/mystery-shop/r/{token}/{page}")
        assert field_value(shown, field("mystery_shop", key)) == typed
        assert_escaped(shown, typed)

    check = client.get(f"/mystery-shop/r/{token}/check")
    assert_escaped(check, typed)
    send(client, "/mystery-shop", token)

    answers = stored(token)
    assert answers["jargon_words"] == answers["best_thing"] == typed
    assert_escaped(review_page(app, build, token), typed)


# --- SQL-looking text ----------------------------------------------------------------------

SQL_LIKE = [SQL_TEXT, "Robert'); DROP TABLE responses;--", "1 OR 1=1; --", '" OR ""="']


@pytest.mark.parametrize("typed", SQL_LIKE)
def test_sql_looking_text_is_just_text(app, client, builtins, build, login, typed):
    tables_before = set(sa.inspect(db.engine).get_table_names())
    token = start_visit(client, build, login)
    date_field, _ = shop("visit_date")
    client.post(f"/mystery-shop/r/{token}/1", data={date_field: "2026-11-20", "action": "next"})
    short, short_page = shop("jargon_words")
    long_, long_page = shop("best_thing")
    number, number_page = shop("minutes_with_staff")
    assert short_page == number_page

    refused = client.post(f"/mystery-shop/r/{token}/{number_page}", data={
        short: typed, number: typed, "action": "next"})
    assert refused.status_code == 200
    assert "Enter a number, like 15." in page_text(refused)
    assert field_value(refused, number) == typed
    assert field_value(refused, short) == typed

    assert client.post(f"/mystery-shop/r/{token}/{short_page}", data={
        short: typed, "action": "next"}).status_code == 302
    assert client.post(f"/mystery-shop/r/{token}/{long_page}", data={
        long_: typed, "action": "next"}).status_code == 302
    assert typed in page_text(client.get(f"/mystery-shop/r/{token}/check"))
    send(client, "/mystery-shop", token)

    assert set(sa.inspect(db.engine).get_table_names()) == tables_before
    assert count(Response) == 1
    assert {"visit_date", "jargon_words", "best_thing"} <= set(stored(token))
    assert stored(token)["jargon_words"] == stored(token)["best_thing"] == typed
    assert typed in page_text(review_page(app, build, token))

    reviewer = signed_in(app, build.user(Role.REVIEWER))
    export = reviewer.get("/review/export.jsonl")
    assert export.status_code == 200
    records = [json.loads(line) for line in export.get_data(as_text=True).splitlines()]
    values = {a["question_key"]: a["value"] for a in records[0]["answers"]}
    assert values["jargon_words"] == values["best_thing"] == typed


def test_sql_looking_session_names_and_tokens_are_simply_not_found(client, builtins, build, login):
    build.training_session(slug="real")
    assert client.get("/training/'; DROP TABLE training_sessions; --").status_code == 404
    assert client.get("/training/r/' OR '1'='1/1").status_code == 404
    login(build.user())
    assert client.get("/mystery-shop/r/' OR '1'='1/1").status_code == 404
    assert count(Response) == 0
    assert client.get("/training/real").status_code == 200


# --- too much to send ----------------------------------------------------------------------

TWO_MB = "x" * (2 * 1024 * 1024)


def test_two_megabytes_on_the_first_training_page_is_refused_plainly(client, builtins, build):
    build.training_session(slug="huge")
    role = field("training", "participant_role")

    refused = client.post("/training/huge", data={role: "housing", "comment": TWO_MB,
                                                  "action": "next"})

    assert refused.status_code == 413
    assert TOO_MUCH in page_text(refused)
    assert "shorten your answers" in page_text(refused)
    assert count(Response) == 0 and count(Answer) == 0


def test_two_megabytes_in_a_training_answer_box_changes_nothing(client, builtins, build):
    token = start_training(client, build)
    text, page = training("most_useful")
    assert client.post(f"/training/r/{token}/{page}", data={
        text: "The first thing I wrote.", "action": "next"}).status_code == 302
    before = response_by_token(token)
    last_page, updated_at = before.last_page, before.updated_at

    refused = client.post(f"/training/r/{token}/{page}", data={text: TWO_MB, "action": "next"})

    assert refused.status_code == 413
    assert TOO_MUCH in page_text(refused)
    after = response_by_token(token)
    assert (after.last_page, after.updated_at) == (last_page, updated_at)
    assert stored(token) == {"most_useful": "The first thing I wrote."}


def test_two_megabytes_in_a_mystery_shop_answer_box_changes_nothing(
        client, builtins, build, login):
    token = start_visit(client, build, login)
    text, page = shop("best_thing")
    assert client.post(f"/mystery-shop/r/{token}/{page}", data={
        text: "Kind staff.", "action": "save"}).status_code == 302

    refused = client.post(f"/mystery-shop/r/{token}/{page}", data={text: TWO_MB, "action": "next"})

    assert refused.status_code == 413
    assert TOO_MUCH in page_text(refused)
    assert stored(token) == {"best_thing": "Kind staff."}
    assert response_by_token(token).last_page == page


# --- just over the field limit -------------------------------------------------------------

def test_just_over_ten_thousand_characters_is_explained_and_kept(client, builtins, build):
    token = start_training(client, build)
    text, page = training("most_useful")
    assert client.post(f"/training/r/{token}/{page}", data={
        text: "Short and sweet.", "action": "next"}).status_code == 302
    too_long = ("All of this matters to me. " * 400)[:10_001]

    refused = client.post(f"/training/r/{token}/{page}", data={text: too_long, "action": "next"})

    assert refused.status_code == 200
    assert "Keep this to 10,000 characters or fewer" in page_text(refused)
    assert field_value(refused, text) == too_long
    assert stored(token) == {"most_useful": "Short and sweet."}

    exactly = too_long[:10_000]
    assert client.post(f"/training/r/{token}/{page}", data={
        text: exactly, "action": "next"}).status_code == 302
    assert stored(token) == {"most_useful": exactly.strip()}


def test_just_over_the_short_answer_limit_is_explained_and_kept(client, builtins, build, login):
    token = start_visit(client, build, login)
    short, page = shop("jargon_words")
    too_long = "y" * 501

    refused = client.post(f"/mystery-shop/r/{token}/{page}", data={short: too_long,
                                                                   "action": "save"})

    assert refused.status_code == 200
    assert "Keep this to 500 characters or fewer" in page_text(refused)
    assert field_value(refused, short) == too_long
    assert stored(token) == {}


# --- control characters and broken encodings -----------------------------------------------

CONTROL = ["before\x00after", "\x1b[31mred\x1b[0m text", "del\x7fete", "all\x00of\x1bthem\x7f"]


@pytest.mark.parametrize("typed", CONTROL, ids=["nul", "escape", "delete", "mixed"])
def test_control_characters_are_kept_verbatim_without_breaking_anything(
        app, client, builtins, build, typed):
    """Decision: control characters are the person's text; they are kept, shown and analysed.

    They must never cause a server error, on SQLite or on PostgreSQL (whose text columns cannot
    hold a NUL; answers are JSON, which can).
    """
    token = start_training(client, build)
    text, page = training("do_differently")
    choice = field("training", "use_next_month")

    refused = client.post(f"/training/r/{token}/{page}", data={
        text: typed, choice: "not-a-choice", "action": "next"})
    assert refused.status_code == 200
    assert CHOOSE_SHOWN in page_text(refused)
    assert field_value(refused, text) == typed

    assert client.post(f"/training/r/{token}/{page}", data={
        text: typed, "action": "next"}).status_code == 302
    assert stored(token) == {"do_differently": typed}
    assert field_value(client.get(f"/training/r/{token}/{page}"), text) == typed
    assert client.get(f"/training/r/{token}/check").status_code == 200
    send(client, "/training", token)

    answer = response_by_token(token).answers[0]
    assert answer.value == typed
    assert answer.sentiment is not None  # tagging ran and was stored
    assert review_page(app, build, token).status_code == 200


BROKEN_UTF8 = [b"%ff%fe", b"%ed%a0%80", b"%c3%28", b"%e2%82", b"\xff\xfe", b"\xc3\x28"]


@pytest.mark.parametrize("broken", BROKEN_UTF8, ids=lambda b: b.decode("latin-1"))
def test_invalid_utf8_in_the_body_never_breaks_a_page_or_loses_answers(
        client, builtins, build, broken):
    """Browsers always send valid, percent-encoded UTF-8; a broken client may not.

    Either the page is taken with the readable text kept, or it is refused and nothing changes;
    it must never be taken as a page of blank answers, which would wipe what was saved.
    """
    token = start_training(client, build)
    text, page = training("most_useful")
    other = field("training", "could_improve")
    assert client.post(f"/training/r/{token}/{page}", data={
        text: "Earlier words.", other: "Earlier answer.", "action": "next"}).status_code == 302
    body = (text.encode() + b"=before" + broken + b"after&" + other.encode()
            + b"=Earlier+answer.&action=next")

    answer = client.post(f"/training/r/{token}/{page}", data=body,
                         content_type="application/x-www-form-urlencoded")

    assert answer.status_code in (200, 302, 400), page_text(answer)[:300]
    answers = stored(token)
    if answer.status_code != 302:
        assert answers == {"most_useful": "Earlier words.", "could_improve": "Earlier answer."}
        return
    assert answers["could_improve"] == "Earlier answer."
    value = answers["most_useful"]
    assert isinstance(value, str)
    value.encode("utf-8")  # storable and exportable as UTF-8
    assert value.startswith("before") and value.endswith("after"), (
        f"the page was taken as saved, but what was sent is not what is stored: {value!r}")
    assert client.get(f"/training/r/{token}/{page}").status_code == 200


def test_invalid_utf8_in_field_names_and_the_button_is_ignored(client, builtins, build):
    token = start_training(client, build)
    text, page = training("most_useful")
    body = b"%ff%fe=x&" + text.encode() + b"=fine&action=%ff"

    answer = client.post(f"/training/r/{token}/{page}", data=body,
                         content_type="application/x-www-form-urlencoded")

    assert answer.status_code in (200, 302)
    assert stored(token) in ({}, {"most_useful": "fine"})


# --- choices, required answers, unknown and repeated fields --------------------------------

def test_unknown_radio_choice_is_explained_and_nothing_is_started(client, builtins, build):
    build.training_session(slug="radio")
    role = field("training", "participant_role")

    refused = client.post("/training/radio", data={role: "astronaut", "action": "next"})

    assert refused.status_code == 200
    assert CHOOSE_SHOWN in page_text(refused)
    assert checked_values(refused, role) == []
    assert count(Response) == 0


def test_unknown_checkbox_choice_is_explained_and_real_ticks_kept(client, builtins, build, login):
    token = start_visit(client, build, login)
    ticks, page = shop("accessibility_seen")

    refused = client.post(f"/mystery-shop/r/{token}/{page}", data={
        ticks: ["hearing_loop", "<b>bogus</b>"], "action": "next"})

    assert refused.status_code == 200
    assert CHOOSE_SHOWN in page_text(refused)
    assert checked_values(refused, ticks) == ["hearing_loop"]
    assert "<b>bogus</b>" not in refused.get_data(as_text=True)
    assert stored(token) == {}


@pytest.mark.parametrize("key, typed", [
    ("relevance", " "), ("participant_role", " "), ("pace", "\t"), ("follow_up_ok", " ")])
def test_a_blank_looking_choice_is_neither_a_server_error_nor_stored(
        client, builtins, build, key, typed):
    """A space is not one of the answers shown: it is refused plainly or taken as no answer."""
    token = start_training(client, build)
    name, page = training(key)

    answer = client.post(f"/training/r/{token}/{page}", data={name: typed, "action": "next"})

    assert answer.status_code in (200, 302)
    if answer.status_code == 200:
        assert CHOOSE_SHOWN in page_text(answer)
    assert key not in stored(token)


def test_a_blank_looking_tick_is_not_stored(client, builtins, build, login):
    token = start_visit(client, build, login)
    ticks, page = shop("accessibility_seen")

    answer = client.post(f"/mystery-shop/r/{token}/{page}", data={ticks: " ", "action": "save"})

    assert answer.status_code in (200, 302)
    assert "accessibility_seen" not in stored(token)


def test_required_answer_missing_is_explained_and_the_rest_kept(client, builtins, build, login):
    token = start_visit(client, build, login)
    arrived, contact = field("mystery_shop", "time_arrived"), field("mystery_shop", "contact_type")

    refused = client.post(f"/mystery-shop/r/{token}/1", data={
        arrived: "10:15", contact: "phone", "action": "next"})

    assert refused.status_code == 200
    assert "Enter a date to carry on." in page_text(refused)
    assert field_value(refused, arrived) == "10:15"
    assert checked_values(refused, contact) == ["phone"]
    assert stored(token) == {}
    assert response_by_token(token).last_page == 1


def test_unknown_and_other_pages_fields_are_ignored(client, builtins, build):
    build.training_session(slug="extra")
    role = field("training", "participant_role")
    elsewhere = field("training", "most_useful")  # a real question, but on another page

    started = client.post("/training/extra", data={
        role: "housing", elsewhere: "sneaked in", "q_999999": "no such question",
        "is_admin": "1", "respondent_id": "1", "status": "submitted", "action": "next"})

    assert started.status_code == 302
    token = token_from(started.headers["Location"])
    assert stored(token) == {"participant_role": "housing"}
    response = response_by_token(token)
    assert not response.is_submitted and response.respondent_id is None


def test_a_field_sent_twice_keeps_one_answer(client, builtins, build, login):
    token = start_visit(client, build, login)
    contact = field("mystery_shop", "contact_type")
    date_field = field("mystery_shop", "visit_date")
    assert client.post(f"/mystery-shop/r/{token}/1", data={
        date_field: "2026-11-20", contact: ["phone", "online"], "action": "next"}
    ).status_code == 302
    text, page = shop("best_thing")
    assert client.post(f"/mystery-shop/r/{token}/{page}", data={
        text: ["first words", "second words"], "action": "next"}).status_code == 302

    answers = stored(token)
    assert answers["contact_type"] == "phone"
    assert answers["best_thing"] == "first words"


def test_a_checkbox_ticked_twice_is_stored_once(client, builtins, build, login):
    token = start_visit(client, build, login)
    ticks, page = shop("accessibility_seen")

    saved = client.post(f"/mystery-shop/r/{token}/{page}", data={
        ticks: ["hearing_loop", "hearing_loop", "accessible_toilet"], "action": "next"})

    assert saved.status_code == 302
    assert stored(token) == {"accessibility_seen": ["hearing_loop", "accessible_toilet"]}
    check = page_text(client.get(f"/mystery-shop/r/{token}/check"))
    assert check.count("Hearing loop") == 1


ODD_ACTIONS = ["bogus", "", "NEXT", SCRIPT]


@pytest.mark.parametrize("action", ODD_ACTIONS, ids=["bogus", "empty", "upper", "markup"])
def test_an_unknown_button_works_like_continue(client, builtins, build, login, action):
    token = start_visit(client, build, login)
    date_field = field("mystery_shop", "visit_date")

    carried_on = client.post(f"/mystery-shop/r/{token}/1", data={
        date_field: "2026-11-20", "action": action})

    assert carried_on.status_code == 302
    assert carried_on.headers["Location"].endswith(f"/mystery-shop/r/{token}/2")
    assert stored(token) == {"visit_date": "2026-11-20"}


@pytest.mark.parametrize("action", ["bogus", SCRIPT], ids=["bogus", "markup"])
def test_an_unknown_button_still_asks_for_required_answers(client, builtins, build, login, action):
    """Continue is the default button, so an unknown one must check required answers too."""
    token = start_visit(client, build, login)

    refused = client.post(f"/mystery-shop/r/{token}/1", data={"action": action})

    assert refused.status_code == 200
    assert "Enter a date to carry on." in page_text(refused)
    assert SCRIPT not in refused.get_data(as_text=True)
    assert response_by_token(token).last_page == 1


# --- numbers, dates and times --------------------------------------------------------------

BETWEEN = "Enter a number between 0 and 600."
LIKE_15 = "Enter a number, like 15."


@pytest.mark.parametrize("typed, message", [
    ("1e309", BETWEEN), ("-1e309", BETWEEN), ("99999999999999999999", BETWEEN),
    ("-5", BETWEEN), ("1e999999999", BETWEEN), ("NaN", LIKE_15), ("Infinity", LIKE_15),
    ("-inf", LIKE_15), ("0x10", LIKE_15), ("12.5", "Enter a whole number, like 15."),
])
def test_impossible_minutes_are_explained_and_kept(client, builtins, build, login, typed, message):
    token = start_visit(client, build, login)
    minutes, page = shop("phone_wait_minutes")

    refused = client.post(f"/mystery-shop/r/{token}/{page}", data={minutes: typed,
                                                                   "action": "next"})

    assert refused.status_code == 200
    assert message in page_text(refused)
    assert field_value(refused, minutes) == typed
    assert stored(token) == {}


@pytest.mark.parametrize("typed", ["1e309", "1e30", "99999999999999999999.99", "-0.01", "NaN"])
def test_impossible_money_is_explained_and_kept(client, builtins, build, login, typed):
    token = start_visit(client, build, login)
    money, page = shop("expenses")

    refused = client.post(f"/mystery-shop/r/{token}/{page}",
                          data={money: typed, "action": "next"})

    assert refused.status_code == 200
    assert ("Enter a number between 0 and 500." in page_text(refused)
            or "Enter a number, like 15." in page_text(refused))
    assert field_value(refused, money) == typed
    assert stored(token) == {}


@pytest.mark.parametrize("typed", ["2026-02-30", "2026-13-01", "0000-01-01", "99999-01-01",
                                   "2026-11-20T10:00"])
def test_impossible_date_is_explained_and_kept(client, builtins, build, login, typed):
    token = start_visit(client, build, login)
    date_field = field("mystery_shop", "visit_date")

    refused = client.post(f"/mystery-shop/r/{token}/1", data={date_field: typed,
                                                              "action": "next"})

    assert refused.status_code == 200
    assert "Enter a real date" in page_text(refused)
    assert field_value(refused, date_field) == typed
    assert stored(token) == {}


def test_a_mistyped_year_is_refused_or_shown_back_as_typed(client, builtins, build, login):
    """"0202" for "2022": if the page takes it, it must show it back in a form a date box can
    read (YYYY-MM-DD); a browser blanks a date it can't read, and Continue would then clear it."""
    token = start_visit(client, build, login)
    date_field = field("mystery_shop", "visit_date")

    answer = client.post(f"/mystery-shop/r/{token}/1",
                         data={date_field: "0202-11-20", "action": "next"})

    if answer.status_code == 200:
        assert "Enter a real date" in page_text(answer)
        return
    assert answer.status_code == 302
    assert field_value(client.get(f"/mystery-shop/r/{token}/1"), date_field) == "0202-11-20"


@pytest.mark.parametrize("typed", ["24:00", "23:60", "25:00", "-1:00", "noon"])
def test_impossible_time_is_explained_and_kept(client, builtins, build, login, typed):
    token = start_visit(client, build, login)
    date_field, arrived = field("mystery_shop", "visit_date"), field("mystery_shop",
                                                                     "time_arrived")

    refused = client.post(f"/mystery-shop/r/{token}/1", data={
        date_field: "2026-11-20", arrived: typed, "action": "next"})

    assert refused.status_code == 200
    assert "Enter a time, for example 14:30." in page_text(refused)
    assert field_value(refused, arrived) == typed
    assert field_value(refused, date_field) == "2026-11-20"
    assert stored(token) == {}


# --- pages and tokens that do not exist ----------------------------------------------------

def out_of_range(kind: str) -> list[int]:
    return [0, sections_in(kind) + 1, 10 ** 20]


def test_training_pages_out_of_range_are_not_found(client, builtins, build):
    token = start_training(client, build)
    for page in out_of_range("training"):
        assert client.get(f"/training/r/{token}/{page}").status_code == 404
        assert client.post(f"/training/r/{token}/{page}",
                           data={"action": "next"}).status_code == 404
    assert client.get(f"/training/r/{token}/-1").status_code == 404
    assert client.get(f"/training/r/{token}/two").status_code == 404


def test_mystery_shop_pages_out_of_range_are_not_found(client, builtins, build, login):
    token = start_visit(client, build, login)
    for page in out_of_range("mystery_shop"):
        assert client.get(f"/mystery-shop/r/{token}/{page}").status_code == 404
        assert client.post(f"/mystery-shop/r/{token}/{page}",
                           data={"action": "next"}).status_code == 404
    assert client.get(f"/mystery-shop/r/{token}/-1").status_code == 404


MADE_UP_TOKENS = ["no-such-token", "A" * 43, "x" * 2000, "%00", "abc%00def", "..%2F..%2Fetc"]


@pytest.mark.parametrize("token", MADE_UP_TOKENS,
                         ids=["word", "token-shaped", "long", "nul", "inner-nul", "dots"])
def test_training_tokens_that_do_not_exist_are_not_found(client, builtins, build, token):
    start_training(client, build)  # this browser holds a real draft, just not this one
    for path in ("", "1", "check", "done"):
        assert client.get(f"/training/r/{token}/{path}").status_code == 404
    assert client.post(f"/training/r/{token}/1", data={"action": "next"}).status_code == 404
    assert client.post(f"/training/r/{token}/check").status_code == 404


@pytest.mark.parametrize("token", MADE_UP_TOKENS,
                         ids=["word", "token-shaped", "long", "nul", "inner-nul", "dots"])
def test_mystery_shop_tokens_that_do_not_exist_are_not_found(
        client, builtins, build, login, token):
    login(build.user())
    for path in ("", "1", "check", "done"):
        assert client.get(f"/mystery-shop/r/{token}/{path}").status_code == 404
    assert client.post(f"/mystery-shop/r/{token}/1", data={"action": "next"}).status_code == 404
    assert client.post(f"/mystery-shop/r/{token}/check").status_code == 404


@pytest.mark.parametrize("slug", ["no-such-session", "%00", "week%006"], ids=["word", "nul",
                                                                              "inner-nul"])
def test_training_session_names_that_do_not_exist_are_not_found(client, builtins, build, slug):
    build.training_session(slug="week6")
    assert client.get(f"/training/{slug}").status_code == 404
    assert client.post(f"/training/{slug}", data={"action": "next"}).status_code == 404
    assert count(Response) == 0


def test_a_page_sent_after_logout_to_a_made_up_token_is_not_a_server_error(client, builtins):
    for token in ("no-such-token", "%00"):
        answer = client.post(f"/mystery-shop/r/{token}/1", data={"action": "next"})
        assert answer.status_code in (302, 404), answer.status_code


def test_a_nul_in_the_login_email_is_a_plain_failed_login(client, builtins):
    refused = client.post("/auth/login", data={"email": "someone\x00@example.org",
                                               "password": "whatever it is"})
    assert refused.status_code == 200
    assert "Log in" in page_text(refused)
