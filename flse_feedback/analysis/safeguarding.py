"""Flags for free text that may need a coproduction worker's attention (self-harm, a child at
risk, violence).

A flag is a prompt for a person to read the answer, never an automatic action. The phrase
lists are small and editable; recall matters more than precision here, so unlike themes a
one-word answer is flagged and negation is ignored ("not suicidal" is still worth a look).
"""
from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .themes import CodebookTheme, ThemeMatch, find_matches

DEFAULT_FILE = Path(__file__).with_name("safeguarding.json")


@dataclass(frozen=True)
class SafeguardingCategory:
    id: str
    name: str
    phrases: tuple[str, ...]


def load_default_categories() -> list[SafeguardingCategory]:
    """The shipped categories and phrases (the app stores an editable copy)."""
    entries = json.loads(DEFAULT_FILE.read_text("utf-8"))
    return [SafeguardingCategory(e["id"], e["name"], tuple(e["phrases"])) for e in entries]


def flag_text(text: str, categories: Sequence[SafeguardingCategory]) -> list[ThemeMatch]:
    """The categories whose phrases occur in ``text``, each with the phrases that matched."""
    as_codebook = [CodebookTheme(id=c.id, name=c.name, definition="", keywords=c.phrases)
                   for c in categories]
    return find_matches(text or "", as_codebook)
