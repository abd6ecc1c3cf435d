"""Properties of the form engine for any valid questionnaire and anything posted (Hypothesis).

A definition drawn at random (1-3 sections of 1-6 questions of every registered type, with
valid options) is accepted by ``check_definition``, installs, and builds a form per section.
Whatever is posted, validating never raises; when it passes, the answers are strict JSON, and a
person coming back to the page (stored value -> field data -> the page as a browser sends it
back) stores exactly the same answers. Junk definitions are refused only with
``DefinitionError``.

The broad properties keep to ordinary numbers and dates; the edges (huge numbers, limits with
decimals, years before 1000, blank required answers) each have a focused property with the
smallest known counter-example pinned as an ``@example``, so they fail or pass the same way on
every run.
"""
from __future__ import annotations

import copy
import itertools
import json
import math
from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, example, given, settings, strategies as st
from werkzeug.datastructures import MultiDict

from flse_feedback.extensions import db
from flse_feedback.questionnaires.definitions import KINDS, DefinitionError, check_definition
from flse_feedback.questionnaires.field_types import FIELD_TYPES, NOT_APPLICABLE
from flse_feedback.questionnaires.forms import (
    answers_from_form, build_section_form, display_value, initial_data)
from flse_feedback.services import questionnaires

_keys = itertools.count(1)

DB_SETTINGS = settings(
    max_examples=200, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                           HealthCheck.data_too_large])
PURE_SETTINGS = settings(max_examples=200, deadline=None,
                         suppress_health_check=[HealthCheck.too_slow])

# Types whose field data a returning person gets back exactly as they sent it.
FIELD_DATA_ROUND_TRIPS = {"single_choice", "yes_no_na", "scale", "multi_choice", "date", "time"}
CHOICE_TYPES = ("single_choice", "yes_no_na", "scale")

# Definition text: anything but NUL (which a definition may not hold; see the test for it).
DEFINITION_CHARACTERS = st.characters(codec="utf-8", exclude_characters="\x00")
words = st.text(DEFINITION_CHARACTERS, min_size=1, max_size=30).filter(str.strip)
notes = st.text(DEFINITION_CHARACTERS, max_size=40)
key_strategy = st.from_regex(r"[a-z][a-z0-9_]{0,20}", fullmatch=True)
# The years a date question accepts (see DateType: earlier or later ones are typing slips).
modern_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


# --- valid definitions ---------------------------------------------------------------------

def _choices():
    values = st.text(DEFINITION_CHARACTERS, min_size=1, max_size=20)
    return st.lists(st.tuples(values, words), min_size=2, max_size=6,
                    unique_by=lambda pair: pair[0]).map(
        lambda pairs: [{"value": value, "label": label} for value, label in pairs])


def _limits(whole: bool):
    number = st.integers(-10**6, 10**6)
    if not whole:
        number = st.one_of(number, st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False))
    return st.tuples(st.one_of(st.none(), number), st.one_of(st.none(), number)).map(
        lambda pair: sorted(pair) if None not in pair else list(pair))


@st.composite
def _scale_options(draw) -> dict:
    options = {"scale": draw(st.lists(words, min_size=5, max_size=5))}
    for flag in ("allow_na", "reverse"):
        if draw(st.booleans()):
            options[flag] = draw(st.booleans())
    return options


@st.composite
def number_options(draw, whole_limits: bool = False) -> dict:
    low, high = draw(_limits(whole_limits))
    options = {name: value for name, value in (("min", low), ("max", high)) if value is not None}
    decimals = draw(st.sampled_from([None, 0, 1, 2, 3]))
    if decimals is not None:
        options["decimals"] = decimals
    if draw(st.booleans()):
        options["unit"] = draw(words)
    return options


def options_for(kind: str, whole_limits: bool):
    """Valid type-specific settings for a question of type ``kind``."""
    if kind in ("single_choice", "multi_choice"):
        return _choices().map(lambda choices: {"choices": choices})
    if kind == "scale":
        return _scale_options()
    if kind == "number":
        return number_options(whole_limits)
    if kind == "email":
        return st.one_of(st.just({}), st.booleans().map(lambda keep: {"keep_apart": keep}))
    return st.just({})


@st.composite
def question(draw, key: str, whole_limits: bool) -> dict:
    kind = draw(st.sampled_from(sorted(FIELD_TYPES)))
    result = {"key": key, "type": kind, "text": draw(words)}
    if draw(st.booleans()):
        result["hint"] = draw(notes)
    if draw(st.booleans()):
        result["required"] = draw(st.booleans())
    result.update(draw(options_for(kind, whole_limits)))
    return result


