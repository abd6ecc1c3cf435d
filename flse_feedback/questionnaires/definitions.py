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

from .field_types import FIELD_TYPES, NOT_APPLICABLE, YES_NO_NA_CHOICES

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"
KINDS = ("mystery_shop", "environment", "training")
TITLE_MAX = 200  # questionnaire and section titles (the database column's size)
KEY_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
COMMON_QUESTION_KEYS = {"key", "type", "text", "hint", "required"}
OPTION_KEYS_BY_TYPE = {
    "single_choice": {"choices"},
    "multi_choice": {"choices"},
    "scale": {"scale", "allow_na", "reverse"},
    "number": {"min", "max", "decimals", "unit"},
    "email": {"keep_apart"},
}


def make_key(text: str, taken: set[str], fallback: str = "q", length: int = 40) -> str:
    """A key from words, unique among ``taken``: 'Were you greeted?' -> 'were_you_greeted'.

    :param fallback: put in front when the words give no key starting with a letter
    :param length: the most characters taken from the words (a number may follow)
    """
    base = re.sub(r"[^a-z0-9]+", "_", (text or "").lower()).strip("_")[:length].strip("_")
    if not base or not base[0].isalpha():
        base = f"{fallback}_{base}".strip("_")
    key, number = base, 2
    while key in taken:
        key = f"{base}_{number}"
        number += 1
    return key


class DefinitionError(ValueError):
    """A definition that cannot be used; ``problems`` lists every fault found, with its place.

    ``faults`` holds the same faults as (path, message) pairs, the path written like
    ``sections[2].questions[4].type`` (counting from 0, as in the JSON file), so an import page
    can say which line of the file is at fault.
    """

    def __init__(self, problems: list[str], faults: list[tuple[str, str]] | None = None):
        super().__init__("; ".join(problems))
        self.problems = problems
        self.faults = faults if faults is not None else [("", p) for p in problems]


