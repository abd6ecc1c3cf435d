"""The editable sentiment lexicon: every word list and number the sentiment rules use.

Why a file? The rules (negation, contrast, intensifiers, topic words, questions) are code;
the words they act on and how strongly are judgements a coproduction worker may want to
change ("'sorted' means it was fixed here"), so they live in ``sentiment_lexicon.json``
beside this module, each section with an ``about`` line saying what it does. This module
only reads and checks that file; ``sentiment.py`` applies it.

A word is looked up in this order: its exact form in ``words``, ``neutral_words`` or
``topic_words`` (the last two win over ``words``: they mean "not an opinion"); TextBlob's
own list; the lexicon again by stem, so "delay" also matches "delays" (the same small
stemmer the theme tagger uses); TextBlob's list by base form ("enjoys" -> "enjoy").
Phrases are matched as whole tokens after the same normalisation as the text ("couldn't
fault" is "could not fault"), and "*" in a phrase stands for one to three words.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

from .stemming import stem
from .tokens import WORD, tokenize

LEXICON_PATH = Path(__file__).with_name("sentiment_lexicon.json")
"""The default lexicon shipped with the package."""

WILDCARD = "*"
WILDCARD_MAX = 3
"""A "*" in a phrase matches one to this many words."""


class LexiconError(ValueError):
    """The lexicon file is not in the documented shape."""


@dataclass(frozen=True)
class Phrase:
    """A multi-word expression and the polarity it carries as a whole."""

    words: tuple[str, ...]
    polarity: float


@dataclass(frozen=True, eq=False)
class Lexicon:
    """The parsed lexicon; see ``sentiment_lexicon.json`` for what each part means."""

    settings: Mapping[str, float]
    words: Mapping[str, float]
    word_stems: Mapping[str, float]
    subjectivity: Mapping[str, float]
    negators: frozenset[str]
    negator_own: Mapping[str, float]
    negation_exceptions: tuple[tuple[str, ...], ...]
    intensifiers: Mapping[str, float]
    after_modifiers: Mapping[str, float]
    excess: Mapping[str, float]
    opinion_adverbs: frozenset[str]
    negation_raisers: frozenset[str]
    contrast_but: frozenset[str]
    contrast_although: frozenset[str]
    conjunctions: frozenset[str]
    modals: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_verbs: frozenset[str]
    conditionals: frozenset[str]
    superlative_negators: frozenset[str]
    comparatives: frozenset[str]
    phrases: Mapping[str, tuple[Phrase, ...]]
    nothing_answers: frozenset[str]
    everything_answers: frozenset[str]
    fillers: frozenset[str]
    clause_openers: frozenset[str]
    not_applicable: frozenset[str]
    problem_cues: tuple[str, ...]
    praise_cues: tuple[str, ...]
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    """Memos of derived values (word scores, compiled question cues); not part of the data."""

    def setting(self, name: str) -> float:
        return self.settings[name]

    def word_value(self, word: str) -> float | None:
        """This lexicon's polarity for ``word`` (exact form first, then its stem)."""
        value = self.words.get(word)
        if value is None:
            value = self.word_stems.get(stem(word))
        return value


REQUIRED_SETTINGS = (
    "neutral_band", "negation_factor", "negation_window", "modifier_window",
    "contrast_before", "contrast_after", "exclamation_boost", "answer_to_question",
    "request", "asked_request", "superlative_factor", "default_subjectivity",
)


def _entries(data: dict[str, Any], section: str, kind: type) -> Any:
    """The ``entries`` of one section, checked to be a ``kind`` (dict or list)."""
    try:
        entries = data[section]["entries"]
    except (KeyError, TypeError):
        raise LexiconError(f"section {section!r} with 'entries' is missing") from None
    if not isinstance(entries, kind):
        raise LexiconError(f"section {section!r}: entries must be a {kind.__name__}")
    return entries


