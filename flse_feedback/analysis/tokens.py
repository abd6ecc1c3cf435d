"""Words of a sentence, as the sentiment rules read them (no NLTK).

Why its own tokeniser? TextBlob's ``.words`` needs NLTK data, and the sentiment rules need
to know where each word sits in the person's text (to quote it back as an explanation)
and to see negations that people write in many ways. Rules:

- words are runs of letters with inner apostrophes or hyphens ("didn't", "eye-opening",
  "no-one"), lower-cased, with curly apostrophes straightened; numbers are one token;
- negated contractions become two tokens, the verb and "not": "wasn't" / "wasnt" ->
  "was not", "can't" / "cannot" -> "can not", "won't" -> "will not", "ain't" -> "is not"
  (TextBlob alone scores "wasn't good" as +0.7, issue #181); "no-one" becomes "nobody";
- "!" (any run of them) is a token, and so are emoticons (":)", ":-(", "<3") and emoji;
- a clause break (",", ";", ":", "(", ")", "." inside a sentence, "?", a dash between
  spaces) is a token of kind ``BREAK``, which the rules use as the edge of a negation or
  contrast; other punctuation is dropped.

Each token keeps the character span of the text it came from, so both halves of
"wasn't" point at "wasn't".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

WORD = "word"
BREAK = "break"
MARK = "mark"
"""Token kinds: a word or number, a clause break, an exclamation mark or emoticon."""

_TOKEN = re.compile(
    r"(?P<word>[^\W\d_]+(?:['\u2019\-][^\W\d_]+)*|\d+(?:[.,:/]\d+)*)"
    r"|(?P<emoticon>[:;=8][\-o*']?[)\](\[dDpP/\\|]|<3|[\u2600-\u27bf\U0001f300-\U0001faff])"
    r"|(?P<bang>!+)"
    r"|(?P<break>[,;:()?\u2026]|\.+|\s[-\u2013\u2014]+\s)",
)

CONTRACTIONS = {
    "can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
    "ain't": ("is", "not"), "shan't": ("shall", "not"),
    "cant": ("can", "not"), "wont": ("will", "not"), "aint": ("is", "not"),
    "no-one": ("nobody",),
}
"""Whole-word rewrites; every other "...n't" (and the listed forms without apostrophe) is
split into the verb and "not"."""

_NT_WITHOUT_APOSTROPHE = frozenset({
    "dont", "didnt", "doesnt", "isnt", "wasnt", "arent", "werent", "couldnt", "wouldnt",
    "shouldnt", "hasnt", "havent", "hadnt", "mustnt", "neednt", "mightnt",
})


@dataclass(frozen=True)
class Token:
    """One token: its normalised text, its kind and the span of the original text."""

    text: str
    kind: str
    start: int
    end: int


def _words(word: str, start: int, end: int) -> list[Token]:
    """The token(s) for one written word, splitting negated contractions."""
    word = word.lower().replace("\u2019", "'")
    if word in CONTRACTIONS:
        return [Token(part, WORD, start, end) for part in CONTRACTIONS[word]]
    if word.endswith("n't") and len(word) > 3:
        return [Token(word[:-3], WORD, start, end), Token("not", WORD, start, end)]
    if word in _NT_WITHOUT_APOSTROPHE:
        return [Token(word[:-2], WORD, start, end), Token("not", WORD, start, end)]
    return [Token(word, WORD, start, end)]


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text`` in order (see the module docstring for the rules)."""
    tokens: list[Token] = []
    for match in _TOKEN.finditer(text or ""):
        kind = match.lastgroup
        start, end = match.span()
        if kind == "word":
            tokens.extend(_words(match.group(), start, end))
        elif kind == "break":
            tokens.append(Token(match.group().strip() or ",", BREAK, start, end))
        elif kind == "bang":
            tokens.append(Token("!", MARK, start, end))
        else:
            tokens.append(Token(match.group(), MARK, start, end))
    return tokens