@st.composite
def definitions(draw, whole_limits: bool = False, sections: int = 3, questions: int = 6) -> dict:
    """A valid definition of up to ``sections`` sections of up to ``questions`` questions;
    ``whole_limits`` keeps number limits to whole numbers."""
    sizes = draw(st.lists(st.integers(1, questions), min_size=1, max_size=sections))
    keys = iter(draw(st.lists(key_strategy, min_size=sum(sizes), max_size=sum(sizes),
                              unique=True)))
    sections = []
    for number, size in enumerate(sizes, start=1):
        section = {"title": draw(words),
                   "questions": [draw(question(next(keys), whole_limits)) for _ in range(size)]}
        if draw(st.booleans()):
            section["key"] = f"section_{number}"
        if draw(st.booleans()):
            section["intro"] = draw(notes)
        sections.append(section)
    return {"key": "placeholder", "kind": draw(st.sampled_from(KINDS)), "title": draw(words),
            "intro": draw(notes), "sections": sections}


def _install(definition):
    """Install ``definition`` under a key no other example uses; its version."""
    version, created = questionnaires.install_definition(
        {**definition, "key": f"prop_{next(_keys)}"})
    assert created
    assert len(version.sections) == len(definition["sections"])
    return version


def _one_question(kind: str, **settings_) -> dict:
    return {"key": "one", "kind": "environment", "title": "One question",
            "sections": [{"title": "One", "questions": [
                {"key": "answer", "type": kind, "text": "Your answer?", **settings_}]}]}


# --- what might be posted ------------------------------------------------------------------

def numbers_as_typed():
    """Numbers as anyone might type them, including ones far too big for any question."""
    return st.one_of(
        st.integers(-10**30, 10**30).map(str),
        st.decimals(-10**40, 10**40, allow_nan=False, allow_infinity=False).map(str),
        st.floats(allow_nan=False).map(str),
        st.sampled_from(["1e30", "-1e30", "1e400", "1e5000", "£4.50", "1,000", " 15 ", "NaN",
                         "inf", "1e-400", "0.005", "12.345", "99999999999999999999.99"]),
    )


def modest_numbers_as_typed():
    """Numbers as people type them, small enough for any number question to store."""
    return st.one_of(
        st.integers(-10**12, 10**12).map(str),
        st.decimals(-10**9, 10**9, places=3, allow_nan=False, allow_infinity=False).map(str),
        st.sampled_from(["£4.50", "1,000", " 15 ", "0.005", "12.345", "1e2", "-0"]),
    )


def posted_value(question):
    """What might arrive for ``question``: real answers, and anything at all."""
    field_type = FIELD_TYPES[question.type]
    anything = st.text(max_size=60)
    if question.type in ("multi_choice", *CHOICE_TYPES):
        # Whitespace-only values are test_a_choice_question_stores_only_answers_it_offers's.
        anything = anything.filter(lambda value: value == "" or value.strip())
    if question.type == "multi_choice":
        values = [value for value, _ in field_type.choices(question)]
        return st.lists(st.one_of(st.sampled_from(values), anything), max_size=4)
    if question.type in CHOICE_TYPES:
        values = [value for value, _ in field_type.choices(question)]
        single = st.one_of(st.sampled_from(values), anything)
    elif question.type == "number":
        single = st.one_of(modest_numbers_as_typed(), anything)
    elif question.type == "date":
        single = st.one_of(modern_dates.map(date.isoformat), anything)
    elif question.type == "time":
        single = st.one_of(st.times().map(lambda t: t.strftime("%H:%M")), anything)
    elif question.type == "email":
        single = st.one_of(st.emails(), anything)
    else:
        single = anything
    return single.map(lambda value: [value])


@st.composite
def posted_page(draw, section) -> MultiDict:
    pairs = []
    for question in section.questions:
        if draw(st.integers(0, 9)) == 0:
            continue  # the field is missing from the post altogether
        pairs += [(question.field_name, value) for value in draw(posted_value(question))]
    return MultiDict(pairs)


def _json_ready(value) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return value is None or isinstance(value, (str, int))


def _validated(section, data, enforce_required):
    """Post a drawn page to ``section``'s form: (form class, form, answers or None if refused).

    Call inside a request context.
    """
    form_class = build_section_form(section, enforce_required=enforce_required)
    posted = data.draw(posted_page(section), label=f"posted to {section.title!r}")
    form = form_class(formdata=posted)
    if not form.validate():
        assert form.errors
        return form_class, form, None
    return form_class, form, answers_from_form(form, section)


