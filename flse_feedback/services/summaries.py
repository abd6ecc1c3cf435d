"""The summary page's numbers for any inbox filter: the database side of analysis/summaries.

A handful of queries, whatever the number of responses:

1. responses per questionnaire version (and the versions' questions, with selectinload);
2. answers of the counted types grouped by question and by the value's JSON text (SQL
   ``GROUP BY``), so a scale question costs a few rows however many people answered;
3. free-text answers per question and effective sentiment, themes per effective sentiment,
   and each theme's strongest quotes (a window function), all counted by the database from
   the derived tag tables;
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
    ThemeReport, Timeline, YesNoCounts, choice_counts, confidence_changes, filter_phrases,
    merge_versions, number_summary, parse_json_text, scale_distribution, section_score,
    theme_report, time_buckets,
    truncate_quote, yes_no_counts)
from ..extensions import db
from ..models.base import utcnow
from ..models import (
    Answer, EffectiveSentiment, EffectiveTheme, Kind, MachineSentiment, QuestionnaireVersion,
    Response, Section, Site, Theme, TrainingSession)
from ..questionnaires.field_types import FREE_TEXT_TYPES
from .review_filters import ReviewFilter

COUNTED_TYPES = frozenset({"yes_no_na", "scale", "single_choice", "multi_choice", "number"})


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
    where = filters.conditions()
    per_version = dict(db.session.execute(
        sa.select(Response.version_id, sa.func.count()).where(*where)
        .group_by(Response.version_id)).all())
    total = sum(per_version.values())
    versions = _versions(per_version)
    questions = {q.id: q for v in versions for q in v.questions()}
    counted = _value_counts(where, [i for i, q in questions.items() if q.type in COUNTED_TYPES])
    free_text_ids = [i for i, q in questions.items() if q.type in FREE_TEXT_TYPES
                     and q.section.key not in leave_out_sections]
    free_text_counts, sentiments = _free_text_counts(where, free_text_ids)
    themes = _theme_report(where, sum(free_text_counts.values()), sentiments,
                           free_text_ids if leave_out_sections else None)
    return Summary(
        filters=filters, described=describe(filters), total=total,
        questionnaires=_questionnaires(versions, per_version, counted, free_text_counts),
        themes=themes, quotes=_quotes(themes.quote_keys()),
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


def _free_text_counts(where, question_ids: list[int]) -> tuple[Counter, Counter]:
    """(question id -> free-text answers, effective sentiment or "unrated" -> answers)."""
    per_question: Counter = Counter()
    sentiments: Counter = Counter()
    if not question_ids:
        return per_question, sentiments
    answer, effective = aliased(Answer), aliased(EffectiveSentiment)
    rows = db.session.execute(
        sa.select(answer.question_id, effective.label, sa.func.count())
        .join(Response, Response.id == answer.response_id)
        .outerjoin(effective, effective.answer_id == answer.id)
        .where(*where, answer.question_id.in_(question_ids))
        .group_by(answer.question_id, effective.label))
    for question_id, label, count in rows:
        per_question[question_id] += count
        sentiments[label or "unrated"] += count
    return per_question, sentiments


def _theme_report(where, answers: int, sentiments: Counter,
                  question_ids: list[int] | None = None) -> ThemeReport:
    """Themes by effective sentiment and each theme's strongest quotes, counted by the database
    from the derived tag tables (the same rule as ``analysis.summaries.theme_summaries``).

    :param question_ids: only answers to these questions (None: every tagged answer)
    """
    theme, effective = aliased(EffectiveTheme), aliased(EffectiveSentiment)
    where = where + _only_questions(theme, question_ids)
    label = sa.func.coalesce(effective.label, "unrated")
    counts = {(theme_id, label): count for theme_id, label, count in db.session.execute(
        sa.select(theme.theme_id, label, sa.func.count())
        .join(Response, Response.id == theme.response_id)
        .outerjoin(effective, effective.answer_id == theme.answer_id)
        .where(*where).group_by(theme.theme_id, label))}
    with_theme = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(theme.answer_id)))
        .join(Response, Response.id == theme.response_id).where(*where)) or 0
    names = theme_names()
    return theme_report(counts, _strongest_quotes(where, theme), answers,
                        answers - with_theme, sentiments, names, list(names))


def _only_questions(theme, question_ids: list[int] | None) -> list:
    if question_ids is None:
        return []
    answer = aliased(Answer)
    return [theme.answer_id.in_(sa.select(answer.id).where(
        answer.question_id.in_(question_ids)).correlate(None))]


def _strongest_quotes(where, theme) -> dict[str, tuple[int | None, int | None]]:
    """theme id -> (most positive answer, most negative answer): among answers whose effective
    sentiment is on that side, the machine's strongest polarity; ties to the lowest answer id.

    :param theme: the alias of ``effective_themes`` that ``where`` may refer to
    """
    effective, machine = aliased(EffectiveSentiment), aliased(MachineSentiment)
    polarity = sa.func.coalesce(machine.polarity, 0.0)
    strength = sa.case((effective.label == "positive", -polarity), else_=polarity)
    ranked = (
        sa.select(theme.theme_id, effective.label, theme.answer_id,
                  sa.func.row_number().over(
                      partition_by=(theme.theme_id, effective.label),
                      order_by=(strength, theme.answer_id)).label("place"))
        .join(Response, Response.id == theme.response_id)
        .join(effective, effective.answer_id == theme.answer_id)
        .outerjoin(machine, machine.answer_id == theme.answer_id)
        .where(*where, effective.label.in_(("positive", "negative")))
        .subquery())
    quotes: dict[str, list] = defaultdict(lambda: [None, None])
    for theme_id, side, answer_id in db.session.execute(
            sa.select(ranked.c.theme_id, ranked.c.label, ranked.c.answer_id)
            .where(ranked.c.place == 1)):
        quotes[theme_id][0 if side == "positive" else 1] = answer_id
    return {theme_id: tuple(pair) for theme_id, pair in quotes.items()}


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
