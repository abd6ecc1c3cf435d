"""Convert an XLSForm (the ODK / KoboToolbox spreadsheet standard) into a definition.

Supported: the ``survey`` sheet's ``type``, ``name``, ``label``, ``hint``, ``required`` and
``relevant`` columns (the first language's ``label::...`` / ``hint::...`` when there is no
plain one), ``appearance`` = multiline on text; the ``choices`` sheet (``list_name``, ``name``,
``label``); the ``settings`` sheet's ``form_title`` and ``form_id``. Types: ``select_one``,
``select_multiple``, ``text``, ``integer``, ``decimal``, ``date``, ``time``, ``begin group`` /
``end group`` (each group becomes a section, a page on a phone). ``relevant`` is imported when
it is ``${q} = 'x'``, ``selected(${q}, 'x')`` or several of those joined by ``or``, all about
one earlier choice question. Everything else is skipped and listed, row by row. Only the first
5,000 rows and 60 columns of each sheet are read.

Pure functions: no Flask, no database.
"""
from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from itertools import islice

from .definitions import make_key

MAX_ROWS, MAX_COLUMNS = 5000, 60  # far beyond any real form
MAX_UNPACKED_BYTES = 20_000_000  # the whole .xlsx unpacked; real XLSForms are well under 1 MB
XLSFORM_SHEETS = frozenset({"survey", "choices", "settings"})
TYPE_MAP = {"text": "short_text", "integer": "number", "decimal": "number", "date": "date",
            "time": "time"}
GROUP_BEGIN = {"begin group", "begin_group", "begin repeat", "begin_repeat"}
GROUP_END = {"end group", "end_group", "end repeat", "end_repeat"}
USED_SURVEY_COLUMNS = {"type", "name", "label", "hint", "required", "relevant", "appearance"}
USED_CHOICE_COLUMNS = {"list_name", "list name", "name", "label"}
TRUE_WORDS = {"yes", "true", "true()", "1", "y"}
TERM = re.compile(
    r"""^\s*(?:\$\{(?P<q1>[^}]+)\}\s*=\s*(?P<quote1>['"])(?P<v1>.*?)(?P=quote1)"""
    r"""|selected\(\s*\$\{(?P<q2>[^}]+)\}\s*,\s*(?P<quote2>['"])(?P<v2>.*?)(?P=quote2)\s*\))"""
    r"""\s*$""")


class XLSFormError(ValueError):
    """The spreadsheet cannot be read as an XLSForm at all."""


@dataclass
class Conversion:
    """The definition made from a spreadsheet, and every part of it that was left out."""

    definition: dict
    skipped: list[str] = field(default_factory=list)
    # Definition path ("sections[0].questions[2]") -> the spreadsheet row it came from.
    rows: dict[str, int] = field(default_factory=dict)

    def explain(self, faults: list[tuple[str, str]]) -> list[str]:
        """Faults found in the converted definition, each pointed at its spreadsheet row."""
        explained = []
        for path, message in faults:
            found = [place for place in self.rows if path == place or
                     path.startswith((place + ".", place + "["))]
            where = f"Row {self.rows[max(found, key=len)]}" if found else "The form"
            explained.append(f"{where} (survey sheet): {message}")
        return explained


def convert(data: bytes, kind: str, fallback_title: str = "Imported questionnaire") -> Conversion:
    """Read an .xlsx XLSForm and return the definition with a list of what was skipped.

    :raises XLSFormError: when the file is not a spreadsheet or has no ``survey`` sheet
    """
    sheets = _read_workbook(data)
    if "survey" not in sheets:
        raise XLSFormError("The spreadsheet has no sheet called \u201csurvey\u201d.")
    settings = _first_row(sheets.get("settings", []))
    title = (str(settings.get("form_title") or fallback_title).strip() or fallback_title)[:200]
    converter = _Converter(_choice_lists(sheets.get("choices", [])), title)
    for number, row in _rows(sheets["survey"]):
        converter.row(number, row)
    converter.report_columns(sheets["survey"], sheets.get("choices", []))
    sections = converter.finished_sections()
    definition = {"key": _key(str(settings.get("form_id") or title), set(), "form"),
                  "kind": kind, "title": title, "intro": "", "sections": sections}
    return Conversion(definition, converter.skipped, converter.rows_of(sections))