def _as_a_browser_sends_it(form, section) -> MultiDict:
    """What a browser posts back for a page rendered from ``form`` when Continue is pressed."""
    pairs = []
    for question in section.questions:
        bound = form[question.field_name]
        if question.type == "multi_choice":
            pairs += [(bound.name, value) for value in bound.data or []]
        elif question.type in CHOICE_TYPES:
            pairs += [(bound.name, bound.data)] if bound.data is not None else []
        else:
            pairs.append((bound.name, bound._value()))
    return MultiDict(pairs)


# --- any definition, anything posted -------------------------------------------------------

@PURE_SETTINGS
@given(definitions())
def test_generated_definitions_are_valid(definition):
    check_definition(definition)


@DB_SETTINGS
@given(definition=definitions(), data=st.data())
def test_any_valid_definition_builds_forms_that_take_anything_posted(app, definition, data):
    """Validating never raises; a page that passes gives one strict JSON value per question."""
    check_definition(definition)
    try:
        for section in _install(definition).sections:
            enforce = data.draw(st.booleans(), label="enforce required")
            with app.test_request_context(method="POST"):
                _, _, answers = _validated(section, data, enforce)
            if answers is None:
                continue
            assert set(answers) == {q.id for q in section.questions}
            for value in answers.values():
                assert _json_ready(value), value
            json.dumps(answers, allow_nan=False)
            for question in section.questions:
                assert isinstance(display_value(question, answers[question.id]), str)
    finally:
        db.session.rollback()


@DB_SETTINGS
@given(definition=definitions(whole_limits=True), data=st.data())
def test_a_returning_person_gets_back_exactly_what_was_stored(app, definition, data):
    """Stored value -> field data -> the page as a browser sends it back: the same answers."""
    try:
        for section in _install(definition).sections:
            with app.test_request_context(method="POST"):
                form_class, form, answers = _validated(section, data, False)
                if answers is None:
                    continue
                stored = {qid: value for qid, value in answers.items() if value is not None}
                again = form_class(formdata=None, data=initial_data(section, stored))
                for question in section.questions:
                    name = question.field_name
                    if question.id in stored and question.type in FIELD_DATA_ROUND_TRIPS:
                        posted = form[name].data
                        if question.type == "multi_choice":  # a repeated tick is stored once
                            posted = [v for v in dict.fromkeys(posted) if v != ""]
                        assert again[name].data == posted, question.type
                sent_back = _as_a_browser_sends_it(again, section)
                resubmitted = form_class(formdata=sent_back)
                assert resubmitted.validate(), (resubmitted.errors, sent_back, stored)
                assert answers_from_form(resubmitted, section) == answers
    finally:
        db.session.rollback()


