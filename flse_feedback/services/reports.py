"""Site reports: everything the mystery shops and environment assessments of one site found.

The numbers come from ``summaries.summarise`` (the review summary's queries) for the site and
the dates chosen; this module adds what a partner reads next to them: each visit's section
scores, how shoppers felt before and after, the quotes behind each theme, what works, and the
changes people asked for, grouped by theme.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..analysis.summaries import ThemeSummary, YesNoCounts, yes_no_counts
from ..extensions import db
from ..models import (
    Answer, Question, QuestionnaireVersion, Recommendation, Response, Site)
from ..models.base import utcnow
from ..questionnaires.forms import display_value
from . import summaries
from .quotes import Quote, ThemeGroup, as_quotes, group_by_theme, load_answers
from .recommendations import for_site
from .review_filters import ReviewFilter

KEEP_KEYS = ("keep", "best_thing")
CHANGE_KEYS = ("one_change", "top_changes")  # and every area's "..._improve"
FEELING_KEYS = ("feelings_before", "feelings_after")
DATE_KEYS = ("visit_date", "assessment_date")
# Checklist items where "yes" is the worse answer: never listed as "what works".
YES_IS_WORSE = frozenset({
    "queue_outside", "searched_or_questioned", "reason_overheard", "turned_away_reception",
    "jargon_used", "felt_stigmatised", "could_be_overheard", "entry_barrier",
    "reception_barrier", "upsetting_materials", "cameras_or_warning_signs", "asked_for_id",
    "security_at_door", "security_staff_present", "stepped_out_of_character", "upset"})
# Sections about the visit and the volunteer (when, who went, how they are afterwards, debrief
# wanted), not about the service: left out of what a partner reads.
NOT_ABOUT_THE_SITE = frozenset({"visit", "after", "details"})
WORKS_SCORE = 80  # a checklist item with at least this share of "yes" works
WORKS_MEAN = 4.0  # a 1-5 question rated at least this on average works
VISITS_PER_TABLE = 3  # narrow tables read on a phone and fit an A4 page


@dataclass(frozen=True)
class Period:
    """The dates a report covers (by the day each response was sent); None means open."""

    since: date | None = None
    until: date | None = None

    def words(self) -> str:
        if self.since and self.until:
            return f"sent from {_day(self.since)} to {_day(self.until)}"
        if self.since:
            return f"sent on or after {_day(self.since)}"
        return f"sent on or before {_day(self.until)}" if self.until else "sent at any time"

    def contains(self, day: date) -> bool:
        return (self.since is None or day >= self.since) and (
            self.until is None or day <= self.until)


@dataclass
class Visit:
    number: int
    label: str
    scores: dict[str, YesNoCounts]  # section key -> that visit's checklist answers


@dataclass
class VisitTable:
    """Each visit's section scores for one questionnaire, a few visits per table."""

    key: str
    title: str
    sections: list[tuple[str, str]]  # (key, title) of the sections with checklist items
    visits: list[Visit]

    def chunks(self) -> list[list[Visit]]:
        return [self.visits[i:i + VISITS_PER_TABLE]
                for i in range(0, len(self.visits), VISITS_PER_TABLE)]


@dataclass(frozen=True)
class Feeling:
    key: str
    question: str
    answered: int
    rows: tuple[tuple[str, int], ...]  # (word, people), most chosen first


@dataclass(frozen=True)
class WorkingItem:
    questionnaire: str
    section: str
    text: str
    shown: str


@dataclass(frozen=True)
class ThemeQuotes:
    theme: ThemeSummary
    quotes: tuple[tuple[str, Quote], ...]  # (what the quote is, the quote)


@dataclass
class SiteReport:
    site: Site
    period: Period
    summary: summaries.Summary
    visits: list[VisitTable]
    feelings: list[Feeling]
    themes: list[ThemeQuotes]
    other_chosen: list[Quote]  # chosen quotes with no theme
    works_items: list[WorkingItem]
    works_quotes: list[Quote]
    changes: list[ThemeGroup]
    recommendations: list[Recommendation]
    made_at: datetime = field(default_factory=utcnow)

    @property
    def total(self) -> int:
        return self.summary.total


def site_filter(site: Site, period: Period) -> ReviewFilter:
    """The review filter selecting a site's responses sent in ``period``."""
    return ReviewFilter(site=site.id, since=period.since, until=period.until)


def find_site(text: str) -> Site | None:
    """A site by its id or its exact name (ignoring capitals)."""
    text = (text or "").strip()
    if text.isdigit():
        found = db.session.get(Site, int(text))
        if found is not None:
            return found
    return db.session.scalar(sa.select(Site).where(sa.func.lower(Site.name) == text.lower()))


def site_report(site: Site, period: Period = Period()) -> SiteReport:
    """Everything the site's mystery shops and environment assessments in ``period`` found.

    :param site: the site visited
    :param period: the dates the responses were sent
    :return: the report's parts, in the order they are printed
    """
    filters = site_filter(site, period)
    summary = about_the_site(summaries.summarise(filters, NOT_ABOUT_THE_SITE))
    where = filters.conditions()
    names = summaries.theme_names()
    chosen = as_quotes(load_answers(where, chosen_only=True))
    return SiteReport(
        site=site, period=period, summary=summary, visits=_visit_tables(where, summary),
        feelings=_feelings(summary), themes=theme_quotes(summary, where, chosen),
        other_chosen=[q for q in chosen if not q.theme_ids],
        works_items=_works_items(summary),
        works_quotes=as_quotes(load_answers(where, Question.key.in_(KEEP_KEYS))),
        changes=group_by_theme(as_quotes(load_answers(where, change_questions())), names),
        recommendations=for_site(site))


