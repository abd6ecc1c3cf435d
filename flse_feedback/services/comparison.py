"""Before and after: two rounds of visits to one site side by side ("distance travelled").

Each round's numbers come from ``summaries.summarise`` for the site and the round's dates;
sections and questions are matched by their keys, so a new questionnaire version still lines
up. Changes are given in percentage points (checklists) or points on the scale (1-5 ratings).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ..analysis.summaries import YesNoCounts, format_number
from ..models import Recommendation, Site
from ..models.base import utcnow
from . import recommendations, summaries
from .reports import YES_IS_WORSE, Period, about_the_site, site_filter


@dataclass(frozen=True)
class ItemChange:
    """One question in both rounds. ``change`` is after minus before (None when either round
    has no answer); ``better`` says whether that is an improvement."""

    key: str
    text: str
    shape: str  # "yes_no" or "scale"
    before: float | None
    after: float | None
    before_text: str
    after_text: str
    lower_is_better: bool = False

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return round(self.after - self.before, 1)

    @property
    def better(self) -> bool | None:
        if not self.change:
            return None
        return (self.change < 0) if self.lower_is_better else (self.change > 0)

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "–"
        unit = " points" if self.shape == "yes_no" else ""
        sign = "+" if change > 0 else ("−" if change < 0 else "")
        return f"{sign}{format_number(abs(change), 1)}{unit}" if change else "no change"


@dataclass
class SectionChange:
    key: str
    title: str
    before: YesNoCounts | None
    after: YesNoCounts | None
    items: list[ItemChange]

    @property
    def score(self) -> ItemChange:
        """The section score in both rounds, as an item (yes ÷ (yes + no))."""
        return ItemChange(self.key, self.title, "yes_no", _score(self.before),
                          _score(self.after), _score_text(self.before), _score_text(self.after))


@dataclass
class QuestionnaireChange:
    key: str
    title: str
    before_responses: int
    after_responses: int
    sections: list[SectionChange]


@dataclass
class Comparison:
    site: Site
    before: Period
    after: Period
    before_total: int
    after_total: int
    questionnaires: list[QuestionnaireChange]
    done: list[tuple[Recommendation, object]]  # (recommendation, the day it was done)
    still_open: list[Recommendation]
    made_at: datetime = field(default_factory=utcnow)


def compare(site: Site, before: Period, after: Period) -> Comparison:
    """Each section's and item's score in the two rounds, and what was done in between.

    :param before: the first round's dates
    :param after: the second round's dates (after the first)
    """
    first = about_the_site(summaries.summarise(site_filter(site, before)))
    second = about_the_site(summaries.summarise(site_filter(site, after)))
    done = recommendations.done_between(site, before.until, after.until) \
        if before.until and after.until else []
    open_ones = [r for r in recommendations.for_site(site)
                 if r.status not in ("done", "not_taken_forward")]
    return Comparison(site, before, after, first.total, second.total,
                      _questionnaires(first, second), done, open_ones)


def _questionnaires(first, second) -> list[QuestionnaireChange]:
    before = {q.key: q for q in first.questionnaires}
    after = {q.key: q for q in second.questionnaires}
    keys = list(dict.fromkeys([*after, *before]))
    result = []
    for key in keys:
        b, a = before.get(key), after.get(key)
        newest = a or b
        sections = _sections(b.sections if b else [], a.sections if a else [])
        result.append(QuestionnaireChange(key, newest.title, b.responses if b else 0,
                                          a.responses if a else 0, sections))
    return result


def _sections(before_sections, after_sections) -> list[SectionChange]:
    before = {s.key: s for s in before_sections}
    after = {s.key: s for s in after_sections}
    result = []
    for key in dict.fromkeys([*after, *before]):
        b, a = before.get(key), after.get(key)
        items = _items(b.questions if b else [], a.questions if a else [])
        if not items:
            continue
        result.append(SectionChange(key, (a or b).title, b.score if b else None,
                                    a.score if a else None, items))
    return result


def _items(before_questions, after_questions) -> list[ItemChange]:
    before = {q.key: q for q in before_questions if q.shape in ("yes_no", "scale")}
    after = {q.key: q for q in after_questions if q.shape in ("yes_no", "scale")}
    items = []
    for key in dict.fromkeys([*after, *before]):
        b, a = before.get(key), after.get(key)
        newest = a or b
        if newest.shape == "yes_no":
            items.append(ItemChange(key, newest.text, "yes_no", _score(_r(b)), _score(_r(a)),
                                    _score_text(_r(b)), _score_text(_r(a)),
                                    lower_is_better=key in YES_IS_WORSE))
        else:
            items.append(ItemChange(
                key, newest.text, "scale", _mean(_r(b)), _mean(_r(a)), _mean_text(_r(b)),
                _mean_text(_r(a)), lower_is_better=bool(newest.result.reverse)))
    return items


def _r(question):
    return question.result if question is not None else None


def _score(counts: YesNoCounts | None) -> float | None:
    return None if counts is None or counts.score is None else float(counts.score)


def _score_text(counts: YesNoCounts | None) -> str:
    if counts is None or counts.score is None:
        return "–"
    return f"{counts.score}% ({counts.yes} of {counts.scored})"


def _mean(result) -> float | None:
    return None if result is None or result.mean is None else round(result.mean, 1)


def _mean_text(result) -> str:
    if result is None or result.mean is None:
        return "–"
    return f"{result.mean_text} ({result.rated} rated)"
