"""'Show this question only if ...': conditions on an earlier answer, decided on the server.

A question's ``options["show_if"]`` is ``{"question": <key>, "op": "equals" | "one_of",
"values": [...]}``. The earlier question offers choices (single or multiple choice, yes / no,
a scale); its answer is compared as text, so a scale's 4 matches "4". A hidden question is not
shown, not checked, and any answer it had is dropped. A question whose earlier question is itself
hidden counts as unanswered, so chains of conditions behave.

Pure functions on anything with ``id``, ``key`` and ``options`` (no Flask, no database).
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

UNKNOWN = object()  # an answer not known yet: the earlier question is on the page being shown


def condition_of(question) -> dict | None:
    """The question's condition, or None when it is always shown."""
    condition = (question.options or {}).get("show_if")
    # A Mapping, not only a dict: cached versions keep their options read-only.
    return condition if isinstance(condition, Mapping) else None


def condition_met(condition: dict, answer: Any) -> bool:
    """Whether ``answer`` (a stored value, a list for ticked boxes, or None) meets ``condition``."""
    if answer is UNKNOWN:
        return True
    if answer is None or answer == "" or answer == []:
        return False
    given = {str(value) for value in answer} if isinstance(answer, list) else {str(answer)}
    return bool(given & {str(value) for value in condition.get("values", [])})


def hidden_question_ids(questions: Iterable, values: dict[int, Any],
                        unknown_keys: Iterable[str] = ()) -> set[int]:
    """Ids of the questions whose condition is not met, deciding in form order.

    :param questions: every question of the version, in the order a respondent meets them
    :param values: question id -> answer (stored answers, and what was just sent for a page)
    :param unknown_keys: keys whose answer is not known yet (the page being shown): questions
        that depend on them are shown, with a note saying when to answer them
    """
    unknown = set(unknown_keys)
    answers: dict[str, Any] = {}
    hidden: set[int] = set()
    for question in questions:
        condition = condition_of(question)
        if condition is not None and not condition_met(
                condition, answers.get(condition.get("question"))):
            hidden.add(question.id)
            continue
        answers[question.key] = UNKNOWN if question.key in unknown else values.get(question.id)
    return hidden


def describe(condition: dict, questions_by_key: dict, display) -> str:
    """The condition in words: 'Answer this only if you answered "Yes" to "Were you greeted?".'

    :param display: ``display(question, value) -> str`` for an answer's words
    """
    source = questions_by_key.get(condition.get("question"))
    if source is None:
        return ""
    words = [display(source, _as_stored(source, value)) for value in condition.get("values", [])]
    answers = " or ".join(f"\u201c{word}\u201d" for word in words)
    return f"Answer this only if you answered {answers} to \u201c{source.text}\u201d."


def _as_stored(question, value: str):
    """A condition's text value as the question stores it (a scale point is a number)."""
    if question.type == "scale" and value.isdigit():
        return int(value)
    return [value] if question.type == "multi_choice" else value
