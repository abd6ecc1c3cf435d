"""Split a free-text answer into sentences without NLTK.

Why a regex splitter? TextBlob's ``.sentences`` needs NLTK's punkt data, which cannot be
downloaded here or on many users' machines. Feedback answers are short, so a careful
regex does the job: sentence sentiment needs only "friendly staff. The wait was terrible."
to become two pieces.

Rules:

- every line is its own piece (people answer in lists), and a leading bullet marker
  ("-", "*", "•", "1.", "2)") is removed;
- within a line, a sentence ends at ".", "!" or "?" (or a run of them, plus any closing
  quote or bracket) followed by a space, the end of the line, or a capital letter
  (people type "friendly staff.The wait was long");
- a full stop does not end a sentence after a title ("Dr.", "Mr.", "Mrs.", "Ms.",
  "Prof.", "St."), after "vs." or "approx.", after a single letter ("e.g.", "i.e.",
  "U.K.", "a.m."), or after "etc." unless a capital letter follows; decimals such as
  "2.5" never split because no space or capital follows the point;
- pieces are stripped, and pieces with no letter or digit ("...", "-") are dropped.
"""

from __future__ import annotations

import re

_LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\u0085]+")
_BULLET = re.compile(r"^\s*(?:[-*\u2022\u00b7\u2013\u2014>]+|\d{1,2}[.)])(?=\s|$)")
_BOUNDARY = re.compile(r"[.!?]+[\"'\u2019\u201d)\]]*(?=\s|$|[A-Z])")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.$")
_HAS_CONTENT = re.compile(r"[^\W_]")

_LOOK_BACK = 40
"""Characters before a full stop searched for the word it ends."""

TITLES = frozenset({"dr", "mr", "mrs", "ms", "mx", "prof", "st", "vs", "approx", "cf"})
"""Words whose full stop never ends a sentence."""

SOFT_ABBREVIATIONS = frozenset({"etc"})
"""Words whose full stop ends a sentence only when a capital letter comes next."""


def _next_char(line: str, position: int) -> str:
    """The first non-space character at or after ``position`` ("" at the end)."""
    rest = line[position:].lstrip()
    return rest[:1]


def _is_abbreviation(line: str, match: re.Match[str]) -> bool:
    """True when the full stop at ``match`` belongs to an abbreviation, not a sentence end."""
    if match.group().rstrip("\"'\u2019\u201d)]") != ".":
        return False
    # Only the few characters before the full stop matter; a bounded window keeps a long
    # line with many full stops linear rather than quadratic.
    word = _WORD_BEFORE.search(line[max(0, match.start() - _LOOK_BACK): match.start() + 1])
    if word is None:
        return False
    token = word.group(1).lower()
    if len(token) == 1 or token in TITLES:
        return True
    if token in SOFT_ABBREVIATIONS:
        return not _next_char(line, match.end()).isupper()
    return False


def _split_line(line: str) -> list[str]:
    """Split one line at sentence-ending punctuation, keeping the punctuation."""
    pieces: list[str] = []
    start = 0
    for match in _BOUNDARY.finditer(line):
        if _is_abbreviation(line, match):
            continue
        pieces.append(line[start: match.end()])
        start = match.end()
    pieces.append(line[start:])
    return pieces


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text``, stripped, in order, with empty pieces dropped."""
    sentences: list[str] = []
    for line in _LINE_BREAK.split(text or ""):
        line = _BULLET.sub("", line, count=1)
        for piece in _split_line(line):
            piece = piece.strip()
            if _HAS_CONTENT.search(piece):
                sentences.append(piece)
    return sentences
