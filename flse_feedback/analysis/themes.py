"""Suggest codebook themes for a free-text answer by matching keywords on word stems.

Why keywords, not a trained model? The tags are suggestions for a coproduction worker to
confirm or correct; every suggestion must be explainable ("tagged because it says
'pillar to post'"), codebooks are edited by the people who use them, and there is no
labelled data from this charity's own feedback to train on. Precision matters more than
recall: reviewers add a missing theme faster than they remove noise, and noise teaches
them to ignore the suggestions.

How a keyword matches
---------------------
- Text and keywords are split into lower-case words of letters, digits and inner
  apostrophes. A hyphenated word counts both as its parts and as a whole:
  "trauma-informed" matches the keyword "trauma informed", and "co-production" matches
  "coproduction" (and the other way round).
- Apostrophes are normalised: curly quotes become straight, a possessive "'s" is dropped
  ("Women's" -> "women") and "n't" becomes "nt", so "didn't explain" also matches
  "didnt explain".
- Words are compared on their stems (``stemming.stem``), so "waited", "waiting" and
  "waits" all match "wait". A keyword of several words matches only as a contiguous
  run of whole words, so word boundaries hold: "ward" never matches "awkward", "rape"
  never "grapes", "ex" never "next". Matching is case-insensitive.
- Matching ignores negation on purpose: a theme is about a topic, and "not rude" is still
  about staff attitude. Sentiment is recorded separately.
- A codebook is compiled once (and remembered) into an index of its keywords by their
  first word, so tagging an answer costs a few look-ups per word of the answer rather
  than a scan of every keyword: the app tags thousands of answers a second.

Exact-only words
----------------
Some words are ambiguous once stemmed or too short to stem safely. A keyword word is
matched only in its exact (unstemmed, case-insensitive) form when it has three letters or
fewer ("uc", "dv", "bsl", "pip", "esa", "aa", "my", "ex"), or when it is in ``EXACT_ONLY``.
Reasons for the listed ones: "clean" (drug recovery vs. cleanliness; "cleaning"),
"using" and "script" (drug use vs. everyday use), "contact" ("contacted the office"),
"tag" ("tagged"), "training" ("train", the railway), "sectioned" ("section 21",
"this section"), "judged"/"judging" ("the judge" in court, "judging by"),
"trusted"/"trusting" ("the NHS trust"), "controlling" ("in control"), "labelled"
("labels on the doors"), "welcoming" ("welcomed me" is about staff), "caring" ("care",
the service itself), "attacked" ("heart attack"), "threatened" ("life-threatening"),
"lighting" ("blue lights"), "crack" ("cracking job"), "kids"/"kid" ("kidding"),
"claim"/"claims" ("they claimed they had called"), "forms" ("formed"), "lift"
("lifted"), "dash" ("dashed off"), "addict"/"addicts" ("addicted" is about substance
use, not a label someone was called), "othered" ("other"), "housing" (its stem is also
that of "house"), "benefits" ("could benefit from"), "sentenced" ("sentence" in
training), "arrested" ("cardiac arrest"), "consulted" ("consultant", "consultation"),
"streets" ("waited on the street" for an ambulance is not rough sleeping). The rule
applies to keywords that coproduction workers add, too.

Keywords left out of the default codebook (``codebook.json``), or kept only inside a
phrase, because on their own they tag the wrong theme too often:
"ex" (kept as "my ex", "ex-partner"), "na"/"aa" (kept as "na meeting", "aa meeting",
"narcotics anonymous"), "ta" ("ta" is also "thanks"; "temporary accommodation" kept),
"id" ("id" is often "I'd" typed quickly; kept as "photo id", "proof of id", "no id"),
"using" (kept as "using drugs", "using again", "still using"), "clean" (kept as
"clean and tidy", "very clean" for the environment, "stay clean", "get clean", "clean and
sober" for substance use), "contact" (kept as "contact with my children", "supervised
contact"), "script" (kept as "my script", "on a script"), "tag" (kept as "electronic
tag", "on tag"), "hours", "weeks", "months", "late" (kept as "for hours", "took weeks",
"running late"), "involved" (kept as "involved me", "involved in designing"), "access"
("access to appointments" is waiting; kept as "disabled access", "wheelchair access"),
"steps" ("next steps"), "assessment" (every service assesses; kept as "pip assessment",
"work capability assessment"), "advance" ("in advance"), "security" ("social security";
kept as "security guard", "security staff"), "private" ("private landlord"; kept as "in
private", "private room"), "loud" ("out loud"), "cold" and "warm" (staff or temperature;
kept as "too cold", "warm welcome"), "kind" ("kind of", "was kind of"; kept as "so kind",
"kind to", "kind and"), "nice" (kept as "nice staff", "nice and friendly"), "professional"
("health professionals"; kept as "very professional", "unprofessional"), "family" ("friends and
family" test; kept as "my family", "family member"), "partner" ("partner agencies"; kept
as "my partner"), "removed", "released", "recall" (kept as "children removed",
"released from prison", "recalled to prison"), "recovery" ("speedy recovery"; kept as "in
recovery", "recovery worker"), "criminal" ("treated like a criminal" is stigma),
"too long"/"too short" ("waited too long" is not about training), "useful", "relevant",
"practical", "examples", "engaging" ("not engaging with services"), "course" ("of
course"), "chaotic" (often describes a room), "service user" and "homeless person"
(often used neutrally by people about themselves), "label" ("labels on the doors"),
"trust" on its own ("the NHS trust"; kept as "trust them", "lost trust"), "building"
("relationship building"; kept as "the building"), "panic" (kept as "panic attack"),
"food" ("food bank"; kept as "the food", "meals"), "teams" ("different teams"; kept as
"on teams", "microsoft teams"), "ward" (kept as "the ward was", "ward environment"),
"comfortable" and "calming" (usually how staff made someone feel), "informative" (kept
for information, not training), "consistent" and "reliable" (usually about transport or
appointments, not relationships), "consultation" (medical), "volunteer" (shoppers are
volunteers; kept as "peer volunteer"), "benefit" ("could benefit from"), "arrest"
("cardiac arrest"), "judging" ("judging by"), "other services" ("no other service").

"Pillar to post", "passed around", "referred" and "referral" belong to
``joined_up_working`` (being passed between services); ``information_signposting`` keeps
"signposted", "sent away", "turned away" and "didn't know where to go".

Thin answers
------------
Answers with fewer than ``MIN_WORDS`` words, and the documented ``EMPTY_ANSWERS``, get no
themes: "N/A", "nothing", "all fine" are not about any topic.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .stemming import stem

CODEBOOK_PATH = Path(__file__).with_name("codebook.json")
"""The default codebook shipped with the package (ids are stable)."""

MIN_WORDS = 3
"""Answers with fewer words than this are too thin to carry a theme."""

EMPTY_ANSWERS = frozenset({
    "n/a", "na", "none", "nothing", "no", "nil", "not applicable", "all good", "all fine",
    "no comment", "-", "no comments", "nothing to add", "nothing else to add",
    "nothing to say", "nothing to improve", "nothing at all", "no thank you", "no thanks",
    "not really", "can't think of anything", "cannot think of anything",
    "nothing i can think of", "not that i can think of",
})
"""Answers (lower-cased, end punctuation removed) that mean "no comment"."""

EXACT_MAX_LEN = 3
"""Keyword words this short are matched exactly, never stemmed."""

EXACT_ONLY = frozenset({
    "ex", "na", "aa", "ta", "tag", "uc", "dv", "id", "clean", "using", "contact", "script",
    "training", "sectioned", "judged", "judging", "trusted", "trusting", "controlling",
    "labelled", "labeled", "welcoming", "crack", "kids", "kid", "claim", "claims", "forms",
    "lift", "dash", "addict", "addicts", "caring", "attacked", "threatened", "lighting",
    "othered", "housing", "benefits", "sentenced", "arrested", "consulted", "streets",
})
"""Keyword words matched only in exact form (see the module docstring for why)."""

_WORD = re.compile(r"[^\W_]+(?:['\u2019\-][^\W_]+)*")
_PART = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_SPACE = re.compile(r"\s+")
_END_PUNCTUATION = " \t\r\n.!?,;:"


@dataclass(frozen=True)
class CodebookTheme:
    """One theme of a codebook, as the app stores it (ids are stable)."""

    id: str
    name: str
    definition: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class ThemeMatch:
    """A suggested theme and the phrases that triggered it, as written (lower-cased)."""

    theme_id: str
    matched: tuple[str, ...]


@dataclass(frozen=True)
class _Token:
    """One word of the text: its normalised form, its stem and where it is."""

    key: str
    stem: str
    start: int
    end: int


_Piece = tuple[str, bool]
"""One keyword word: (value to compare, compare exactly?)."""


def _normalise_word(word: str) -> str:
    """Lower-case, straighten apostrophes, drop a possessive "'s", "n't" -> "nt"."""
    word = word.lower().replace("\u2019", "'")
    if word.endswith("'s"):
        word = word[:-2]
    if word.endswith("n't"):
        word = word[:-3] + "nt"
    return word


_cached_stem = lru_cache(maxsize=65536)(stem)
"""Stems of words already seen (feedback reuses a small vocabulary)."""


def _token(word: str, start: int, end: int) -> _Token:
    """Build a token, stemming its normalised form."""
    key = _normalise_word(word)
    return _Token(key, _cached_stem(key), start, end)


def _parts(text: str) -> list[_Token]:
    """Every word, with hyphenated words split into their parts."""
    return [_token(m.group(), m.start(), m.end()) for m in _PART.finditer(text)]


def _wholes(text: str) -> list[_Token]:
    """Every word, with hyphenated words joined ("co-production" -> "coproduction")."""
    return [_token(m.group().replace("-", ""), m.start(), m.end()) for m in _WORD.finditer(text)]


def _piece(key: str) -> _Piece:
    """How to compare one keyword word: exactly, or on its stem."""
    if len(key) <= EXACT_MAX_LEN or key in EXACT_ONLY:
        return key, True
    return stem(key), False


@lru_cache(maxsize=8192)
def _compile_keyword(keyword: str) -> tuple[tuple[_Piece, ...], tuple[_Piece, ...]]:
    """A keyword as word pieces in both readings: hyphenated parts, and joined wholes."""
    parts = tuple(_piece(token.key) for token in _parts(keyword))
    wholes = tuple(_piece(token.key) for token in _wholes(keyword))
    return parts, wholes


def _piece_matches(token: _Token, piece: _Piece) -> bool:
    """Does one text word match one keyword word?"""
    value, exact = piece
    return token.key == value if exact else token.stem == value


@dataclass(frozen=True)
class _Rule:
    """One compiled keyword of one theme (by its position in the codebook)."""

    theme: int
    pieces: tuple[_Piece, ...]


_Index = tuple[dict[str, list[_Rule]], dict[str, list[_Rule]]]
"""Keyword rules by their first word: compared exactly, and compared on the stem."""


@lru_cache(maxsize=32)
def _index(keywords: tuple[tuple[str, ...], ...]) -> tuple[_Index, _Index]:
    """For each reading of the text (parts, wholes), every keyword indexed by its first word.

    Built once per codebook, so tagging an answer costs a few look-ups per word instead of
    a scan of every keyword.
    """
    indexes: tuple[_Index, _Index] = (({}, {}), ({}, {}))
    for number, theme_keywords in enumerate(keywords):
        for keyword in theme_keywords:
            if not isinstance(keyword, str):  # stored JSON may hold junk
                continue
            for (exact, stemmed), pieces in zip(indexes, _compile_keyword(keyword)):
                if pieces:
                    value, is_exact = pieces[0]
                    (exact if is_exact else stemmed).setdefault(value, []).append(
                        _Rule(number, pieces))
    return indexes


def _find(tokens: tuple[_Token, ...], index: _Index, spans: dict[int, set[tuple[int, int]]]
          ) -> None:
    """Add to ``spans`` every keyword of ``index`` that occurs as a run of whole words."""
    exact, stemmed = index
    for position, token in enumerate(tokens):
        for rules in (exact.get(token.key), stemmed.get(token.stem)):
            for rule in rules or ():
                window = tokens[position: position + len(rule.pieces)]
                if len(window) == len(rule.pieces) and all(
                        map(_piece_matches, window, rule.pieces)):
                    spans.setdefault(rule.theme, set()).add((window[0].start, window[-1].end))


def _outermost(spans: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans in text order, dropping any that lie inside a longer one ("waiting list")."""
    ordered = sorted(spans, key=lambda span: (span[0], -span[1]))
    kept: list[tuple[int, int]] = []
    furthest = -1  # every kept span starts at or before this one: inside one iff it ends
    for start, end in ordered:  # no later than the furthest end so far
        if end > furthest:
            kept.append((start, end))
            furthest = end
    return kept


