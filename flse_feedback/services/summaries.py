"""The summary page's numbers for any inbox filter: the database side of analysis/summaries.

A handful of queries, whatever the number of responses:

1. responses per questionnaire version (and the versions' questions, with selectinload);
2. answers of the counted types grouped by question and by the value's JSON text (SQL
   ``GROUP BY``), so a scale question costs a few rows however many people answered;
3. the free-text answers' effective sentiment and polarity, then their machine and human theme
   rows, streamed (ids and labels only, never the text);
4. the text of the few answers chosen as quotes;
5. responses per day (SQL ``GROUP BY``).

Every query selects the filtered responses with ``ReviewFilter.conditions()`` against the
``responses`` table itself; the answer and tag tables are aliased here because the filters'
own sub-queries (on sentiment, theme, words) use the plain tables and must not be correlated
with ours.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import aliased, selectinload

from ..analysis import mask_text
from ..analysis.summaries import (
    ChoiceCounts, ConfidenceChange, MergedQuestion, NumberSummary, ScaleDistribution,
    TaggedAnswer, ThemeReport, Timeline, YesNoCounts, choice_counts, confidence_changes,
    effective_sentiment, effective_theme_ids, filter_phrases, merge_versions, number_summary,
    parse_json_text, scale_distribution, section_score, theme_summaries, time_buckets,
    truncate_quote, yes_no_counts)
from ..extensions import db
from ..models.base import utcnow
from ..models import (
    Answer, HumanSentiment, HumanTheme, Kind, MachineSentiment, MachineTheme,
    QuestionnaireVersion, Response, Section, Site, Theme, TrainingSession)
from ..questionnaires.field_types import FREE_TEXT_TYPES
from .review_filters import ReviewFilter

COUNTED_TYPES = frozenset({"yes_no_na", "scale", "single_choice", "multi_choice", "number"})
BATCH = 5000


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


def summarise(filters: ReviewFilter) -> Summary:
    """Everything the summary page shows for the responses ``filters`` selects."""
    where = filters.conditions()
    per_version = dict(db.session.execute(
        sa.select(Response.version_id, sa.func.count()).where(*where)
        .group_by(Response.version_id)).all())
    total = sum(per_version.values())
    versions = _versions(per_version)
    questions = {q.id: q for v in versions for q in v.questions()}
    counted = _value_counts(where, [i for i, q in questions.items() if q.type in COUNTED_TYPES])
    free_text_ids = [i for i, q in questions.items() if q.type in FREE_TEXT_TYPES]
    tagged, free_text_counts, sites_of = _tagged_answers(where, free_text_ids)
    themes = theme_summaries(tagged, *_theme_names())
    return Summary(
        filters=filters, described=describe(filters), total=total,
        questionnaires=_questionnaires(versions, per_version, counted, free_text_counts),
        themes=themes, quotes=_quotes(themes.quote_keys(), sites_of),
        timeline=time_buckets(_per_day(where)))


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


def _value_counts(where, question_ids: list[int]) -> dict[int, Counter]:
    """question id -> Counter(value -> answers), counted by the database."""
    counts: dict[int, Counter] = defaultdict(Counter)
    if not question_ids:
        return counts
    answer = aliased(Answer)
    as_text = sa.cast(answer.value, sa.Text)
    rows = db.session.execute(
        sa.select(answer.question_id, as_text, sa.func.count())
        .join(Response, Response.id == answer.response_id)
        .where(*where, answer.question_id.in_(question_ids))
        .group_by(answer.question_id, as_text))
    for question_id, text, count in rows:
        value = parse_json_text(text)
        counts[question_id][tuple(value) if isinstance(value, list) else value] += count
    return counts


def _tagged_answers(where, question_ids: list[int]):
    """Each free-text answer's effective themes and sentiment, from id-only rows.

    :return: (tagged answers, question id -> answers, answer id -> site id)
    """
    if not question_ids:
        return [], Counter(), {}
    answer, machine, human = aliased(Answer), aliased(MachineSentiment), aliased(HumanSentiment)
    rows = db.session.execute(
        sa.select(answer.id, answer.question_id, Response.site_id, machine.label,
                  machine.polarity, human.label)
        .join(Response, Response.id == answer.response_id)
        .outerjoin(machine, machine.answer_id == answer.id)
        .outerjoin(human, human.answer_id == answer.id)
        .where(*where, answer.question_id.in_(question_ids))
        .execution_options(yield_per=BATCH))
    found: dict[int, tuple[str | None, float | None]] = {}
    per_question: Counter = Counter()
    sites_of: dict[int, int | None] = {}
    for answer_id, question_id, site_id, machine_label, polarity, human_label in rows:
        found[answer_id] = (effective_sentiment(human_label, machine_label), polarity)
        per_question[question_id] += 1
        sites_of[answer_id] = site_id
    machine_themes: dict[int, list[str]] = defaultdict(list)
    for answer_id, theme_id in _theme_rows(where, question_ids, MachineTheme):
        machine_themes[answer_id].append(theme_id)
    decisions: dict[int, dict[str, bool]] = defaultdict(dict)
    for answer_id, theme_id, present in _theme_rows(where, question_ids, HumanTheme, True):
        decisions[answer_id][theme_id] = present
    tagged = [
        TaggedAnswer(answer_id, tuple(effective_theme_ids(
            sorted(machine_themes.get(answer_id, ())), decisions.get(answer_id, {}))),
            sentiment, polarity)
        for answer_id, (sentiment, polarity) in sorted(found.items())]
    return tagged, per_question, sites_of


def _theme_rows(where, question_ids, model, with_present=False):
    tag, answer = aliased(model), aliased(Answer)
    columns = [tag.answer_id, tag.theme_id] + ([tag.present] if with_present else [])
    return db.session.execute(
        sa.select(*columns).join(answer, answer.id == tag.answer_id)
        .join(Response, Response.id == answer.response_id)
        .where(*where, answer.question_id.in_(question_ids))
        .execution_options(yield_per=BATCH))


def _theme_names() -> tuple[dict[str, str], list[str]]:
    rows = db.session.execute(sa.select(Theme.id, Theme.name).order_by(Theme.position, Theme.id))
    names = dict(rows.all())
    return names, list(names)


def _quotes(answer_ids: set[int], sites_of: dict[int, int | None]) -> dict[int, str]:
    """The chosen quotes, shortened, with emails, phone numbers, postcodes and the site's
    listed names masked: a summary is made to be handed to partners."""
    if not answer_ids:
        return {}
    texts = dict(db.session.execute(
        sa.select(Answer.id, Answer.value).where(Answer.id.in_(answer_ids))).all())
    site_ids = {sites_of.get(i) for i in answer_ids} - {None}
    names = {site.id: site.mask_list for site in db.session.scalars(
        sa.select(Site).where(Site.id.in_(site_ids)))} if site_ids else {}
    return {answer_id: truncate_quote(mask_text(str(text), names.get(sites_of.get(answer_id), ())))
            for answer_id, text in texts.items()}


def _per_day(where) -> dict[date, int]:
    """Responses sent on each day (UTC, like the inbox's date filters)."""
    if db.session.get_bind().dialect.name == "postgresql":
        day = sa.cast(sa.func.timezone("UTC", Response.submitted_at), sa.Date)
    else:
        day = sa.func.date(Response.submitted_at)
    rows = db.session.execute(sa.select(day, sa.func.count()).where(*where).group_by(day))
    counts: Counter = Counter()
    for value, count in rows:
        if value is None:
            continue
        counts[value if isinstance(value, date) else date.fromisoformat(str(value)[:10])] += count
    return counts


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
