"""Sentiment of a free-text answer and of each of its sentences.

Why TextBlob's default (pattern) analyser? It needs no downloaded data (its lexicon ships
inside the package), it is deterministic and fast, and its readings are explainable to a
coproduction worker. Only ``TextBlob(text).sentiment`` is used: TextBlob's ``.sentences``,
``.words`` and lemmatiser need NLTK corpora that are not available, so sentences come from
``split_sentences``.

Why per sentence? Feedback is often both ("friendly but I waited an hour"); the answer's
overall polarity averages that away, so ``mixed`` records that at least one sentence reads
positive and another negative.

One cheap correction: the pattern analyser handles "not good" but ignores negated
contractions, so "wasn't good" scored +0.7 (TextBlob issue #181). Before scoring, "n't"
forms, with or without the apostrophe ("wasn't", "wasnt", "can't"), and "cannot" are
rewritten to "... not". Only the text given to TextBlob changes; the sentences reported are the
person's own words. Other known weaknesses (contrast, questions, topic words such as
"mental" reading negative) are left for later work.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from textblob import TextBlob

from .sentences import split_sentences

POSITIVE = "positive"
NEGATIVE = "negative"
NEUTRAL = "neutral"

NEUTRAL_BAND = 0.05
"""Polarity within +/- this band is neutral: pattern gives tiny scores to near-neutral words."""

DECIMALS = 4
"""Floats are rounded so stored and exported readings are stable and readable."""

_NEGATED_CONTRACTION = re.compile(
    r"\b(is|are|was|were|do|does|did|has|have|had|could|would|should|must|need|"
    r"ca|wo|sha|ai)n['\u2019]?t\b",
    re.IGNORECASE,
)
_CANNOT = re.compile(r"\b(can)(not)\b", re.IGNORECASE)


@dataclass(frozen=True)
class SentenceSentiment:
    """The reading of one sentence, in the person's own words."""

    text: str
    label: str
    polarity: float
    subjectivity: float


@dataclass(frozen=True)
class Sentiment:
    """The reading of a whole answer, with its sentences and whether they disagree."""

    label: str
    polarity: float
    subjectivity: float
    sentences: tuple[SentenceSentiment, ...]
    mixed: bool


def label_for(polarity: float) -> str:
    """Map a polarity in [-1, 1] to positive / negative / neutral using NEUTRAL_BAND."""
    if polarity > NEUTRAL_BAND:
        return POSITIVE
    if polarity < -NEUTRAL_BAND:
        return NEGATIVE
    return NEUTRAL


def _expand_negations(text: str) -> str:
    """Rewrite "wasn't" / "wasnt" / "cannot" with a separate "not" the analyser understands."""
    text = _CANNOT.sub(r"\1 \2", text)
    return _NEGATED_CONTRACTION.sub(lambda m: f"{m.group(1)} not", text)


def _score(text: str) -> tuple[float, float]:
    """Polarity and subjectivity of ``text`` from TextBlob's pattern analyser, rounded."""
    reading = TextBlob(_expand_negations(text)).sentiment
    return round(reading.polarity, DECIMALS), round(reading.subjectivity, DECIMALS)


def _sentence_sentiment(sentence: str) -> SentenceSentiment:
    """Score one sentence and label it."""
    polarity, subjectivity = _score(sentence)
    return SentenceSentiment(sentence, label_for(polarity), polarity, subjectivity)


def _is_mixed(sentences: tuple[SentenceSentiment, ...]) -> bool:
    """True when one sentence reads positive and another negative."""
    labels = {sentence.label for sentence in sentences}
    return POSITIVE in labels and NEGATIVE in labels


def analyse_sentiment(text: str) -> Sentiment:
    """Return the answer-level and per-sentence sentiment of ``text``.

    The answer's polarity and subjectivity are TextBlob's on the whole text (not an
    average of sentences), so they match what anyone re-running TextBlob would see.
    Empty or whitespace-only text is neutral with no sentences.
    """
    if not text or not text.strip():
        return Sentiment(NEUTRAL, 0.0, 0.0, (), False)
    sentences = tuple(_sentence_sentiment(s) for s in split_sentences(text))
    polarity, subjectivity = _score(text)
    return Sentiment(label_for(polarity), polarity, subjectivity, sentences, _is_mixed(sentences))
