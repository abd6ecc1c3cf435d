"""Every submitted response as JSON lines or CSV, streamed in batches so memory stays flat."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime, timezone

from ..models import Response, Status
from ..analysis import mask_text
from ..questionnaires.field_types import FREE_TEXT_TYPES
from ..questionnaires.forms import display_value
from .export_rows import ExportedResponse, exported_responses

CSV_COLUMNS = [
    "response_id", "kind", "questionnaire", "questionnaire_version", "site", "scenario",
    "training_session", "submitted_at", "section", "question_key", "question", "answer",
    "sentiment", "polarity", "subjectivity", "themes", "flags",
]
# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def submitted_responses(kind: str | None = None, filters=None) -> Iterator[ExportedResponse]:
    """Submitted responses, oldest first, read in batches with everything an export needs.

    :param filters: a review filter (``ReviewFilter``); otherwise all of one kind, or all
    """
    where = filters.conditions() if filters is not None else [
        Response.status == Status.SUBMITTED.value]
    if kind:
        where.append(Response.kind == kind)
    return exported_responses(where)


def iso_utc(moment: datetime | None) -> str | None:
    """ISO 8601 in UTC with its offset; SQLite hands back naive datetimes that are UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).isoformat()


def response_record(response: ExportedResponse | Response, mask: bool = False) -> dict:
    """One response as a JSON-ready dict: context, then every answer in questionnaire order.

    :param mask: hide emails, phone numbers, postcodes and the site's listed names in free text
        (the stored answers are not changed)
    """
    answers = sorted(response.answers,
                     key=lambda a: (a.question.section.position, a.question.position))
    names = (response.site.mask_list if response.site else []) if mask else None
    return {
        "response_id": response.id,
        "kind": response.kind,
        "questionnaire": response.version.questionnaire.key,
        "questionnaire_version": response.version.number,
        "site": response.site.name if response.site else None,
        "scenario": response.scenario.title if response.scenario else None,
        "training_session": response.training_session.slug if response.training_session else None,
        "submitted_at": iso_utc(response.submitted_at),
        "answers": [answer_record(answer, names) for answer in answers],
    }


def answer_record(answer, mask_names: list[str] | None = None) -> dict:
    """One answer; with ``mask_names`` (a list, possibly empty) free text is masked."""
    question = answer.question
    value = answer.value
    if mask_names is not None and isinstance(value, str) and question.type in FREE_TEXT_TYPES:
        value = mask_text(value, mask_names)
    record = {
        "section": question.section.title,
        "question_key": question.key,
        "question": question.text,
        "type": question.type,
        "value": value,
        "display": display_value(question, value),
    }
    if answer.sentiment is not None:
        record["sentiment"] = {
            "label": answer.sentiment.label, "polarity": answer.sentiment.polarity,
            "subjectivity": answer.sentiment.subjectivity, "mixed": answer.sentiment.mixed}
        record["themes"] = [theme.theme_id for theme in answer.themes]
        record["flags"] = [flag.category_id for flag in answer.flags]
    return record


def iter_jsonl(kind: str | None = None, mask: bool = False, filters=None) -> Iterator[str]:
    """One JSON object per line for each submitted response."""
    for response in submitted_responses(kind, filters):
        yield json.dumps(response_record(response, mask), ensure_ascii=False) + "\n"


def spreadsheet_safe(value) -> str:
    """Text for a CSV cell that a spreadsheet will show, never run as a formula.

    Numbers stay numbers (a polarity of -0.35 is data); text gets a leading apostrophe.
    """
    if isinstance(value, (int, float)):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text


def drain(buffer: io.StringIO) -> str:
    """Everything written to ``buffer`` so far, leaving it empty for the next rows."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def iter_csv(kind: str | None = None, mask: bool = False, filters=None) -> Iterator[str]:
    """A header line, then one CSV row per answer (long format)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    writer.writerow(CSV_COLUMNS)
    yield drain(buffer)
    for response in submitted_responses(kind, filters):
        record = response_record(response, mask)
        context = [record[c] for c in CSV_COLUMNS[:8]]
        for answer in record["answers"]:
            sentiment = answer.get("sentiment") or {}
            row = context + [
                answer["section"], answer["question_key"], answer["question"], answer["display"],
                sentiment.get("label"), sentiment.get("polarity"), sentiment.get("subjectivity"),
                ";".join(answer.get("themes", [])), ";".join(answer.get("flags", [])),
            ]
            writer.writerow([spreadsheet_safe(cell) for cell in row])
        yield drain(buffer)
