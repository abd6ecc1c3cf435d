"""'Show this question only if': checked in definitions, decided in form order."""
import copy
from types import SimpleNamespace

import pytest

from flse_feedback.questionnaires.conditions import hidden_question_ids
from flse_feedback.questionnaires.definitions import DefinitionError, check_definition

BASE = {"key": "c", "kind": "training", "title": "C", "sections": [
    {"key": "one", "title": "One", "questions": [
        {"key": "came", "type": "yes_no_na", "text": "Did you come?"},
        {"key": "rating", "type": "scale", "text": "How was it?",
         "scale": ["a", "b", "c", "d", "e"]},
        {"key": "why", "type": "short_text", "text": "Why?"},
    ]}]}


def problems_with(condition, on="why"):
    definition = copy.deepcopy(BASE)
    question = next(q for q in definition["sections"][0]["questions"] if q["key"] == on)
    question["show_if"] = condition
    try:
        check_definition(definition)
    except DefinitionError as error:
        return error.problems
    return []


def test_good_conditions_pass():
    assert problems_with({"question": "came", "op": "equals", "values": ["no"]}) == []
    assert problems_with({"question": "rating", "op": "one_of", "values": ["1", "2"]}) == []


@pytest.mark.parametrize("condition, fragment", [
    ({"question": "why", "op": "equals", "values": ["x"]}, "must name an earlier question"),
    ({"question": "nowhere", "op": "equals", "values": ["x"]}, "must name an earlier question"),
    ({"question": "came", "op": "contains", "values": ["yes"]}, "'op' must be"),
    ({"question": "came", "op": "equals", "values": ["yes", "no"]}, "exactly one value"),
    ({"question": "came", "op": "one_of", "values": []}, "non-empty list"),
    ({"question": "came", "op": "equals", "values": ["maybe"]}, "are not answers of 'came'"),
    ({"question": "came"}, "needs exactly"),
])
def test_bad_conditions_are_named(condition, fragment):
    problems = problems_with(condition)
    assert len(problems) == 1 and fragment in problems[0], problems
    assert problems[0].startswith("section 1, question 3:")


def test_a_condition_on_an_open_question_is_refused():
    definition = copy.deepcopy(BASE)
    definition["sections"][0]["questions"].append(
        {"key": "after", "type": "short_text", "text": "And?",
         "show_if": {"question": "why", "op": "equals", "values": ["x"]}})
    with pytest.raises(DefinitionError) as caught:
        check_definition(definition)
    assert caught.value.faults == [("sections[0].questions[3].show_if",
                                    "'show_if' question 'why' has no choices to compare with")]


def q(id_, key, show_if=None):
    return SimpleNamespace(id=id_, key=key, options={"show_if": show_if} if show_if else {})


def test_hidden_questions_hide_the_ones_that_depend_on_them():
    questions = [q(1, "came"), q(2, "why", {"question": "came", "values": ["no"]}),
                 q(3, "more", {"question": "why", "values": ["x"]}),
                 q(4, "rating", {"question": "came", "values": ["yes"]})]
    assert hidden_question_ids(questions, {1: "yes", 2: "x"}) == {2, 3}
    assert hidden_question_ids(questions, {1: "no", 2: "x"}) == {4}
    assert hidden_question_ids(questions, {}) == {2, 3, 4}
    assert hidden_question_ids(questions, {}, unknown_keys={"came"}) == {3}


def test_scales_and_ticked_boxes_compare_as_text():
    questions = [q(1, "rating"), q(2, "low", {"question": "rating", "values": ["1", "2"]}),
                 q(3, "ticks"), q(4, "stairs", {"question": "ticks", "values": ["stairs"]})]
    assert hidden_question_ids(questions, {1: 2, 3: ["signs", "stairs"]}) == set()
    assert hidden_question_ids(questions, {1: 5, 3: ["signs"]}) == {2, 4}
