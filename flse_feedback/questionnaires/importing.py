"""Reading a questionnaire definition from JSON text, with faults named by line and field.

Syntax faults come from :class:`json.JSONDecodeError` (which knows the line); faults in the
content come from :func:`~.definitions.check_definition` as paths such as
``sections[2].questions[4].type``, and :func:`value_lines` finds the line each path starts on.
Pure functions: no Flask, no database.
"""
from __future__ import annotations

import json
import re

from .definitions import DefinitionError, check_definition

PIECE = re.compile(r'"(?:[^"\\]|\\.)*"|[{}\[\]:,]|[^\s{}\[\]:,"]+')


def parse_definition(text: str) -> dict:
    """Parse and check a definition.

    :raises DefinitionError: whose ``problems`` each start with the line at fault
    """
    try:
        definition = json.loads(text)
        check_definition(definition)
    except json.JSONDecodeError as error:
        raise DefinitionError([f"Line {error.lineno}, column {error.colno}: this is not valid "
                               f"JSON ({error.msg})."]) from None
    except RecursionError:
        raise DefinitionError(["Line 1: lists or objects are nested far deeper than any "
                               "questionnaire; this is not a questionnaire file."]) from None
    except DefinitionError as error:
        lines = value_lines(text)
        raise DefinitionError([_with_line(lines, path, message)
                               for path, message in error.faults], error.faults) from None
    return definition


def _with_line(lines: dict[str, int], path: str, message: str) -> str:
    place = path
    while place and place not in lines:  # a missing field: point at what should hold it
        place = re.sub(r"(\.[^.\[\]]+|\[\d+\])$", "", place)
    line = lines.get(place, 1)
    return f"Line {line}, {path or 'the questionnaire'}: {message}"


def _join(path: str, part) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else str(part)


def value_lines(text: str) -> dict[str, int]:
    """Path -> line number where that value starts, for valid JSON ``text``."""
    lines: dict[str, int] = {}
    stack: list[dict] = []
    line, position, next_path = 1, 0, ""
    for match in PIECE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        piece = match.group()
        frame = stack[-1] if stack else None
        if piece == ",":
            if frame and frame["kind"] == "array":
                frame["index"] += 1
                next_path = _join(frame["path"], frame["index"])
            elif frame:
                frame["want_key"] = True
            continue
        if piece == ":":
            next_path = _join(frame["path"], frame["key"])
            continue
        if piece in "}]":
            stack.pop()
            continue
        if frame and frame["kind"] == "object" and frame["want_key"]:
            frame["key"], frame["want_key"] = json.loads(piece), False
            lines.setdefault(_join(frame["path"], frame["key"]), line)
            continue
        lines.setdefault(next_path, line)
        if piece == "{":
            stack.append({"kind": "object", "path": next_path, "want_key": True, "key": None})
        elif piece == "[":
            stack.append({"kind": "array", "path": next_path, "index": 0})
            next_path = _join(next_path, 0)
    return lines
