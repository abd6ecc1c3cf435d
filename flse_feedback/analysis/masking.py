"""Masking personal details in free text before it is shown to a partner or exported.

The stored answer never changes; masking happens on the way out. Patterns cover email
addresses, UK phone numbers and UK postcodes; names come from an editable list (for example
the staff of the site visited), matched as whole words, case-insensitively.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# +44 or 0, then 9-10 more digits in the usual groupings (spaces, dashes or brackets).
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?\s?|\(?0)\d{2,4}\)?[\s-]?\d{3,4}[\s-]?\d{3,4}\b")
# The UK postcode format (outward code, space optional, inward code).
POSTCODE = re.compile(r"\b(?:GIR ?0AA|[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2})\b", re.IGNORECASE)


def mask_text(text: str, names: Iterable[str] = (), exact_names: Iterable[str] = ()) -> str:
    """``text`` with emails, phone numbers, postcodes and the listed names replaced.

    :param names: matched in any case ("dave jones" hides "Dave Jones")
    :param exact_names: matched only as written, for single first names that are also words
        ("Will" hides "Will" but not "I will")
    """
    if not text:
        return text
    masked = EMAIL.sub("[email]", text)
    masked = PHONE.sub("[phone]", masked)
    masked = POSTCODE.sub("[postcode]", masked)
    masked = _mask_names(masked, names, re.IGNORECASE)
    return _mask_names(masked, exact_names, 0)


def _mask_names(text: str, names: Iterable[str], flags: int) -> str:
    wanted = sorted({n.strip() for n in names if n and n.strip()}, key=len, reverse=True)
    if not wanted:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(n) for n in wanted) + r")\b", flags)
    return pattern.sub("[name]", text)
