"""Responses for exports, read with plain queries in batches instead of as ORM objects.

An export of 100,000 responses touches about three million answers; building an ORM object,
with its identity-map bookkeeping, for each answer and each tag made exports crawl (about 150
responses a second). Here a batch of responses costs eight plain SELECTs and a few small
objects per answer, and the handful of versions, questions, sites, scenarios and sessions are
looked up once per export.

The objects mirror the attribute names of the models (``response.version.questionnaire.key``,
``answer.sentiment.label``, ``answer.effective_theme_ids()``), so the writers in ``exports``
and ``spreadsheets`` read them exactly as they would read the ORM objects.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Answer, HumanSentiment, HumanTheme, MachineFlag, MachineSentiment, MachineTheme, Question,
    QuestionnaireVersion, Response, ResponseReview, Scenario, Section, Site, TrainingSession)
from ..models.response import effective_theme_ids

BATCH_SIZE = 500  # responses per round of queries (about 15,000 answers, a few MB)


class Sentiment(NamedTuple):
    label: str
    polarity: float
    subjectivity: float
    mixed: bool


class ThemeTag(NamedTuple):
    theme_id: str


class FlagTag(NamedTuple):
    category_id: str


class Decision(NamedTuple):
    theme_id: str
    present: bool


class HumanLabel(NamedTuple):
    label: str


class Reviewed(NamedTuple):
    reviewed: bool


@dataclass
class ExportedAnswer:
    id: int
    question: Question
    value: Any
    sentiment: Sentiment | None = None
    themes: list[ThemeTag] = field(default_factory=list)
    flags: list[FlagTag] = field(default_factory=list)
    human_themes: list[Decision] = field(default_factory=list)
    human_sentiment: HumanLabel | None = None

    @property
    def effective_sentiment(self) -> str | None:
        if self.human_sentiment is not None:
            return self.human_sentiment.label
        return self.sentiment.label if self.sentiment is not None else None

    def effective_theme_ids(self) -> list[str]:
        return effective_theme_ids([t.theme_id for t in self.themes],
                                   {d.theme_id: d.present for d in self.human_themes})


@dataclass
class ExportedResponse:
    id: int
    kind: str
    status: str
    submitted_at: datetime | None
    version: QuestionnaireVersion
    site: Site | None
    scenario: Scenario | None
    training_session: TrainingSession | None
    review: Reviewed | None
    answers: list[ExportedAnswer] = field(default_factory=list)


class ExportReader:
    """Reads responses in batches; remembers the few shared records it has looked up."""

    def __init__(self):
        self._questions: dict[int, Question] = {}
        self._shared: dict[tuple[type, int], Any] = {}

    def batches(self, where: list,
                batch_size: int = BATCH_SIZE) -> Iterator[list[ExportedResponse]]:
        """Responses matching ``where``, oldest first, a batch at a time."""
        last_id = 0
        while True:
            rows = db.session.execute(
                sa.select(Response.id, Response.kind, Response.status, Response.submitted_at,
                          Response.version_id, Response.site_id, Response.scenario_id,
                          Response.training_session_id, ResponseReview.reviewed)
                .outerjoin(ResponseReview, ResponseReview.response_id == Response.id)
                .where(*where, Response.id > last_id)
                .order_by(Response.id).limit(batch_size)).all()
            if not rows:
                return
            yield self._with_answers(rows)
            last_id = rows[-1].id

    def _with_answers(self, rows) -> list[ExportedResponse]:
        responses = {row.id: ExportedResponse(
            id=row.id, kind=row.kind, status=row.status, submitted_at=row.submitted_at,
            version=self._shared_record(QuestionnaireVersion, row.version_id),
            site=self._shared_record(Site, row.site_id),
            scenario=self._shared_record(Scenario, row.scenario_id),
            training_session=self._shared_record(TrainingSession, row.training_session_id),
            review=None if row.reviewed is None else Reviewed(row.reviewed)) for row in rows}
        in_batch = Answer.response_id.in_(list(responses))
        answers: dict[int, ExportedAnswer] = {}
        for answer_id, response_id, question_id, value in db.session.execute(
                sa.select(Answer.id, Answer.response_id, Answer.question_id, Answer.value)
                .where(in_batch).order_by(Answer.id)):
            answer = ExportedAnswer(answer_id, self._question(question_id), value)
            answers[answer_id] = answer
            responses[response_id].answers.append(answer)
        for answer_id, *values in self._tag_rows(
                in_batch, MachineSentiment.label, MachineSentiment.polarity,
                MachineSentiment.subjectivity, MachineSentiment.mixed):
            answers[answer_id].sentiment = Sentiment(*values)
        for answer_id, theme_id in self._tag_rows(in_batch, MachineTheme.theme_id):
            answers[answer_id].themes.append(ThemeTag(theme_id))
        for answer_id, category_id in self._tag_rows(in_batch, MachineFlag.category_id):
            answers[answer_id].flags.append(FlagTag(category_id))
        for answer_id, theme_id, present in self._tag_rows(
                in_batch, HumanTheme.theme_id, HumanTheme.present):
            answers[answer_id].human_themes.append(Decision(theme_id, present))
        for answer_id, label in self._tag_rows(in_batch, HumanSentiment.label):
            answers[answer_id].human_sentiment = HumanLabel(label)
        return list(responses.values())

    @staticmethod
    def _tag_rows(in_batch, *columns):
        """(answer id, columns...) of one tag table for the batch's answers, in a stable order."""
        table = columns[0].class_
        return db.session.execute(
            sa.select(table.answer_id, *columns)
            .join(Answer, Answer.id == table.answer_id).where(in_batch)
            .order_by(*table.__table__.primary_key.columns))

    def _question(self, question_id: int) -> Question:
        if question_id not in self._questions:
            version_id = db.session.scalar(
                sa.select(Section.version_id).join(Question).where(Question.id == question_id))
            for question in db.session.scalars(
                    sa.select(Question).join(Section).where(Section.version_id == version_id)
                    .options(selectinload(Question.section))):
                self._questions[question.id] = question  # the whole version at once
        return self._questions[question_id]

    def _shared_record(self, model, ident: int | None):
        if ident is None:
            return None
        key = (model, ident)
        if key not in self._shared:
            self._shared[key] = db.session.get(model, ident)
        return self._shared[key]


def exported_responses(where: list, batch_size: int = BATCH_SIZE) -> Iterator[ExportedResponse]:
    """Every response matching ``where``, oldest first, read a batch at a time."""
    for batch in ExportReader().batches(where, batch_size):
        yield from batch
