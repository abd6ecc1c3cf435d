"""The three forms, tapped through on a phone in a real browser, with JavaScript on and off."""
from __future__ import annotations

import re

import pytest

from flse_feedback.models import Role
from flse_feedback.services import questionnaires
from tests.browser.support import IGNORE_STATIC_FILE_LEAK, expect, login_as, traffic
from tests.helpers import response_by_token

pytestmark = [pytest.mark.browser, IGNORE_STATIC_FILE_LEAK]

VISIT_DATE = "2026-11-20"


@pytest.fixture(params=[True, False], ids=["js", "no-js"])
def phone(request, new_page):
    """A 360 x 740 touch phone, with JavaScript on and then off."""
    return new_page(javascript=request.param)


def question(kind: str, key: str) -> str:
    """The text of a built-in question: its label on the page."""
    version = questionnaires.published_version(kind)
    return next(q.text for q in version.questions() if q.key == key)


def section_count(kind: str) -> int:
    return len(questionnaires.published_version(kind).sections)


def tap(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def on_section(page, number: int, total: int) -> None:
    expect(page.get_by_text(f"Section {number} of {total}", exact=True)).to_be_visible()


def continue_to_check(page, start: int, total: int) -> None:
    """Tap Continue from section ``start`` to the last one, then "Check your answers"."""
    for number in range(start, total):
        on_section(page, number, total)
        tap(page, "Continue")
    on_section(page, total, total)
    tap(page, "Check your answers")
    expect(page.get_by_role("heading", name="Check your answers", level=1)).to_be_visible()


def send(page) -> None:
    tap(page, "Send my answers")
    expect(page.get_by_role("heading", name="Thank you, your answers have been sent")
           ).to_be_visible()


def stayed_home(page) -> None:
    assert traffic(page).foreign() == [], "requests left the live server"


def test_student_gives_training_feedback(phone, builtins, build):
    build.training_session(slug="trauma-week-6", title="Trauma-informed practice")
    total = section_count("training")
    learned = question("training", "do_differently")
    plan = "Ask people what would help before I explain the rules."

    phone.goto("/training/trauma-week-6")
    on_section(phone, 1, total)
    phone.get_by_label("Housing", exact=True).check()
    tap(phone, "Continue")
    on_section(phone, 2, total)

    phone.get_by_role("link", name=re.compile(r"^\W*Back$")).click()  # CSS adds "‹ " before it
    on_section(phone, 1, total)
    expect(phone.get_by_label("Housing", exact=True)).to_be_checked()

    for number in (1, 2, 3):
        on_section(phone, number, total)
        tap(phone, "Continue")
    on_section(phone, 4, total)
    phone.get_by_label(learned).fill(plan)
    tap(phone, "Continue")
    continue_to_check(phone, 5, total)

    expect(phone.get_by_text("Housing", exact=True)).to_be_visible()
    expect(phone.get_by_text(plan, exact=True)).to_be_visible()
    send(phone)
    stayed_home(phone)


def test_volunteer_records_a_mystery_shop(phone, builtins, build):
    volunteer = build.user(Role.VOLUNTEER, name="Alex")
    site = build.site("Jobcentre Plus", area="Hove")
    character = build.scenario("Sam, sofa surfing")
    site_label, character_title = site.label, character.title
    total = section_count("mystery_shop")
    visit_date = question("mystery_shop", "visit_date")

    login_as(phone, volunteer)
    phone.get_by_role("link", name="Mystery shops").click()
    phone.get_by_role("link", name="Start a new visit").click()
    phone.get_by_label("Which service did you visit?").select_option(label=site_label)
    phone.get_by_label("Which character did you play?").select_option(label=character_title)
    tap(phone, "Start the checklist")
    on_section(phone, 1, total)

    tap(phone, "Continue")
    expect(phone).to_have_title(re.compile(r"^Error"))
    expect(phone.get_by_role("link", name="Enter a date to carry on.")).to_be_visible()
    on_section(phone, 1, total)

    phone.get_by_label(visit_date).fill(VISIT_DATE)
    tap(phone, "Save and finish later")
    expect(phone.get_by_text("Your answers are saved.")).to_be_visible()

    phone.get_by_role("link", name="Carry on").click()
    on_section(phone, 1, total)
    expect(phone.get_by_label(visit_date)).to_have_value(VISIT_DATE)
    continue_to_check(phone, 1, total)
    expect(phone.get_by_text("20 Nov 2026").or_(phone.get_by_text(VISIT_DATE)).first
           ).to_be_visible()
    send(phone)

    phone.get_by_role("link", name="Back to my visits").click()
    expect(phone.get_by_role("heading", name="Sent", exact=True)).to_be_visible()
    expect(phone.get_by_text(re.compile(r"^Sent \d"))).to_be_visible()
    expect(phone.get_by_text("You have nothing waiting to be finished.")).to_be_visible()
    stayed_home(phone)


def test_volunteer_records_an_environment_assessment(phone, builtins, build):
    volunteer = build.user(Role.VOLUNTEER, name="Jo")
    site_label = build.site("Housing Options", area="Brighton").label
    total = section_count("environment")
    assessed_on = question("environment", "assessment_date")

    login_as(phone, volunteer)
    phone.get_by_role("link", name="Assessments").click()
    phone.get_by_role("link", name="Start a new assessment").click()
    phone.get_by_label("Which building or service are you assessing?").select_option(
        label=site_label)
    tap(phone, "Start the assessment")
    on_section(phone, 1, total)

    tap(phone, "Continue")
    expect(phone).to_have_title(re.compile(r"^Error"))
    expect(phone.get_by_role("link", name="Enter a date to carry on.")).to_be_visible()
    expect(phone.get_by_role("link", name="Choose an answer to carry on.")).to_be_visible()

    phone.get_by_label(assessed_on).fill(VISIT_DATE)
    phone.get_by_label("Person with lived experience", exact=True).check()
    tap(phone, "Save and finish later")
    expect(phone.get_by_text("Your answers are saved.")).to_be_visible()

    phone.get_by_role("link", name="Carry on").click()
    on_section(phone, 1, total)
    expect(phone.get_by_label("Person with lived experience", exact=True)).to_be_checked()
    continue_to_check(phone, 1, total)
    expect(phone.get_by_text("Person with lived experience", exact=True)).to_be_visible()
    send(phone)

    phone.get_by_role("link", name="Back to my assessments").click()
    expect(phone.get_by_role("heading", name="Sent", exact=True)).to_be_visible()
    expect(phone.get_by_text(re.compile(r"^Sent \d"))).to_be_visible()
    expect(phone.get_by_text("You have nothing waiting to be finished.")).to_be_visible()
    stayed_home(phone)


def test_a_built_questionnaires_condition_works_with_and_without_javascript(phone, build):
    """A follow-up on the same page: hidden by the script until "Yes", settled by the server."""
    from flse_feedback.extensions import db
    from flse_feedback.models import TrainingSession
    from flse_feedback.services import builder

    made = builder.create_questionnaire("Front desk", "training")
    section = builder.add_section(builder.draft_of(made), "Arriving")
    asked = builder.add_question(section, "yes_no_na", {"text": "Were you greeted?"})
    follow_up = builder.add_question(section, "short_text",
                                     {"text": "Who greeted you?", "required": True})
    builder.set_condition(follow_up, asked.key, ["yes"])
    builder.publish(builder.draft_of(made))
    db.session.add(TrainingSession(slug="front-desk", title="Front desk",
                                   questionnaire_id=made.id))
    db.session.commit()

    phone.goto("/training/front-desk")
    who = phone.get_by_label("Who greeted you?")
    javascript = phone.evaluate("() => document.querySelector('[data-show-if]').hidden")
    if javascript:
        expect(who).to_be_hidden()
        phone.get_by_label("Yes", exact=True).check()
        expect(who).to_be_visible()
        phone.get_by_label("No", exact=True).check()
        expect(who).to_be_hidden()
    else:
        expect(who).to_be_visible()
        phone.get_by_label("No", exact=True).check()
    tap(phone, "Check your answers")
    expect(phone.get_by_role("heading", name="Check your answers", level=1)).to_be_visible()
    send(phone)
    token = re.search(r"/r/([^/]+)/", phone.url).group(1)
    sent = response_by_token(token)
    assert [a.question.key for a in sent.answers] == [asked.key]
    stayed_home(phone)
