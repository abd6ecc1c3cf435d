"""Reading many answers at once (the ``flask analyse`` command): lines, JSON lines or CSV.

Each input record gives one result, in order: the ``TextAnalysis.to_dict()`` of its text,
or, for a record that cannot be read, ``{"line": n, "error": "..."}`` (``"row"`` for CSV).
A bad record never stops the run. Input is read as UTF-8; bytes that are not UTF-8 are
replaced rather than refused, and a byte-order mark is ignored.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

from .pipeline import analyse_text
from .themes import CodebookTheme

MAX_FIELD = 1_000_000
"""Largest CSV field accepted, in characters (the csv module's default is 131,072)."""


class ColumnError(ValueError):
    """A column named on the command line is not in the CSV header."""


def _text_lines(stream: IO[bytes]) -> Iterator[str]:
    """Lines of a binary stream as text, without their line ends."""
    decoder = codecs.getincrementaldecoder("utf-8-sig")(errors="replace")
    for raw in stream:
        yield decoder.decode(raw).rstrip("\r\n")


def _result(text: str, codebook: Sequence[CodebookTheme], question: str | None,
            where: dict[str, int]) -> dict[str, Any]:
    try:
        return analyse_text(text, codebook, question).to_dict()
    except Exception as error:  # noqa: BLE001 - one bad record must not stop the run
        return {**where, "error": f"could not analyse: {type(error).__name__}"}


def analyse_lines(stream: IO[bytes], codebook: Sequence[CodebookTheme], *,
                  jsonl: bool = False, question: str | None = None) -> Iterator[dict[str, Any]]:
    """One result per line: the line is the text, or (``jsonl``) a JSON object with
    ``text`` and an optional ``question`` (which overrides ``question``)."""
    for number, line in enumerate(_text_lines(stream), start=1):
        where = {"line": number}
        if not jsonl:
            yield _result(line, codebook, question, where)
            continue
        record, error = _json_record(line)
        if error:
            yield {**where, "error": error}
            continue
        asked = record.get("question", question)
        yield _result(record["text"], codebook, asked if isinstance(asked, str) else None, where)


def _json_record(line: str) -> tuple[dict[str, Any], str | None]:
    """The JSON object on ``line``, or the reason it cannot be used."""
    try:
        record = json.loads(line)
    except ValueError:
        return {}, "not a JSON object"
    if not isinstance(record, dict):
        return {}, "not a JSON object"
    if not isinstance(record.get("text"), str):
        return {}, 'no "text" string'
    question = record.get("question")
    if question is not None and not isinstance(question, str):
        return {}, '"question" is not a string'
    return record, None


def analyse_csv(stream: IO[bytes], codebook: Sequence[CodebookTheme], column: str, *,
                question_column: str | None = None, question: str | None = None
                ) -> Iterator[dict[str, Any]]:
    """One result per CSV row (after the header), the text from ``column`` and the
    question from ``question_column`` when given (else ``question``).

    Raises ``ColumnError`` before any result when a named column is not in the header.
    """
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    csv.field_size_limit(max(csv.field_size_limit(), MAX_FIELD))
    reader = csv.reader(text)
    header = _header(reader)
    index = _column_index(header, column)
    question_index = _column_index(header, question_column) if question_column else None
    for number, row in _rows(reader):
        where = {"row": number}
        if row is None:
            yield {**where, "error": "not a readable CSV row"}
        elif index >= len(row):
            yield {**where, "error": f"no {column!r} value"}
        else:
            asked = question
            if question_index is not None:
                asked = row[question_index] if question_index < len(row) else None
            yield _result(row[index], codebook, asked or None, where)


def _header(reader: Iterator[list[str]]) -> list[str]:
    try:
        return [name.strip() for name in next(reader)]
    except (StopIteration, csv.Error):
        return []


def _column_index(header: Sequence[str], column: str) -> int:
    try:
        return list(header).index(column.strip())
    except ValueError:
        names = ", ".join(repr(name) for name in header) or "no header"
        raise ColumnError(f"column {column!r} is not in the CSV header ({names})") from None


def _rows(reader: Iterator[list[str]]) -> Iterable[tuple[int, list[str] | None]]:
    """Numbered data rows; a row the csv module cannot parse comes as None."""
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error:
            row = None
        if row == []:  # a blank line is not a row
            continue
        number += 1
        yield number, row


def write_jsonl(results: Iterable[dict[str, Any]], out: IO[str],
                report: Callable[[str], None] | None = None) -> None:
    """Write each result as one JSON line, flushed as it goes, in UTF-8 whatever the
    terminal's encoding; ``report`` is told about each record that could not be read."""
    binary = getattr(out, "buffer", None)
    for result in results:
        if report is not None and "error" in result:
            where = "line" if "line" in result else "row"
            report(f"{where} {result.get(where)}: {result['error']}")
        line = json.dumps(result, ensure_ascii=False) + "\n"
        if binary is not None:
            binary.write(line.encode("utf-8"))
            binary.flush()
        else:
            out.write(line)
    out.flush()