def about_the_site(summary: summaries.Summary) -> summaries.Summary:
    """The summary without the sections about the visit and the volunteer."""
    return replace(summary, questionnaires=[
        replace(q, sections=[s for s in q.sections if s.key not in NOT_ABOUT_THE_SITE])
        for q in summary.questionnaires])


def change_questions():
    """The questions asking what should change: one change, top three, each area's."""
    return sa.or_(Question.key.in_(CHANGE_KEYS),
                  Question.key.like("%\\_improve", escape="\\"))


# --- the parts ----------------------------------------------------------------------------------

def _visit_tables(where, summary: summaries.Summary) -> list[VisitTable]:
    responses = list(db.session.scalars(
        sa.select(Response).where(*where).order_by(Response.submitted_at, Response.id)
        .options(selectinload(Response.answers).joinedload(Answer.question)
                 .joinedload(Question.section),
                 joinedload(Response.scenario),
                 joinedload(Response.version).joinedload(QuestionnaireVersion.questionnaire)))
        .unique())
    tables = []
    for questionnaire in summary.questionnaires:
        sections = [(s.key, s.title) for s in questionnaire.sections if s.score is not None]
        mine = sorted((r for r in responses if r.version.questionnaire.key == questionnaire.key),
                      key=lambda r: (visit_date(r), r.id))
        if not sections or not mine:
            continue
        visits = [Visit(number, _visit_label(response), _section_counts(response))
                  for number, response in enumerate(mine, start=1)]
        tables.append(VisitTable(questionnaire.key, questionnaire.title, sections, visits))
    return tables


def _section_counts(response: Response) -> dict[str, YesNoCounts]:
    counts: dict[str, YesNoCounts] = defaultdict(YesNoCounts)
    for answer in response.answers:
        if answer.question.type == "yes_no_na":
            counts[answer.question.section.key] += yes_no_counts([answer.value])
    return dict(counts)


def visit_date(response: Response) -> date:
    """The day of the visit as the volunteer gave it, else the day the response was sent."""
    for answer in response.answers:
        if answer.question.key in DATE_KEYS and answer.value:
            try:
                return date.fromisoformat(str(answer.value))
            except ValueError:
                break
    return response.submitted_at.date()


def _visit_label(response: Response) -> str:
    """The visit's date and what kind of visit it was; never who made it."""
    words = [_day(visit_date(response))]
    if response.scenario is not None:
        words.append(response.scenario.title)
    for answer in response.answers:
        if answer.question.key == "perspective" and answer.value:
            words.append(display_value(answer.question, answer.value))
    return ", ".join(words)


def _feelings(summary: summaries.Summary) -> list[Feeling]:
    found = []
    for question in _questions(summary):
        if question.key in FEELING_KEYS and question.shape == "choice":
            rows = sorted(((row.label, row.count) for row in question.result.rows if row.count),
                          key=lambda row: -row[1])
            found.append(Feeling(question.key, question.text, question.result.answered,
                                 tuple(rows)))
    return sorted(found, key=lambda f: FEELING_KEYS.index(f.key))


def _questions(summary: summaries.Summary):
    for questionnaire in summary.questionnaires:
        for section in questionnaire.sections:
            yield from section.questions


def theme_quotes(summary: summaries.Summary, where, chosen=None) -> list[ThemeQuotes]:
    """Each theme's quotes: those a coproduction worker chose, else the strongest two.

    :param chosen: the chosen quotes of these responses, when already loaded
    """
    if chosen is None:
        chosen = as_quotes(load_answers(where, chosen_only=True))
    default_ids = summary.themes.quote_keys()
    defaults = {q.answer_id: q for q in as_quotes(
        load_answers(where, answer_ids=default_ids))} if default_ids else {}
    found = []
    for theme in summary.themes.themes:
        picked = [(f"Chosen quote ({q.sentiment or 'no sentiment'})", q)
                  for q in chosen if theme.theme_id in q.theme_ids]
        if not picked:
            picked = [(label, defaults[key]) for label, key in (
                ("Most positive", theme.most_positive), ("Most negative", theme.most_negative))
                if key in defaults]
        found.append(ThemeQuotes(theme, tuple(picked)))
    return found


def _works_items(summary: summaries.Summary) -> list[WorkingItem]:
    """Checklist items mostly answered "yes" (where yes is good) and well-rated questions."""
    items = []
    for questionnaire in summary.questionnaires:
        for section in questionnaire.sections:
            for question in section.questions:
                shown = _works(question)
                if shown:
                    items.append(WorkingItem(questionnaire.title, section.title, question.text,
                                             shown))
    return items


def _works(question) -> str:
    result = question.result
    if question.shape == "yes_no" and question.key not in YES_IS_WORSE:
        if result.score is not None and result.score >= WORKS_SCORE:
            return f"{result.score}% yes ({result.yes} of {result.scored})"
    elif question.shape == "scale" and result.mean is not None:
        good = (result.mean <= result.points + 1 - WORKS_MEAN) if result.reverse \
            else result.mean >= WORKS_MEAN
        if good:
            return f"average {result.mean_text} out of {result.points} ({result.rated} rated)"
    return ""


def _day(day: date) -> str:
    return f"{day.day} {day:%b %Y}"
