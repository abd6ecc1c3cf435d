"""Forms built from stored questions: fresh classes, friendly checks, JSON-ready values."""
import pytest
from werkzeug.datastructures import MultiDict

from flse_feedback.questionnaires.forms import (
    answers_from_form, build_section_form, display_value, initial_data)
from flse_feedback.services import questionnaires

DEFINITION = {
    "key": "engine_check", "kind": "training", "title": "Engine check", "sections": [
        {"key": "all_types", "title": "Every type", "questions": [
            {"key": "yes_no", "type": "yes_no_na", "text": "Was there water?", "required": True},
            {"key": "rating", "type": "scale", "text": "Seats?", "allow_na": True,
             "scale": ["Very poor", "Poor", "OK", "Good", "Very good"]},
            {"key": "mode", "type": "single_choice", "text": "How?", "choices": [
                {"value": "phone", "label": "By phone"}, {"value": "visit", "label": "In person"}]},
            {"key": "felt", "type": "multi_choice", "text": "Felt?", "choices": [
                {"value": "calm", "label": "Calm"}, {"value": "nervous", "label": "Nervous"},
                {"value": "judged", "label": "Judged"}]},
            {"key": "minutes", "type": "number", "text": "Minutes?", "min": 0, "max": 600},
            {"key": "money", "type": "number", "text": "Expenses?", "decimals": 2, "min": 0,
             "max": 500, "unit": "£"},
            {"key": "day", "type": "date", "text": "Date?"},
            {"key": "at", "type": "time", "text": "Time?"},
            {"key": "short", "type": "short_text", "text": "Words?"},
            {"key": "long", "type": "long_text", "text": "Tell us"},
        ]},
    ],
}


@pytest.fixture
def section(app):
    version, _ = questionnaires.install_definition(DEFINITION)
    return version.sections[0]


def ids(section):
    return {q.key: q.field_name for q in section.questions}


def submit(app, section, data, enforce_required=True):
    with app.test_request_context(method="POST"):
        form = build_section_form(section, enforce_required)(formdata=MultiDict(data))
        valid = form.validate()
        return form, valid


def test_every_call_builds_a_new_class_with_one_field_per_question(app, section):
    with app.test_request_context():
        first, second = build_section_form(section), build_section_form(section)
        assert first is not second
        names = [f.name for f in first() if f.name != "csrf_token"]
    assert names == [q.field_name for q in section.questions]


def test_valid_answers_become_json_ready_values(app, section):
    f = ids(section)
    data = MultiDict([(f["yes_no"], "no"), (f["rating"], "na"), (f["mode"], "visit"),
                      (f["felt"], "calm"), (f["felt"], "judged"), (f["minutes"], " 15 "),
                      (f["money"], "£4.50"), (f["day"], "2026-11-20"), (f["at"], "09:05"),
                      (f["short"], "  a few words "), (f["long"], "")])
    form, valid = submit(app, section, data)
    assert valid, form.errors
    values = {q.key: v for q, v in zip(section.questions,
                                       answers_from_form(form, section).values())}
    assert values == {"yes_no": "no", "rating": "na", "mode": "visit", "felt": ["calm", "judged"],
                      "minutes": 15, "money": 4.5, "day": "2026-11-20", "at": "09:05",
                      "short": "a few words", "long": None}


def test_a_required_answer_can_wait_when_going_back_but_not_when_continuing(app, section):
    form, valid = submit(app, section, {})
    assert not valid
    assert form[ids(section)["yes_no"]].errors == ["Choose an answer to carry on."]
    _, valid_going_back = submit(app, section, {}, enforce_required=False)
    assert valid_going_back


@pytest.mark.parametrize("typed, message", [
    ("ten", "Enter a number, like 15."),
    ("2.5", "Enter a whole number, like 15."),
    ("601", "Enter a number between 0 and 600."),
    ("-1", "Enter a number between 0 and 600."),
    ("NaN", "Enter a number, like 15."),
])
def test_numbers_get_messages_a_person_can_act_on(app, section, typed, message):
    f = ids(section)
    form, valid = submit(app, section, {f["yes_no"]: "yes", f["minutes"]: typed})
    assert not valid
    assert form[f["minutes"]].errors == [message]
    assert form[f["minutes"]].data == typed  # what was typed is shown again


def test_unknown_choice_values_are_refused(app, section):
    f = ids(section)
    form, valid = submit(app, section, {f["yes_no"]: "maybe", f["mode"]: "carrier-pigeon"})
    assert not valid
    assert form[f["mode"]].errors == ["Choose one of the answers shown."]


def test_bad_dates_and_times_are_explained(app, section):
    f = ids(section)
    form, valid = submit(app, section, {f["yes_no"]: "yes", f["day"]: "31/02/2026",
                                        f["at"]: "25:99"})
    assert not valid
    assert form[f["day"]].errors == ["Enter a real date, for example 26/11/2026."]
    assert form[f["at"]].errors == ["Enter a time, for example 14:30."]


def test_stored_answers_fill_the_form_again_and_read_as_words(app, section):
    by_key = {q.key: q for q in section.questions}
    stored = {by_key["rating"].id: 4, by_key["day"].id: "2026-11-20",
              by_key["felt"].id: ["nervous"], by_key["mode"].id: "phone"}
    with app.test_request_context():
        form = build_section_form(section)(data=initial_data(section, stored))
        assert form[by_key["rating"].field_name].data == "4"
        assert str(form[by_key["day"].field_name].data) == "2026-11-20"
    assert display_value(by_key["rating"], 4) == "4 – Good"
    assert display_value(by_key["mode"], "phone") == "By phone"
    assert display_value(by_key["felt"], ["nervous", "calm"]) == "Nervous; Calm"
    assert display_value(by_key["yes_no"], "na") == "Not applicable or didn't see"