def _read_workbook(data: bytes) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    _refuse_oversized(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise XLSFormError("This file is not an .xlsx spreadsheet. Save the XLSForm as "
                           "Excel (.xlsx) and try again.") from None
    try:
        # Only the three sheets an XLSForm uses, each bounded, so a huge file cannot exhaust
        # memory or time.
        return {sheet.title.strip().lower(): [list(row) for row in islice(sheet.iter_rows(
            max_col=MAX_COLUMNS, values_only=True), MAX_ROWS)] for sheet in workbook.worksheets
            if sheet.title.strip().lower() in XLSFORM_SHEETS}
    finally:
        workbook.close()


def _refuse_oversized(data: bytes) -> None:
    """Refuse a file that would unpack to more than MAX_UNPACKED_BYTES: openpyxl reads the
    whole shared-strings part into memory, so a small, highly compressed file (a "zip bomb")
    could otherwise take all of it. The sizes come from the zip's directory, before unpacking."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except zipfile.BadZipFile:
        raise XLSFormError("This file is not an .xlsx spreadsheet. Save the XLSForm as "
                           "Excel (.xlsx) and try again.") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise XLSFormError(f"This spreadsheet unpacks to {unpacked // 1_000_000} MB, far more "
                           "than any XLSForm; it was not read. Check it is the right file.")


def _header(rows: list[list]) -> list[str]:
    return [str(cell or "").strip().lower() for cell in rows[0]] if rows else []


def _rows(rows: list[list]):
    """(spreadsheet row number, {column: text}) for each non-empty row below the header."""
    header = _header(rows)
    for number, row in enumerate(rows[1:], start=2):
        values = {name: str(cell).strip() for name, cell in zip(header, row)
                  if name and cell is not None and str(cell).strip()}
        if values:
            yield number, values


def _first_row(rows: list[list]) -> dict:
    return next((values for _, values in _rows(rows)), {})


def _pick(row: dict, column: str) -> str:
    """The plain column, else the first language's (``label::English (en)``)."""
    if row.get(column):
        return row[column]
    return next((value for name, value in row.items() if name.startswith(f"{column}::")), "")


def _key(text: str, taken: set[str], fallback: str) -> str:
    """A new key for an XLSForm name (kept longer than the builder's), noted as taken."""
    key = make_key(text, taken, fallback, length=50)
    taken.add(key)
    return key


def _choice_lists(rows: list[list]) -> dict[str, list[dict]]:
    lists: dict[str, list[dict]] = {}
    for _, row in _rows(rows):
        list_name = row.get("list_name") or row.get("list name")
        value = row.get("name")
        if not list_name or not value:
            continue
        label = _pick(row, "label") or value
        choices = lists.setdefault(list_name, [])
        if all(choice["value"] != value for choice in choices):
            choices.append({"value": value, "label": label})
    return lists


class _Converter:
    def __init__(self, lists: dict[str, list[dict]], title: str):
        self.lists = lists
        self.title = title
        self.sections: list[dict] = []
        self.open_section: dict | None = None
        self.depth = 0
        self.section_keys: set[str] = set()
        self.question_keys: set[str] = set()
        self.keys_by_name: dict[str, dict] = {}  # XLSForm name -> converted question
        self.skipped: list[str] = []
        self.row_numbers: dict[int, int] = {}  # id() of a section or question -> its row

    def skip(self, number: int, reason: str) -> None:
        self.skipped.append(f"Row {number}: {reason}")

    def row(self, number: int, row: dict) -> None:
        raw_type = re.sub(r"\s+", " ", row.get("type", "")).strip()
        if not raw_type:
            return
        lowered = raw_type.lower()
        if lowered in GROUP_BEGIN:
            self._begin_group(number, row, lowered)
        elif lowered in GROUP_END:
            self.depth = max(0, self.depth - 1)
            self.open_section = None  # what follows the group starts a new page
        else:
            self._question(number, row, raw_type)

    def _begin_group(self, number: int, row: dict, lowered: str) -> None:
        name = row.get("name", f"group_{number}")
        if "repeat" in lowered:
            self.skip(number, f"the repeat \u201c{name}\u201d became a plain section, "
                              "answered once")
        if row.get("relevant"):
            self.skip(number, f"the group\u2019s condition \u201c{row['relevant']}\u201d "
                              "(conditions on whole groups are not supported)")
        self.depth += 1
        self.open_section = self._new_section(_pick(row, "label") or name, name)
        self.row_numbers[id(self.open_section)] = number

    def _new_section(self, title: str, name: str) -> dict:
        section = {"key": _key(name, self.section_keys, "section"), "title": title[:200],
                   "intro": "", "questions": []}
        self.sections.append(section)
        return section

    def _question(self, number: int, row: dict, raw_type: str) -> None:
        name = row.get("name", "")
        parts = raw_type.split()
        base = parts[0].lower()
        question = self._typed(number, base, parts, row)
        if question is None:
            return
        if not name:
            self.skip(number, f"a {base} question with no name")
            return
        question.update(key=_key(name, self.question_keys, "q"),
                        text=_pick(row, "label") or name, hint=_pick(row, "hint"),
                        required=row.get("required", "").strip().lower() in TRUE_WORDS)
        if row.get("required") and not question["required"] and \
                row["required"].strip().lower() not in {"no", "false", "false()", "0", "n"}:
            self.skip(number, f"\u201crequired\u201d = \u201c{row['required']}\u201d "
                              "(only yes or no is supported), so the question is optional")
        if row.get("relevant"):
            condition = self._condition(row["relevant"])
            if condition is None:
                self.skip(number, f"the condition \u201c{row['relevant']}\u201d on \u201c{name}"
                                  "\u201d (only ${q} = 'x' and selected(${q}, 'x'), joined by "
                                  "or, about one earlier choice question), so it is always "
                                  "shown")
            else:
                question["show_if"] = condition
        if self.open_section is None:
            self.open_section = self._new_section(self.title, "questions")
        self.open_section["questions"].append(question)
        self.keys_by_name[name] = question
        self.row_numbers[id(question)] = number

    def _typed(self, number: int, base: str, parts: list[str], row: dict) -> dict | None:
        if base in ("select_one", "select_multiple"):
            list_name = parts[1] if len(parts) > 1 else ""
            choices = self.lists.get(list_name)
            if not choices or len(choices) < 2:
                self.skip(number, f"{base} \u201c{row.get('name', '')}\u201d: the choice list "
                                  f"\u201c{list_name}\u201d is missing or has fewer than two "
                                  "choices")
                return None
            if "or_other" in parts[2:]:
                self.skip(number, "\u201cor_other\u201d (the extra \u201cOther\u201d box)")
            kind = "single_choice" if base == "select_one" else "multi_choice"
            return {"type": kind, "choices": [dict(choice) for choice in choices]}
        if base in TYPE_MAP:
            question = {"type": TYPE_MAP[base]}
            if base == "text" and "multiline" in row.get("appearance", "").lower():
                question["type"] = "long_text"
            if base == "integer":
                question["decimals"] = 0
            if base == "decimal":
                question["decimals"] = 2
            return question
        self.skip(number, f"type \u201c{base}\u201d (\u201c{row.get('name', '')}\u201d) "
                          "is not supported")
        return None

    def _condition(self, expression: str) -> dict | None:
        """A supported ``relevant`` as a show_if condition, else None."""
        sources, values = set(), []
        for term in re.split(r"\s+or\s+", expression.strip()):
            match = TERM.match(term)
            if match is None:
                return None
            sources.add((match.group("q1") or match.group("q2")).strip())
            values.append(match.group("v1") if match.group("q1") else match.group("v2"))
        if len(sources) != 1:
            return None
        source = self.keys_by_name.get(sources.pop())
        if source is None or source["type"] not in ("single_choice", "multi_choice"):
            return None
        offered = {choice["value"] for choice in source["choices"]}
        values = list(dict.fromkeys(values))
        if not set(values) <= offered:
            return None
        return {"question": source["key"], "op": "equals" if len(values) == 1 else "one_of",
                "values": values}

    def report_columns(self, survey: list[list], choices: list[list]) -> None:
        for sheet, rows, used in (("survey", survey, USED_SURVEY_COLUMNS),
                                  ("choices", choices, USED_CHOICE_COLUMNS)):
            header = _header(rows)
            for index, name in enumerate(header):
                if not name or name.split("::")[0] in used:
                    continue
                if any(len(row) > index and row[index] not in (None, "") for row in rows[1:]):
                    self.skipped.append(f"The {sheet} sheet\u2019s column \u201c{name}\u201d "
                                        "is not supported")

    def rows_of(self, sections: list[dict]) -> dict[str, int]:
        """Definition path -> spreadsheet row, for the sections and questions kept."""
        rows = {}
        for s_index, section in enumerate(sections):
            if id(section) in self.row_numbers:
                rows[f"sections[{s_index}]"] = self.row_numbers[id(section)]
            for q_index, question in enumerate(section["questions"]):
                rows[f"sections[{s_index}].questions[{q_index}]"] = self.row_numbers[id(question)]
        return rows

    def finished_sections(self) -> list[dict]:
        empty = [s["title"] for s in self.sections if not s["questions"]]
        for title in empty:
            self.skipped.append(f"The group \u201c{title}\u201d had no questions we could "
                                "import, so it was left out")
        return [s for s in self.sections if s["questions"]]