class _Faults:
    """Collects faults, each with a place in words and a path into the JSON."""

    def __init__(self):
        self.problems: list[str] = []
        self.faults: list[tuple[str, str]] = []

    def add(self, place: str, path: str, message: str) -> None:
        self.problems.append(f"{place}: {message}")
        self.faults.append((path, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DefinitionError(self.problems, self.faults)


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


CONDITION_OPS = ("equals", "one_of")


def answer_values(question: dict) -> list[str] | None:
    """The answers a question offers as text (for conditions), or None for open questions."""
    kind = question.get("type")
    if kind in ("single_choice", "multi_choice"):
        return [str(c.get("value")) for c in question.get("choices") or [] if isinstance(c, dict)]
    if kind == "yes_no_na":
        return [value for value, _ in YES_NO_NA_CHOICES]
    if kind == "scale":
        return ["1", "2", "3", "4", "5"] + ([NOT_APPLICABLE] if question.get("allow_na") else [])
    return None


def check_definition(definition: dict) -> None:
    """Raise :class:`DefinitionError` listing every problem in ``definition``.

    :param definition: a parsed questionnaire definition
    :raises DefinitionError: when anything would stop the form being built or answered
    """
    if not isinstance(definition, dict):
        raise DefinitionError(["questionnaire: it must be a JSON object"])
    faults = _Faults()
    place = "questionnaire"
    if _has_nul(definition):
        faults.add(place, "", "text contains a NUL character, which cannot be stored")
    if not KEY_PATTERN.match(str(definition.get("key", ""))):
        faults.add(place, "key", "'key' must be lower-case letters, digits and _")
    _type_problems(faults, place, "", definition, ("title", "intro"))
    if definition.get("kind") not in KINDS:
        faults.add(place, "kind", f"'kind' must be one of {', '.join(KINDS)}")
    if not str(definition.get("title", "")).strip():
        faults.add(place, "title", "'title' is empty")
    elif len(str(definition["title"])) > TITLE_MAX:
        faults.add(place, "title", f"'title' is longer than {TITLE_MAX} characters")
    sections = definition.get("sections") or []
    if not isinstance(sections, list) or not sections:
        faults.add(place, "sections", "'sections' must be a non-empty list")
        sections = []
    earlier: dict[str, list[str] | None] = {}
    for index, section in enumerate(sections):
        _section_problems(faults, index, section, earlier)
    faults.raise_if_any()


def _type_problems(faults: _Faults, place: str, path: str, item: dict, texts: tuple,
                   flags: tuple = ()) -> None:
    """Words must be text and yes/no settings true or false: ``"required": "false"`` would
    otherwise read as required, and a list where words belong would break the page."""
    for name in texts:
        if name in item and not isinstance(item[name], str):
            faults.add(place, f"{path}.{name}" if path else name, f"'{name}' must be text")
    for name in flags:
        if name in item and not isinstance(item[name], bool):
            faults.add(place, f"{path}.{name}" if path else name,
                       f"'{name}' must be true or false (without quotes)")


def _has_nul(value) -> bool:
    """True when any text anywhere in ``value`` holds a NUL (PostgreSQL cannot store it)."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


def _section_problems(faults: _Faults, index: int, section, earlier: dict) -> None:
    place, path = f"section {index + 1}", f"sections[{index}]"
    if not isinstance(section, dict):
        faults.add(place, path, "it must be a JSON object")
        return
    _type_problems(faults, place, path, section, ("title", "intro"))
    if not str(section.get("title", "")).strip():
        faults.add(place, f"{path}.title", "'title' is empty")
    elif len(str(section["title"])) > TITLE_MAX:
        faults.add(place, f"{path}.title", f"'title' is longer than {TITLE_MAX} characters")
    if section.get("key") is not None and not KEY_PATTERN.match(str(section["key"])):
        faults.add(place, f"{path}.key", "'key' must be lower-case letters, digits and _")
    questions = section.get("questions")
    if not isinstance(questions, list) or not questions:
        faults.add(place, f"{path}.questions", "it has no questions")
        questions = []
    for number, question in enumerate(questions):
        _question_problems(faults, f"{place}, question {number + 1}",
                           f"{path}.questions[{number}]", question, earlier)


def _question_problems(faults: _Faults, place: str, path: str, question, earlier: dict) -> None:
    if not isinstance(question, dict):
        faults.add(place, path, "it must be a JSON object")
        return
    key = _checked_key(faults, place, path, question.get("key", ""), earlier)
    kind = question.get("type")
    if not isinstance(kind, str) or kind not in FIELD_TYPES:
        faults.add(place, f"{path}.type", f"unknown type {kind!r}")
        if key:
            earlier[key] = None
        return
    _type_problems(faults, place, path, question, ("text", "hint"), ("required",))
    if not str(question.get("text", "")).strip():
        faults.add(place, f"{path}.text", "'text' is empty")
    allowed = COMMON_QUESTION_KEYS | OPTION_KEYS_BY_TYPE.get(kind, set()) | {"show_if"}
    unknown = sorted(set(question) - allowed)
    if unknown:
        faults.add(place, f"{path}.{unknown[0]}",
                   f"settings not used by a {kind} question: {unknown}")
    for field, message in _option_problems(kind, question):
        faults.add(place, f"{path}.{field}", message)
    if "show_if" in question:
        for message in _condition_problems(question["show_if"], earlier):
            faults.add(place, f"{path}.show_if", message)
    if key:
        earlier[key] = answer_values(question)


def _checked_key(faults: _Faults, place: str, path: str, key, earlier: dict) -> str | None:
    """The question's key when it is well formed and new, else None (with the fault noted)."""
    if not isinstance(key, str) or not KEY_PATTERN.match(key):
        faults.add(place, f"{path}.key", "'key' must be lower-case letters, digits and _")
        return None
    if key in earlier:
        faults.add(place, f"{path}.key", f"key '{key}' is used twice")
        return None
    return key


def _condition_problems(condition, earlier: dict) -> list[str]:
    """A "show this question only if" condition must name an earlier question with choices."""
    if not isinstance(condition, dict) or set(condition) != {"question", "op", "values"}:
        return ["'show_if' needs exactly 'question', 'op' and 'values'"]
    source, op, values = condition["question"], condition["op"], condition["values"]
    if source not in earlier:
        return [f"'show_if' must name an earlier question, not {source!r}"]
    offered = earlier[source]
    if offered is None:
        return [f"'show_if' question {source!r} has no choices to compare with"]
    if op not in CONDITION_OPS:
        return ["'show_if' 'op' must be 'equals' or 'one_of'"]
    if not isinstance(values, list) or not values or \
            not all(isinstance(v, str) for v in values):
        return ["'show_if' 'values' must be a non-empty list of answers"]
    if op == "equals" and len(values) != 1:
        return ["'show_if' with 'equals' takes exactly one value"]
    unknown = [v for v in values if v not in offered]
    if unknown:
        return [f"'show_if' values {unknown} are not answers of {source!r}"]
    return []


def _option_problems(kind: str, question: dict) -> list[tuple[str, str]]:
    if kind in ("single_choice", "multi_choice"):
        return [("choices", m) for m in _choice_problems(question.get("choices"))]
    if kind == "scale":
        words = question.get("scale")
        if not isinstance(words, list) or len(words) != 5 or \
                not all(isinstance(w, str) and w.strip() for w in words):
            return [("scale", "a scale needs exactly five words, one for each point")]
    if kind == "number":
        return _number_problems(question)
    return []


def _choice_problems(choices) -> list[str]:
    if not isinstance(choices, list) or len(choices) < 2 or not all(
            isinstance(c, dict) and isinstance(c.get("value"), str) and c["value"]
            for c in choices):
        return ["needs at least two choices, each with a value and a label"]
    values = [c["value"] for c in choices]
    if len(set(values)) != len(values) or not all(
            isinstance(c.get("label"), str) and c["label"].strip() for c in choices):
        return ["choice values must be unique and every choice needs a label"]
    return []


def _number_problems(question: dict) -> list[tuple[str, str]]:
    low, high = question.get("min"), question.get("max")
    for name, limit in (("min", low), ("max", high)):
        if limit is not None and (isinstance(limit, bool) or not isinstance(limit, (int, float))):
            return [(name, f"'{name}' must be a number")]
    decimals = question.get("decimals", 0)
    if isinstance(decimals, bool) or not isinstance(decimals, int) or not 0 <= decimals <= 4:
        return [("decimals", "'decimals' must be a whole number from 0 to 4")]
    if low is not None and high is not None and low > high:
        return [("min", "'min' is larger than 'max'")]
    return []
