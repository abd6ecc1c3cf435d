"""Questionnaire definitions are checked before use, and the built-in ones are sound."""
import copy

import pytest

from flse_feedback.questionnaires.definitions import (
    DefinitionError, builtin_definitions, check_definition, content_hash)

MINIMAL = {
    "key": "tiny", "kind": "training", "title": "Tiny", "sections": [
        {"key": "only", "title": "Only section", "questions": [
            {"key": "rating", "type": "scale", "text": "How was it?",
             "scale": ["Awful", "Poor", "OK", "Good", "Great"]},
        ]},
    ],
}


def with_question(**question):
    definition = copy.deepcopy(MINIMAL)
    definition["sections"][0]["questions"].append(question)
    return definition


def problems_of(definition) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        check_definition(definition)
    return caught.value.problems


def test_builtin_questionnaires_are_valid_and_cover_the_three_kinds():
    definitions = builtin_definitions()
    assert [d["kind"] for d in definitions] == ["mystery_shop", "environment", "training"]
    for definition in definitions:
        check_definition(definition)


def test_builtins_ask_only_what_is_truly_needed():
    required = {d["key"]: [q["key"] for s in d["sections"] for q in s["questions"]
                           if q.get("required")] for d in builtin_definitions()}
    assert required == {"mystery_shop": ["visit_date"],
                        "environment": ["assessment_date", "perspective"],
                        "training": []}


def test_builtins_follow_the_visit_and_the_building_in_order():
    by_key = {d["key"]: d for d in builtin_definitions()}
    shop = [s["key"] for s in by_key["mystery_shop"]["sections"]]
    assert shop[0] == "visit" and shop[-1] == "after"
    walk = [s["title"].lower() for s in by_key["environment"]["sections"]]

    def position(word):
        return walk.index(next(title for title in walk if word in title))

    assert position("approach") < position("toilet") < position("overall")


def test_every_problem_is_reported_with_its_place():
    broken = copy.deepcopy(MINIMAL)
    broken["kind"] = "survey"
    broken["sections"][0]["questions"] += [
        {"key": "rating", "type": "scale", "text": "Again", "scale": ["a", "b", "c", "d", "e"]},
        {"key": "mood", "type": "emoji", "text": "Mood?"},
        {"key": "words", "type": "scale", "text": "Four words", "scale": ["a", "b", "c", "d"]},
        {"key": "pick", "type": "single_choice", "text": "Pick", "choices": [
            {"value": "a", "label": "A"}]},
        {"key": "Bad Key", "type": "short_text", "text": "x"},
        {"key": "extra", "type": "short_text", "text": "x", "choices": []},
    ]
    problems = problems_of(broken)
    expected = [
        "questionnaire: 'kind' must be one of",
        "section 1, question 2: key 'rating' is used twice",
        "section 1, question 3: unknown type 'emoji'",
        "section 1, question 4: a scale needs exactly five words",
        "section 1, question 5: needs at least two choices",
        "section 1, question 6: 'key' must be lower-case",
        "section 1, question 7: settings not used by a short_text question",
    ]
    for fragment in expected:
        assert any(p.startswith(fragment) for p in problems), (fragment, problems)


def test_number_limits_must_make_sense():
    problems = problems_of(with_question(key="n", type="number", text="How many?", min=10, max=1))
    assert problems == ["section 1, question 2: 'min' is larger than 'max'"]


def test_content_hash_ignores_key_order_but_not_wording():
    reordered = dict(reversed(list(MINIMAL.items())))
    assert content_hash(reordered) == content_hash(MINIMAL)
    reworded = copy.deepcopy(MINIMAL)
    reworded["sections"][0]["questions"][0]["text"] = "How was it for you?"
    assert content_hash(reworded) != content_hash(MINIMAL)