def _number(section: str, key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LexiconError(f"{section}: {key!r} must be a number")
    return float(value)


def _norm(phrase: str) -> tuple[str, ...]:
    """A phrase as the tokens the text would give ("couldn't" -> "could", "not")."""
    words: list[str] = []
    for part in str(phrase).split():
        if part == WILDCARD:
            words.append(WILDCARD)
        else:
            words.extend(t.text for t in tokenize(part) if t.kind == WORD)
    return tuple(words)


_Words = tuple[dict[str, float], dict[str, float], dict[str, float]]


def _word_entries(data: dict[str, Any]) -> _Words:
    """Exact-form and stem lookups for ``words``, ``neutral_words`` and ``topic_words``."""
    exact: dict[str, float] = {}
    subjectivity: dict[str, float] = {}
    for key, value in _entries(data, "words", dict).items():
        if isinstance(value, list) and len(value) == 2:
            exact[key.lower()] = _number("words", key, value[0])
            subjectivity[key.lower()] = _number("words", key, value[1])
        else:
            exact[key.lower()] = _number("words", key, value)
    for section in ("neutral_words", "topic_words"):  # listed as not an opinion: that wins
        for key in _entries(data, section, list):
            exact[str(key).lower()] = 0.0
    stems: dict[str, float] = {}
    for key, value in exact.items():
        stems.setdefault(stem(key), value)
    return exact, stems, subjectivity


def _phrases(data: dict[str, Any]) -> dict[str, tuple[Phrase, ...]]:
    """Phrases indexed by their first word, longest first."""
    index: dict[str, list[Phrase]] = {}
    for key, value in _entries(data, "phrases", dict).items():
        words = _norm(key)
        if len(words) < 2 or words[0] == WILDCARD:
            raise LexiconError(f"phrases: {key!r} needs two or more words, not starting with *")
        index.setdefault(words[0], []).append(Phrase(words, _number("phrases", key, value)))
    return {first: tuple(sorted(group, key=lambda p: (-len(p.words), WILDCARD in p.words)))
            for first, group in index.items()}


def _numbers(data: dict[str, Any], section: str) -> Mapping[str, float]:
    """A section mapping single words to numbers."""
    return MappingProxyType({str(k).lower(): _number(section, k, v)
                             for k, v in _entries(data, section, dict).items()})


def _texts(data: dict[str, Any], section: str) -> frozenset[str]:
    return frozenset(" ".join(_norm(str(entry))) for entry in _entries(data, section, list))


def _words_of(data: dict[str, Any], section: str, key: str) -> frozenset[str]:
    """A list of single words under ``section``/``key`` (empty when absent)."""
    entries = data.get(section, {}).get(key, [])
    if not isinstance(entries, list):
        raise LexiconError(f"{section}: {key!r} must be a list")
    return frozenset(str(entry).lower() for entry in entries)


def parse_lexicon(data: dict[str, Any]) -> Lexicon:
    """Build a ``Lexicon`` from the JSON object, raising ``LexiconError`` when malformed."""
    if not isinstance(data, dict):
        raise LexiconError("the lexicon must be a JSON object")
    settings = data.get("settings", {})
    missing = [name for name in REQUIRED_SETTINGS if name not in settings]
    if missing:
        raise LexiconError(f"settings missing: {', '.join(missing)}")
    exact, stems, subjectivity = _word_entries(data)
    questions = _entries(data, "questions", dict)
    return Lexicon(
        settings=MappingProxyType({k: _number("settings", k, settings[k])
                                   for k in REQUIRED_SETTINGS}),
        words=MappingProxyType(exact),
        word_stems=MappingProxyType(stems),
        subjectivity=MappingProxyType(subjectivity),
        negators=_texts(data, "negators"),
        negator_own=_numbers(data, "negator_own_polarity"),
        negation_exceptions=tuple(_norm(p) for p in _entries(data, "negation_exceptions", list)),
        intensifiers=_numbers(data, "intensifiers"),
        after_modifiers=_numbers(data, "after_modifiers"),
        excess=_numbers(data, "excess"),
        opinion_adverbs=_texts(data, "opinion_adverbs"),
        negation_raisers=_texts(data, "negation_raisers"),
        contrast_but=_words_of(data, "contrast", "but"),
        contrast_although=_words_of(data, "contrast", "although"),
        conjunctions=_texts(data, "conjunctions"),
        modals=_texts(data, "modals"),
        hypothetical_modals=_words_of(data, "hypothetical", "modals"),
        hypothetical_verbs=_words_of(data, "hypothetical", "verbs"),
        conditionals=_words_of(data, "hypothetical", "conditional"),
        superlative_negators=_texts(data, "superlative_negators"),
        comparatives=_texts(data, "comparatives"),
        phrases=MappingProxyType(_phrases(data)),
        nothing_answers=_texts(data, "nothing_answers"),
        everything_answers=_texts(data, "everything_answers"),
        fillers=_texts(data, "fillers"),
        clause_openers=_texts(data, "clause_openers"),
        not_applicable=_texts(data, "not_applicable_answers"),
        problem_cues=tuple(str(c).lower() for c in questions.get("asks_for_problems", [])),
        praise_cues=tuple(str(c).lower() for c in questions.get("asks_for_praise", [])),
    )


def read_lexicon(path: Path | str) -> Lexicon:
    """Read and parse a lexicon file (for a coproduction worker's edited copy)."""
    with Path(path).open(encoding="utf-8") as handle:
        return parse_lexicon(json.load(handle))


@lru_cache(maxsize=1)
def default_lexicon() -> Lexicon:
    """The lexicon shipped beside this module (read once)."""
    return read_lexicon(LEXICON_PATH)