@DB_SETTINGS
@given(data=st.data())
def test_stored_answers_of_every_type_load_back_into_their_fields(app, data):
    """Values the engine itself produced load back and are stored again unchanged."""
    definition = {"key": "all_types", "kind": "training", "title": "All types",
                  "sections": [{"title": "Every type", "questions": [
                      {"key": "choice", "type": "single_choice", "text": "Pick",
                       "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
                      {"key": "ticks", "type": "multi_choice", "text": "Tick",
                       "choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]},
                      {"key": "rating", "type": "scale", "text": "Rate", "allow_na": True,
                       "scale": ["1", "2", "3", "4", "5"]},
                      {"key": "money", "type": "number", "text": "How much", "decimals": 2,
                       "min": 0, "max": 500},
                      {"key": "count", "type": "number", "text": "How many", "min": -5,
                       "max": 10**6},
                      {"key": "day", "type": "date", "text": "When"},
                      {"key": "at", "type": "time", "text": "At"},
                  ]}]}
    try:
        section = _install(definition).sections[0]
        by_key = {q.key: q.id for q in section.questions}
        stored = {
            by_key["choice"]: data.draw(st.sampled_from(["a", "b"])),
            by_key["ticks"]: data.draw(st.lists(st.sampled_from(["a", "b"]), min_size=1,
                                                unique=True)),
            by_key["rating"]: data.draw(st.one_of(st.integers(1, 5), st.just(NOT_APPLICABLE))),
            by_key["money"]: data.draw(st.integers(0, 50000).map(lambda pence: pence / 100)),
            by_key["count"]: data.draw(st.integers(-5, 10**6)),
            by_key["day"]: data.draw(modern_dates).isoformat(),
            by_key["at"]: data.draw(st.times()).strftime("%H:%M"),
        }
        form_class = build_section_form(section)
        with app.test_request_context(method="POST"):
            loaded = form_class(formdata=None, data=initial_data(section, stored))
            assert answers_from_form(loaded, section) == stored
            resubmitted = form_class(formdata=_as_a_browser_sends_it(loaded, section))
            assert resubmitted.validate(), resubmitted.errors
            assert answers_from_form(resubmitted, section) == stored
    finally:
        db.session.rollback()


# --- the edges, each pinned to its smallest known counter-example --------------------------

@DB_SETTINGS
@example(options={"decimals": 2, "min": 0}, typed="1e30")
@example(options={"min": 0}, typed="1e5000")
@given(options=number_options(), typed=st.one_of(numbers_as_typed(), st.text(max_size=30)))
def test_a_number_question_takes_any_typed_number(app, options, typed):
    """Whatever is typed in a number box, with any valid limits and decimals, the page either
    explains what to fix or stores a strict JSON number."""
    try:
        section = _install(_one_question("number", **options)).sections[0]
        name = section.questions[0].field_name
        with app.test_request_context(method="POST"):
            form = build_section_form(section)(formdata=MultiDict({name: typed}))
            if not form.validate():
                assert form.errors[name]
                return
            answers = answers_from_form(form, section)
        json.dumps(answers, allow_nan=False)
        assert _json_ready(answers[section.questions[0].id])
    finally:
        db.session.rollback()


decimal_limits = st.sampled_from([None, 1, 2]).flatmap(lambda decimals: st.tuples(
    st.just(decimals),
    st.lists(st.decimals(-1000, 1000, places=decimals or 0), min_size=2, max_size=2).map(sorted)))


@DB_SETTINGS
@example(limits=(1, [Decimal("0"), Decimal("0.3")]))
@given(limits=decimal_limits)
def test_a_number_typed_exactly_at_its_limits_is_accepted(app, limits):
    """Limits are JSON numbers in the definition, so limits with a point arrive as floats."""
    decimals, (low, high) = limits
    as_json = float if decimals else int
    options = {"min": as_json(low), "max": as_json(high)}
    if decimals:
        options["decimals"] = decimals
    try:
        section = _install(_one_question("number", **options)).sections[0]
        name = section.questions[0].field_name
        for typed in (str(low), str(high)):
            with app.test_request_context(method="POST"):
                form = build_section_form(section)(formdata=MultiDict({name: typed}))
                assert form.validate(), (options, typed, form.errors)
    finally:
        db.session.rollback()


@DB_SETTINGS
@example(decimals=1, low=Decimal("0.25"), typed=Decimal("0.25"))
@given(decimals=st.sampled_from([0, 1, 2]),
       low=st.decimals(-100, 100, places=3),
       typed=st.decimals(-200, 200, places=3))
def test_a_stored_number_keeps_within_the_questions_limits(app, decimals, low, typed):
    """Rounding to the question's decimals must not store a number the question refuses."""
    options = {"min": float(low), "max": float(low) + 50}
    if decimals:
        options["decimals"] = decimals
    try:
        section = _install(_one_question("number", **options)).sections[0]
        name = section.questions[0].field_name
        with app.test_request_context(method="POST"):
            form = build_section_form(section)(formdata=MultiDict({name: str(typed)}))
            if not form.validate():
                return
            value = answers_from_form(form, section)[section.questions[0].id]
        assert options["min"] <= value <= options["max"], (options, str(typed), value)
    finally:
        db.session.rollback()


@DB_SETTINGS
@example(day=date(999, 1, 1))
@given(day=st.dates())
def test_a_date_accepted_on_a_page_is_shown_back_as_it_was_typed(app, day):
    """A date the page accepts is shown back in the form it accepts (YYYY-MM-DD), so coming
    back and pressing Continue keeps it (a browser's date box blanks a value it can't read)."""
    try:
        section = _install(_one_question("date")).sections[0]
        name = section.questions[0].field_name
        form_class = build_section_form(section)
        with app.test_request_context(method="POST"):
            form = form_class(formdata=MultiDict({name: day.isoformat()}))
            if not form.validate():
                assert form.errors[name]
                return
            stored = answers_from_form(form, section)
            shown = form_class(formdata=None, data=initial_data(section, stored))[name]._value()
        assert shown == day.isoformat()
    finally:
        db.session.rollback()


@DB_SETTINGS
@example(kind="scale", typed=" ", enforce_required=False)
@example(kind="single_choice", typed=" ", enforce_required=False)
@given(kind=st.sampled_from(["single_choice", "multi_choice", "yes_no_na", "scale"]),
       typed=st.text(max_size=5), enforce_required=st.booleans())
def test_a_choice_question_stores_only_answers_it_offers(app, kind, typed, enforce_required):
    """Anything else is refused ("Choose one of the answers shown.") or taken as no answer."""
    options = {"choices": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}],
               "scale": ["1", "2", "3", "4", "5"]}
    settings_ = {name: value for name, value in options.items()
                 if name in {"single_choice": ["choices"], "multi_choice": ["choices"],
                             "scale": ["scale"]}.get(kind, [])}
    try:
        section = _install(_one_question(kind, **settings_)).sections[0]
        question_ = section.questions[0]
        offered = {value for value, _ in FIELD_TYPES[kind].choices(question_)}
        with app.test_request_context(method="POST"):
            form = build_section_form(section, enforce_required)(
                formdata=MultiDict({question_.field_name: typed}))
            if not form.validate():
                return
            value = answers_from_form(form, section)[question_.id]
        if value is not None:
            given_values = value if isinstance(value, list) else [str(value)]
            assert set(given_values) <= offered, (kind, typed, value)
    finally:
        db.session.rollback()


