"""A questionnaire version's wording as plain, frozen data: what the form journey reads.

The journey needs a version's sections and questions on every request. As ORM objects they
would be loaded from the database each time, and they cannot be shared between requests (an
object detached from its session fails on the next lazy load). These frozen copies can: a
published version never changes, so one copy per server process serves every respondent (see
:mod:`flse_feedback.services.version_cache`).

They mirror the attribute names of the models (``version.sections``, ``section.questions``,
``question.field_name`` ...), so forms, conditions and templates work on either. No Flask, no
database here.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any


def frozen(value: Any) -> Any:
    """A read-only copy of JSON-like data: dicts become mapping proxies, lists tuples.

    Question options are shared by every request of the process, so none may change them.
    """
    if isinstance(value, Mapping):
        return MappingProxyType({key: frozen(item) for key, item in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(frozen(item) for item in value)
    return value


@dataclass(frozen=True)
class QuestionContent:
    """One question (see :class:`~flse_feedback.models.Question`)."""

    id: int
    position: int
    key: str
    type: str
    text: str
    hint: str
    required: bool
    options: Mapping

    @property
    def field_name(self) -> str:
        """Form field name, the same as the model's."""
        return f"q_{self.id}"


@dataclass(frozen=True)
class SectionContent:
    """One page of the form (see :class:`~flse_feedback.models.Section`)."""

    id: int
    position: int
    key: str
    title: str
    intro: str
    questions: tuple[QuestionContent, ...]


@dataclass(frozen=True)
class VersionContent:
    """One version's wording (see :class:`~flse_feedback.models.QuestionnaireVersion`).

    :param cache_key: what identifies this wording for good (id, creation time, content hash),
        or None for a draft, whose wording may still change and is never shared
    """

    id: int
    questionnaire_id: int
    number: int
    title: str
    intro: str
    sections: tuple[SectionContent, ...]
    cache_key: tuple | None = None
    _questions: tuple[QuestionContent, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "_questions", tuple(
            q for section in self.sections for q in section.questions))

    def questions(self) -> tuple[QuestionContent, ...]:
        """Every question in the order a respondent meets them."""
        return self._questions

    def section_at(self, page: int) -> SectionContent | None:
        """The section shown on 1-based ``page``, or None when out of range."""
        if 1 <= page <= len(self.sections):
            return self.sections[page - 1]
        return None
