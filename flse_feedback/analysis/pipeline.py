"""One call that reads a free-text answer: its sentiment and its suggested themes.

Why a single entry point? The app stores both readings together, with the analyser
version, so that a later, better analyser can re-run over old answers and replace the
machine readings (never a coproduction worker's decisions). ``to_dict`` gives the plain
JSON shape the app stores and exports.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .sentiment import Sentiment, analyse_sentiment
from .themes import CodebookTheme, ThemeMatch, tag_themes

ANALYSER_VERSION = "textblob-pattern-2"
"""Stored with every machine reading; change it when sentiment or tagging rules change."""


@dataclass(frozen=True)
class TextAnalysis:
    """The machine reading of one answer: sentiment plus suggested themes."""

    text: str
    sentiment: Sentiment
    themes: tuple[ThemeMatch, ...]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: sentiment with its sentences, theme ids and matched phrases."""
        return {
            "text": self.text,
            "sentiment": _sentiment_dict(self.sentiment),
            "themes": [match.theme_id for match in self.themes],
            "theme_matches": [
                {"id": match.theme_id, "matched": list(match.matched)} for match in self.themes
            ],
        }


def _sentiment_dict(sentiment: Sentiment) -> dict[str, Any]:
    """The sentiment part of ``TextAnalysis.to_dict``."""
    return {
        "label": sentiment.label,
        "polarity": sentiment.polarity,
        "subjectivity": sentiment.subjectivity,
        "mixed": sentiment.mixed,
        "sentences": [
            {
                "text": sentence.text,
                "label": sentence.label,
                "polarity": sentence.polarity,
                "subjectivity": sentence.subjectivity,
                "explanation": list(sentence.explanation),
            }
            for sentence in sentiment.sentences
        ],
        "explanation": list(sentiment.explanation),
    }


def analyse_text(text: str, codebook: Sequence[CodebookTheme],
                 question: str | None = None) -> TextAnalysis:
    """Read ``text`` against ``codebook`` (the app builds it from its database rows).

    ``question``, the question the answer was given to, when known, changes how short
    answers read: "Nothing" to "What could be improved?" is positive, to "What was
    good?" negative (see ``sentiment.py``). Themes do not depend on it.
    """
    text = text if isinstance(text, str) else ""
    return TextAnalysis(text, analyse_sentiment(text, question),
                        tuple(tag_themes(text, codebook)))
