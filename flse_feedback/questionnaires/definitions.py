"""Questionnaire definitions as plain data: checking them and finding the built-in ones.

A definition is a JSON object ``{key, kind, title, intro, sections: [{key, title, intro,
questions: [{key, type, text, hint, required, ...type options}]}]}``. Checking happens before
anything reaches the database, so a form is never built from a definition it cannot render.
"""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .field_types import FIELD_TYPES

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
KINDS = ("mystery_shop", "environment", "training")
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
COMMON_QUESTION_KEYS = {"key", "type", "text", "hint", "required"}
OPTION_KEYS_BY_TYPE = {
    "single_choice": {"choices"},
    "multi_choice": {"choices"},
    "scale": {"scale", "allow_na", "reverse"},
    "number": {"min", "max", "decimals", "unit"},
    "email": {"keep_apart"},
}


class DefinitionError(ValueError):
    """A definition that cannot be used; ``problems`` lists every fault found, with its place."""

    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def builtin_definitions() -> list[dict]:
    """The questionnaires shipped with the app, in a stable order."""
    return [json.loads((BUILTIN_DIR / f"{kind}.json").read_text("utf-8")) for kind in KINDS]


def content_hash(definition: dict) -> str:
    """A fingerprint of the definition, so reloading an unchanged file creates no new version."""
    canonical = json.dumps(definition, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def question_options(question: dict) -> dict:
    """The type-specific settings of a question definition (what the Question row stores)."""
    return {k: v for k, v in question.items() if k not in COMMON_QUESTION_KEYS}


def check_definition(definition: dict) -> None:
    """Raise :class:`DefinitionError` listing every problem in ``definition``.

    :param definition: a parsed questionnaire definition
    :raises DefinitionError: when anything would stop the form being built or answered
    """
    if not isinstance(definition, dict):
        raise DefinitionError(["questionnaire: it must be a JSON object"])
    problems: list[str] = []
    if _has_nul(definition):
        problems.append("questionnaire: text contains a NUL character, which cannot be stored")
    if not KEY_PATTERN.match(str(definition.get("key", ""))):
        problems.append("questionnaire: 'key' must be lower-case letters, digits and _")
    if definition.get("kind") not in KINDS:
        problems.append(f"questionnaire: 'kind' must be one of {', '.join(KINDS)}")
    if not str(definition.get("title", "")).strip():
        problems.append("questionnaire: 'title' is empty")
    sections = definition.get("sections") or []
    if not isinstance(sections, list) or not sections:
        problems.append("questionnaire: 'sections' must be a non-empty list")
        sections = []
    seen_keys: set[str] = set()
    for number, section in enumerate(sections, start=1):
        problems += _section_problems(number, section, seen_keys)
    if problems:
        raise DefinitionError(problems)


def _has_nul(value) -> bool:
    """True when any text anywhere in ``value`` holds a NUL (PostgreSQL cannot store it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _section_problems(number: int, section, seen_keys: set[str]) -> list[str]:
    place = f"section {number}"
    if not isinstance(section, dict):
        return [f"{place}: it must be a JSON object"]
    problems = []
    if not str(section.get("title", "")).strip():
        problems.append(f"{place}: 'title' is empty")
    questions = section.get("questions")
    if not isinstance(questions, list) or not questions:
        problems.append(f"{place}: it has no questions")
        questions = []
    for index, question in enumerate(questions, start=1):
        problems += _question_problems(f"{place}, question {index}", question, seen_keys)
    return problems


def _question_problems(place: str, question, seen_keys: set[str]) -> list[str]:
    if not isinstance(question, dict):
        return [f"{place}: it must be a JSON object"]
    problems = []
    key = question.get("key", "")
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        problems.append(f"{place}: 'key' must be lower-case letters, digits and _")
    elif key in seen_keys:
        problems.append(f"{place}: key '{key}' is used twice")
    else:
        seen_keys.add(key)
    kind = question.get("type")
    if not isinstance(kind, str) or kind not in FIELD_TYPES:
        return problems + [f"{place}: unknown type {kind!r}"]
    if not str(question.get("text", "")).strip():
        problems.append(f"{place}: 'text' is empty")
    unknown = set(question) - COMMON_QUESTION_KEYS - OPTION_KEYS_BY_TYPE.get(kind, set())
    if unknown:
        problems.append(f"{place}: settings not used by a {kind} question: {sorted(unknown)}")
    return problems + _option_problems(place, kind, question)


def _option_problems(place: str, kind: str, question: dict) -> list[str]:
    if kind in ("single_choice", "multi_choice"):
        return _choice_problems(place, question.get("choices"))
    if kind == "scale":
        words = question.get("scale")
        if not isinstance(words, list) or len(words) != 5 or \
                not all(isinstance(w, str) and w.strip() for w in words):
            return [f"{place}: a scale needs exactly five words, one for each point"]
    if kind == "number":
        return _number_problems(place, question)
    return []


def _choice_problems(place: str, choices) -> list[str]:
    if not isinstance(choices, list) or len(choices) < 2 or not all(
            isinstance(c, dict) and isinstance(c.get("value"), str) and c["value"]
            for c in choices):
        return [f"{place}: needs at least two choices, each with a value and a label"]
    values = [c["value"] for c in choices]
    if len(set(values)) != len(values) or not all(
            isinstance(c.get("label"), str) and c["label"].strip() for c in choices):
        return [f"{place}: choice values must be unique and every choice needs a label"]
    return []


def _number_problems(place: str, question: dict) -> list[str]:
    low, high = question.get("min"), question.get("max")
    for name, limit in (("min", low), ("max", high)):
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float))):
            return [f"{place}: '{name}' must be a number"]
    decimals = question.get("decimals", 0)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
        return [f"{place}: 'decimals' must be a whole number from 0 to 4"]
    if low is not None and high is not None and low > high:
        return [f"{place}: 'min' is larger than 'max'"]
    return []