def _phrases(text: str, spans: set[tuple[int, int]]) -> tuple[str, ...]:
    """The matched phrases as written, lower-cased, whitespace collapsed, unique, in order."""
    phrases = (_SPACE.sub(" ", text[start:end]).lower() for start, end in _outermost(spans))
    return tuple(dict.fromkeys(phrases))


def is_thin_answer(text: str) -> bool:
    """True for answers too short or empty to carry a theme ("N/A", "all fine", "Yes.")."""
    normalised = (text or "").replace("\u2019", "'").strip(_END_PUNCTUATION).lower()
    normalised = _SPACE.sub(" ", normalised)
    if normalised in EMPTY_ANSWERS:
        return True
    return len(_WORD.findall(normalised)) < MIN_WORDS


def tag_themes(text: str, codebook: Sequence[CodebookTheme]) -> list[ThemeMatch]:
    """Suggest the themes of ``text``, in codebook order, with the phrases that matched."""
    if is_thin_answer(text):
        return []
    return find_matches(text, codebook)


def find_matches(text: str, codebook: Sequence[CodebookTheme]) -> list[ThemeMatch]:
    """Every entry of ``codebook`` whose keywords occur in ``text``, however short the text.

    The same matching rules as :func:`tag_themes`, without its thin-answer rule: used where a
    one-word answer matters (safeguarding flags).
    """
    codebook = list(codebook)
    keywords = tuple(tuple(theme.keywords) for theme in codebook)
    try:
        hash(keywords)
    except TypeError:  # stored JSON may hold junk such as lists
        keywords = tuple(tuple(k for k in words if isinstance(k, str)) for words in keywords)
    spans: dict[int, set[tuple[int, int]]] = {}
    for tokens, index in zip((_parts(text), _wholes(text)), _index(keywords)):
        _find(tuple(tokens), index, spans)
    return [ThemeMatch(theme.id, _phrases(text, spans[number]))
            for number, theme in enumerate(codebook) if number in spans]


def _theme_from_json(entry: dict) -> CodebookTheme:
    """Build a theme from one codebook.json object."""
    return CodebookTheme(
        id=entry["id"],
        name=entry["name"],
        definition=entry["definition"],
        keywords=tuple(entry["keywords"]),
    )


def load_default_codebook() -> list[CodebookTheme]:
    """The default codebook shipped beside this module, in codebook order.

    The app seeds its database from this; afterwards coproduction workers' edits in the
    database win, and the app builds ``CodebookTheme`` objects from those rows.
    """
    with CODEBOOK_PATH.open(encoding="utf-8") as handle:
        return [_theme_from_json(entry) for entry in json.load(handle)]
