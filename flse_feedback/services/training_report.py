"""The training session report for the lecturer: reactions, confidence before and now per
learning objective, themes with quotes, and what students will do differently.

Numbers come from ``summaries.summarise`` for the session; confidence questions are paired by
key (``confidence_<objective>_before`` and ``confidence_<objective>_now``), so each student's
own change is counted as well as the averages.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa

from ..analysis.summaries import format_number
from ..extensions import db
from ..models import Answer, Kind, Question, Response, TrainingSession
from ..models.base import utcnow
from . import summaries
from .quotes import ThemeGroup, as_quotes, group_by_theme, load_answers
from .reports import ThemeQuotes, theme_quotes
from .review_filters import ReviewFilter

PAIR = re.compile(r"^confidence_(?P<objective>.+)_(?P<when>before|now)$")
REACTION_SECTIONS = ("session", "recommend")  # reactions, and the Friends and Family Test
DO_DIFFERENTLY = "do_differently"


@dataclass(frozen=True)
class Objective:
    """Confidence in one learning objective, before the session and now (1-5)."""

    key: str
    name: str
    before_mean: float | None
    now_mean: float | None
    pairs: int  # students who answered both
    rose: int
    same: int
    fell: int

    @property
    def change(self) -> float | None:
        if self.before_mean is None or self.now_mean is None:
            return None
        return round(self.now_mean - self.before_mean, 1)

    @property
    def before_text(self) -> str:
        return format_number(self.before_mean) or "–"

    @property
    def now_text(self) -> str:
        return format_number(self.now_mean) or "–"

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "–"
        return ("+" if change > 0 else "−" if change < 0 else "") + format_number(abs(change))


@dataclass
class SessionReport:
    session: TrainingSession
    summary: summaries.Summary
    reaction: list  # the summary's rating and choice questions about the session
    objectives: list[Objective]
    themes: list[ThemeQuotes]
    do_differently: list[ThemeGroup]
    made_at: datetime = field(default_factory=utcnow)

    @property
    def total(self) -> int:
        return self.summary.total


def session_report(session: TrainingSession) -> SessionReport:
    """Everything the session's students said, for the lecturer.

    :param session: the training session
    """
    filters = ReviewFilter(kind=Kind.TRAINING.value, session=session.id)
    summary = summaries.summarise(filters)
    where = filters.conditions()
    questions = [q for qn in summary.questionnaires for s in qn.sections for q in s.questions]
    reaction = [q for qn in summary.questionnaires for s in qn.sections
                if s.key in REACTION_SECTIONS for q in s.questions
                if q.shape in ("scale", "choice")]
    return SessionReport(
        session=session, summary=summary, reaction=reaction,
        objectives=_objectives(questions, where), themes=theme_quotes(summary, where),
        do_differently=group_by_theme(
            as_quotes(load_answers(where, Question.key == DO_DIFFERENTLY)),
            summaries.theme_names()))


def _objectives(questions, where) -> list[Objective]:
    means: dict[str, dict[str, float | None]] = defaultdict(dict)
    names: dict[str, str] = {}
    for question in questions:
        match = PAIR.match(question.key)
        if match and question.shape == "scale":
            means[match["objective"]][match["when"]] = question.result.mean
            if match["when"] == "now":
                names[match["objective"]] = _objective_name(question.text, match["objective"])
    changes = _paired_changes(where)
    found = []
    for objective, pair in means.items():
        if pair.get("before") is None and pair.get("now") is None:
            continue  # nobody rated this objective
        deltas = changes.get(objective, [])
        found.append(Objective(
            objective, names.get(objective, objective.replace("_", " ")),
            _round(pair.get("before")), _round(pair.get("now")), len(deltas),
            sum(1 for d in deltas if d > 0), sum(1 for d in deltas if d == 0),
            sum(1 for d in deltas if d < 0)))
    return found


def _paired_changes(where) -> dict[str, list[int]]:
    """objective -> each student's (now - before), for students who answered both."""
    rows = db.session.execute(
        sa.select(Answer.response_id, Question.key, Answer.value)
        .join(Response, Response.id == Answer.response_id)
        .join(Question, Question.id == Answer.question_id)
        .where(*where, Question.type == "scale",
               Question.key.like("confidence\\_%", escape="\\")))
    values: dict[tuple[int, str], dict[str, int]] = defaultdict(dict)
    for response_id, key, value in rows:
        match = PAIR.match(key)
        if match and isinstance(value, int) and not isinstance(value, bool):
            values[(response_id, match["objective"])][match["when"]] = value
    changes: dict[str, list[int]] = defaultdict(list)
    for (_, objective), pair in values.items():
        if "before" in pair and "now" in pair:
            changes[objective].append(pair["now"] - pair["before"])
    return changes


def _objective_name(text: str, objective: str) -> str:
    """"Now, my confidence in X is" -> "X"."""
    match = re.match(r"^now,? my confidence in (?P<what>.+?)(?: is)?[.:]?$", text.strip(),
                     re.IGNORECASE)
    return match["what"] if match else objective.replace("_", " ")


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)