@DB_SETTINGS
@example(kind="long_text", typed="   ")
@example(kind="short_text", typed="\n")
@given(kind=st.sampled_from(sorted(FIELD_TYPES)), typed=st.text(max_size=20))
def test_a_required_question_that_passes_its_page_has_an_answer(app, kind, typed):
    """Continue checks required questions, so it must never store a required one as blank."""
    settings_ = {"required": True, **({"choices": [{"value": "a", "label": "A"},
                                                   {"value": "b", "label": "B"}]}
                                      if kind in ("single_choice", "multi_choice") else {}),
                 **({"scale": ["1", "2", "3", "4", "5"]} if kind == "scale" else {})}
    try:
        section = _install(_one_question(kind, **settings_)).sections[0]
        name = section.questions[0].field_name
        with app.test_request_context(method="POST"):
            form = build_section_form(section, enforce_required=True)(
                formdata=MultiDict({name: typed}))
            if not form.validate():
                assert form.errors[name]
                return
            answers = answers_from_form(form, section)
        assert answers[section.questions[0].id] is not None, (kind, typed)
    finally:
        db.session.rollback()


# --- junk definitions ----------------------------------------------------------------------

json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
              st.text(max_size=10)),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=8), children, max_size=4)),
    max_leaves=20)
vocabulary = st.sampled_from(["key", "kind", "title", "intro", "sections", "questions", "type",
                              "text", "hint", "required", "choices", "value", "label", "scale",
                              "allow_na", "reverse", "min", "max", "decimals", "unit",
                              "keep_apart"])
junk_dicts = st.recursive(
    st.dictionaries(st.one_of(vocabulary, st.text(max_size=8)), json_values, max_size=6),
    lambda children: st.dictionaries(
        st.one_of(vocabulary, st.text(max_size=8)),
        st.one_of(json_values, children, st.lists(children, max_size=3)), max_size=6),
    max_leaves=30)


@DB_SETTINGS
@example(text="\x00")
@given(text=st.text(max_size=20))
def test_a_definition_that_passes_the_check_installs_on_every_database(app, text):
    """check_definition runs "before anything reaches the database": what it accepts must
    install on SQLite and PostgreSQL alike (whose text columns refuse NUL)."""
    definition = _one_question("short_text")
    definition["intro"] = text
    definition["sections"][0]["questions"][0]["hint"] = text
    try:
        check_definition(definition)
    except DefinitionError:
        return
    try:
        _install(definition)
    finally:
        db.session.rollback()


@PURE_SETTINGS
@example(junk={"sections": [None]})
@example(junk={"sections": True})
@given(junk=junk_dicts)
def test_junk_definitions_are_refused_only_with_definition_error(junk):
    try:
        check_definition(junk)
    except DefinitionError as error:
        assert error.problems


SMALL = {"key": "small", "kind": "training", "title": "Small", "sections": [
    {"title": "One", "questions": [{"key": "q", "type": "short_text", "text": "Words?"}]}]}


@PURE_SETTINGS
@example(definition=SMALL, where="questionnaire", pick=2, value=[None])  # "sections"
@example(definition=SMALL, where="question", pick=2, value=[])  # "type"
@given(definition=definitions(sections=2, questions=2),
       where=st.sampled_from(["questionnaire", "section", "question"]),
       pick=st.integers(0, 50), value=json_values)
def test_a_valid_definition_with_one_part_broken_is_refused_only_with_definition_error(
        definition, where, pick, value):
    definition = copy.deepcopy(definition)
    section = definition["sections"][pick % len(definition["sections"])]
    question_ = section["questions"][pick % len(section["questions"])]
    target = {"questionnaire": definition, "section": section, "question": question_}[where]
    target[sorted(target)[pick % len(target)]] = value
    try:
        check_definition(definition)
    except DefinitionError as error:
        assert error.problems
