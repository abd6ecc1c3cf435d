"""Spreadsheet exports for the review area: one row per response with one column per question
(CSV or XLSX), plus, in the XLSX, a sheet of free-text answers with machine and human tags.

Both honour the inbox filter, stream in batches, and neutralise cells that a spreadsheet would
run as a formula. XLSX is written with openpyxl's write-only mode into a temporary file, so a
large export never sits in memory.
"""
from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterator

import sqlalchemy as sa
from openpyxl import Workbook

from ..analysis import mask_text
from ..extensions import db
from ..models import Question, QuestionnaireVersion, Response, Section
from ..questionnaires.field_types import FREE_TEXT_TYPES
from ..questionnaires.forms import display_value
from .exports import drain, iso_utc, spreadsheet_safe, submitted_responses
from .review_filters import ReviewFilter

CONTEXT_COLUMNS = ["response_id", "kind", "questionnaire", "questionnaire_version", "site",
                   "scenario", "training_session", "submitted_at", "reviewed"]
TEXT_COLUMNS = ["response_id", "kind", "site", "training_session", "question_key", "question",
                "answer", "machine_sentiment", "machine_themes", "human_sentiment",
                "human_themes_added", "human_themes_removed", "sentiment", "themes"]
CHUNK_BYTES = 64 * 1024


def question_columns(filters: ReviewFilter) -> list[tuple[str, str]]:
    """(column name, heading) for every question in the filtered responses' versions.

    Questions are matched across versions by questionnaire and question key, so a reworded
    question stays one column.
    """
    version_ids = sa.select(Response.version_id).where(*filters.conditions()).distinct()
    rows = db.session.execute(
        sa.select(QuestionnaireVersion.questionnaire_id, Question.key, Question.text)
        .join(Section, Section.version_id == QuestionnaireVersion.id)
        .join(Question, Question.section_id == Section.id)
        .where(QuestionnaireVersion.id.in_(version_ids))
        .order_by(QuestionnaireVersion.questionnaire_id, QuestionnaireVersion.number.desc(),
                  Section.position, Question.position))
    columns: dict[str, str] = {}
    for questionnaire_id, key, text in rows:
        columns.setdefault(_column(questionnaire_id, key), text)
    return list(columns.items())


def _column(questionnaire_id: int, key: str) -> str:
    return f"{questionnaire_id}:{key}"


def response_rows(filters: ReviewFilter, columns: list[tuple[str, str]],
                  mask: bool = False) -> Iterator[list]:
    """One row per filtered response: its context, then each question's answer in words."""
    for response in submitted_responses(filters=filters):
        names = _names(response) if mask else None
        by_column = {
            _column(response.version.questionnaire_id, answer.question.key):
                display_value(answer.question, _shown(answer, names))
            for answer in response.answers}
        yield _context(response) + [by_column.get(name, "") for name, _ in columns]


def _names(response: Response) -> list[str]:
    return response.site.mask_list if response.site else []


def _shown(answer, names: list[str] | None):
    """The answer's value, with personal details masked in free text when ``names`` is given."""
    if names is not None and answer.question.type in FREE_TEXT_TYPES and \
            isinstance(answer.value, str):
        return mask_text(answer.value, names)
    return answer.value


def _context(response: Response) -> list:
    return [response.id, response.kind, response.version.questionnaire.key,
            response.version.number, response.site.name if response.site else "",
            response.scenario.title if response.scenario else "",
            response.training_session.slug if response.training_session else "",
            iso_utc(response.submitted_at),
            "yes" if response.review and response.review.reviewed else "no"]


def text_rows(filters: ReviewFilter, mask: bool = False) -> Iterator[list]:
    """One row per free-text answer, with the machine's and the reviewers' tags side by side."""
    for response in submitted_responses(filters=filters):
        names = _names(response) if mask else None
        for answer in response.answers:
            if answer.question.type not in FREE_TEXT_TYPES or answer.sentiment is None:
                continue
            decided = {h.theme_id: h.present for h in answer.human_themes}
            yield [
                response.id, response.kind, response.site.name if response.site else "",
                response.training_session.slug if response.training_session else "",
                answer.question.key, answer.question.text, _shown(answer, names),
                answer.sentiment.label, ";".join(t.theme_id for t in answer.themes),
                answer.human_sentiment.label if answer.human_sentiment else "",
                ";".join(sorted(t for t, present in decided.items() if present)),
                ";".join(sorted(t for t, present in decided.items() if not present)),
                answer.effective_sentiment, ";".join(answer.effective_theme_ids()),
            ]


def iter_wide_csv(filters: ReviewFilter, mask: bool = False) -> Iterator[str]:
    """The responses sheet as CSV text, a row at a time."""
    columns = question_columns(filters)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CONTEXT_COLUMNS + [heading for _, heading in columns])
    for row in response_rows(filters, columns, mask):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
        if buffer.tell() > CHUNK_BYTES:
            yield drain(buffer)
    yield drain(buffer)


def iter_xlsx(filters: ReviewFilter, mask: bool = False) -> Iterator[bytes]:
    """An XLSX workbook with a "Responses" and a "Free text" sheet, as chunks of bytes."""
    columns = question_columns(filters)
    book = Workbook(write_only=True)
    responses = book.create_sheet("Responses")
    responses.append(CONTEXT_COLUMNS + [heading for _, heading in columns])
    for row in response_rows(filters, columns, mask):
        responses.append([_cell(value) for value in row])
    texts = book.create_sheet("Free text")
    texts.append(TEXT_COLUMNS)
    for row in text_rows(filters, mask):
        texts.append([_cell(value) for value in row])
    with tempfile.TemporaryFile() as stored:
        book.save(stored)
        stored.seek(0)
        while chunk := stored.read(CHUNK_BYTES):
            yield chunk


def _cell(value):
    """Numbers stay numbers; text is neutralised so nothing runs as a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return spreadsheet_safe(value)
