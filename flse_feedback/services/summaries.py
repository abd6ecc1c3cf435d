"""The summary page's numbers for any inbox filter: the database side of analysis/summaries.

A handful of queries, whatever the number of responses, asked of a source from
``summary_sources``: the running counts for filters on kind, site, session and dates, or the
filtered responses' own rows for anything else. Both answer:

1. responses per questionnaire version (and the versions' questions, with selectinload here);
2. answers of the counted types grouped by question and value;
3. free-text answers per question and effective sentiment, themes per effective sentiment, and
   each theme's strongest quotes;
4. responses per day.

Then the text of the few answers chosen as quotes is read here, and the pure functions of
``analysis.summaries`` put the numbers together.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..analysis import mask_text
from ..analysis.summaries import (
    ChoiceCounts, ConfidenceChange, MergedQuestion, NumberSummary, ScaleDistribution,
    ThemeReport, Timeline, YesNoCounts, choice_counts, confidence_changes, filter_phrases,
    merge_versions, number_summary, scale_distribution, section_score, theme_report,
    time_buckets, truncate_quote, yes_no_counts)
from ..extensions import db
from ..models.base import utcnow
from ..models import (
    Answer, Kind, QuestionnaireVersion, Response, Section, Site, Theme, TrainingSession)
from ..questionnaires.field_types import FREE_TEXT_TYPES
from .review_filters import ReviewFilter
from .summary_counts import COUNTED_TYPES
from .summary_sources import source_for


@dataclass
class QuestionSummary:
    """One question's numbers; ``shape`` tells the template how to show ``result``."""

    key: str
    type: str
    text: str
    options: dict
    wording_changed: bool
    shape: str  # "yes_no", "scale", "choice", "number" or "free_text"
    result: YesNoCounts | ScaleDistribution | ChoiceCounts | NumberSummary | int


@dataclass
class SectionSummary:
    key: str
    title: str
    score: YesNoCounts | None  # None when the section has no yes / no / n.a. items
    questions: list[QuestionSummary]

    @property
    def checklist(self) -> list[QuestionSummary]:
        return [q for q in self.questions if q.shape == "yes_no"]


@dataclass
class QuestionnaireSummary:
    key: str
    kind: str
    title: str
    responses: int
    versions: list[tuple[int, int]]  # (version number, responses), newest first
    sections: list[SectionSummary]

    @property
    def wording_changed(self) -> bool:
        return any(q.wording_changed for s in self.sections for q in s.questions)

    @property
    def confidence(self) -> list[ConfidenceChange]:
        """Learning objectives asked as before / now confidence pairs (keys X_before, X_now)."""
        return confidence_changes({q.key: (q.text, q.result) for s in self.sections
                                   for q in s.questions if q.shape == "scale"})


@dataclass
class Summary:
    filters: ReviewFilter
    described: list[str]
    total: int
    questionnaires: list[QuestionnaireSummary]
    themes: ThemeReport
    quotes: dict[int, str] = field(default_factory=dict)  # answer id -> masked, shortened text
    timeline: Timeline = field(default_factory=lambda: Timeline("day", ()))
    made_at: datetime = field(default_factory=utcnow)


def summarise(filters: ReviewFilter, leave_out_sections: frozenset = frozenset()) -> Summary:
    """Everything the summary page shows for the responses ``filters`` selects.

    :param leave_out_sections: section keys whose written answers are not counted or quoted
        (a site report leaves out what volunteers wrote about their own wellbeing)
    """
    source = source_for(filters, leave_out_sections)
    per_version = source.per_version()
    total = sum(per_version.values())
    versions = _versions(per_version)
    questions = {q.id: q for v in versions for q in v.questions()}
    counted = source.value_counts(
        [i for i, q in questions.items() if q.type in COUNTED_TYPES])
    free_text_ids = [i for i, q in questions.items() if q.type in FREE_TEXT_TYPES
                     and q.section.key not in leave_out_sections]
    free_text_counts, sentiments, themed = source.free_text_counts(free_text_ids)
    answers = sum(free_text_counts.values())
    names = theme_names()
    themes = theme_report(source.theme_counts(free_text_ids),
                          source.strongest_quotes(free_text_ids), answers, answers - themed,
                          sentiments, names, list(names))
    return Summary(
        filters=filters, described=describe(filters), total=total,
        questionnaires=_questionnaires(versions, per_version, counted, free_text_counts),
        themes=themes, quotes=_quotes(themes.quote_keys()),
        timeline=time_buckets(source.per_day()))


