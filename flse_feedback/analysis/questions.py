"""What a question asks for, so that a short answer can be read in its light.

"Nothing" answering "What could we improve?" is praise; answering "What was good?" it is a
complaint; answering "Any other comments?" it is neutral. The product knows the question of
every answer, so the sentiment rules take it into account. A question is classified by cue
words from the lexicon (``questions`` in ``sentiment_lexicon.json``), matched as whole
words, case-insensitively:

- ``PROBLEMS``: it asks what was wrong or what should change ("improve", "better",
  "change", "worst", "uneasy"...);
- ``PRAISE``: it asks what was good ("good", "best", "went well", "most useful"...);
- ``None``: neither, or both ("What was good and what could be better?").
"""

from __future__ import annotations

import re

from .lexicon import Lexicon

PROBLEMS = "problems"
PRAISE = "praise"


def _cue_pattern(cues: tuple[str, ...]) -> re.Pattern[str] | None:
    if not cues:
        return None
    alternatives = sorted((re.escape(cue) for cue in cues), key=len, reverse=True)
    return re.compile(r"(?<![\w'])(?:" + "|".join(alternatives) + r")(?![\w'])")


def _patterns(lexicon: Lexicon) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """The compiled cue patterns of ``lexicon`` (compiled once per lexicon)."""
    cached = lexicon.cache.get("question_patterns")
    if cached is None:
        cached = (_cue_pattern(lexicon.problem_cues), _cue_pattern(lexicon.praise_cues))
        lexicon.cache["question_patterns"] = cached
    return cached


def question_kind(question: str | None, lexicon: Lexicon) -> str | None:
    """``PROBLEMS``, ``PRAISE`` or ``None`` for the question asked (None when unknown)."""
    if not question or not isinstance(question, str):
        return None
    kinds = lexicon.cache.setdefault("question_kinds", {})
    if question in kinds:
        return kinds[question]
    text = question.lower().replace("\u2019", "'")
    problems, praise = _patterns(lexicon)
    asks_problems = bool(problems and problems.search(text))
    asks_praise = bool(praise and praise.search(text))
    kind = None
    if asks_problems != asks_praise:
        kind = PROBLEMS if asks_problems else PRAISE
    if len(kinds) < 10_000:
        kinds[question] = kind
    return kind