def describe(filters: ReviewFilter) -> list[str]:
    """The filter in words, with the names of the site, session and theme."""
    site = db.session.get(Site, filters.site) if filters.site else None
    session = db.session.get(TrainingSession, filters.session) if filters.session else None
    theme = db.session.get(Theme, filters.theme) if filters.theme else None
    session_words = ""
    if session is not None:
        session_words = session.title + (
            f" ({session.delivered_on.day} {session.delivered_on:%b %Y})"
            if session.delivered_on else "")
    elif filters.session:
        session_words = f"#{filters.session} (not found)"
    return filter_phrases(
        kind=Kind(filters.kind).label if filters.kind else "",
        site=site.label if site else (f"#{filters.site} (not found)" if filters.site else ""),
        session=session_words, since=filters.since, until=filters.until,
        sentiment=filters.sentiment,
        theme=theme.name if theme else filters.theme, reviewed=filters.reviewed,
        attention=filters.attention, q=filters.q)


# --- queries ------------------------------------------------------------------------------------

def _versions(per_version: dict[int, int]) -> list[QuestionnaireVersion]:
    if not per_version:
        return []
    return list(db.session.scalars(
        sa.select(QuestionnaireVersion).where(QuestionnaireVersion.id.in_(per_version))
        .options(selectinload(QuestionnaireVersion.questionnaire),
                 selectinload(QuestionnaireVersion.sections)
                 .selectinload(Section.questions))))


def theme_names() -> dict[str, str]:
    """Theme id -> name, in the codebook's order."""
    return dict(db.session.execute(
        sa.select(Theme.id, Theme.name).order_by(Theme.position, Theme.id)).all())


def _quotes(answer_ids: set[int]) -> dict[int, str]:
    """The chosen quotes, shortened, with emails, phone numbers, postcodes and the site's
    listed names masked: a summary is made to be handed to partners."""
    if not answer_ids:
        return {}
    texts, sites_of = {}, {}
    for answer_id, text, site_id in db.session.execute(
            sa.select(Answer.id, Answer.value, Response.site_id)
            .join(Response, Response.id == Answer.response_id)
            .where(Answer.id.in_(answer_ids))):
        texts[answer_id], sites_of[answer_id] = text, site_id
    site_ids = {sites_of.get(i) for i in answer_ids} - {None}
    names = {site.id: site.mask_list for site in db.session.scalars(
        sa.select(Site).where(Site.id.in_(site_ids)))} if site_ids else {}
    return {answer_id: truncate_quote(mask_text(str(text), names.get(sites_of.get(answer_id), ())))
            for answer_id, text in texts.items()}


# --- putting it together ------------------------------------------------------------------------

def _questionnaires(versions, per_version, counted, free_text_counts):
    by_questionnaire = defaultdict(list)
    for version in versions:
        by_questionnaire[version.questionnaire].append(version)
    summaries = []
    for questionnaire, its_versions in sorted(by_questionnaire.items(),
                                              key=lambda item: item[0].key):
        merged = merge_versions([_plain(v) for v in its_versions])
        sections = []
        for section in merged:
            questions = [q for q in (_question(m, counted, free_text_counts)
                                     for m in section.questions) if q is not None]
            if not questions:
                continue
            checklist = [q.result for q in questions if q.shape == "yes_no"]
            sections.append(SectionSummary(section.key, section.title,
                                           section_score(checklist) if checklist else None,
                                           questions))
        numbers = sorted(((v.number, per_version[v.id]) for v in its_versions), reverse=True)
        summaries.append(QuestionnaireSummary(
            questionnaire.key, questionnaire.kind, questionnaire.title,
            sum(count for _, count in numbers), numbers, sections))
    return summaries


def _plain(version: QuestionnaireVersion) -> dict:
    return {"number": version.number, "sections": [
        {"key": s.key, "title": s.title, "questions": [
            {"id": q.id, "key": q.key, "type": q.type, "text": q.text, "options": q.options or {}}
            for q in s.questions]}
        for s in version.sections]}


def _question(merged: MergedQuestion, counted, free_text_counts) -> QuestionSummary | None:
    """The numbers of one (merged) question, or None for types a summary leaves out (dates,
    times, email addresses)."""
    values: Counter = Counter()
    for question_id in merged.question_ids:
        values.update(counted.get(question_id, {}))
    options = merged.options
    if merged.type == "yes_no_na":
        shape, result = "yes_no", yes_no_counts(values)
    elif merged.type == "scale":
        shape, result = "scale", scale_distribution(
            values, options.get("scale", []), allow_na=bool(options.get("allow_na")),
            reverse=bool(options.get("reverse")))
    elif merged.type in ("single_choice", "multi_choice"):
        shape, result = "choice", choice_counts(values, options.get("choices", []),
                                                multiple=merged.type == "multi_choice")
    elif merged.type == "number":
        shape, result = "number", number_summary(values)
    elif merged.type in FREE_TEXT_TYPES:
        shape = "free_text"
        result = sum(free_text_counts.get(question_id, 0) for question_id in merged.question_ids)
    else:
        return None
    return QuestionSummary(merged.key, merged.type, merged.text, options,
                           merged.wording_changed, shape, result)
