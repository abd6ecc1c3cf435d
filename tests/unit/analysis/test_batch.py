"""Reading many answers at once: plain lines, JSON lines and CSV, where bad input never stops
the run."""
from __future__ import annotations

import io
import json

import pytest

from flse_feedback.analysis import load_default_codebook
from flse_feedback.analysis.batch import ColumnError, analyse_csv, analyse_lines, write_jsonl


@pytest.fixture(scope="module")
def codebook():
    return load_default_codebook()


def stream(text: str | bytes) -> io.BytesIO:
    return io.BytesIO(text.encode("utf-8") if isinstance(text, str) else text)


def test_plain_lines_give_one_result_each_in_order(codebook):
    results = list(analyse_lines(stream("Lovely staff.\r\n\nRude staff\n"), codebook))
    assert [r["text"] for r in results] == ["Lovely staff.", "", "Rude staff"]
    assert [r["sentiment"]["label"] for r in results] == ["positive", "neutral", "negative"]


def test_one_question_can_apply_to_every_line(codebook):
    results = list(analyse_lines(stream("Nothing\nNothing\n"), codebook,
                                 question="What could be improved?"))
    assert [r["sentiment"]["label"] for r in results] == ["positive", "positive"]


def test_bytes_that_are_not_utf8_are_replaced_and_a_bom_is_ignored(codebook):
    results = list(analyse_lines(stream(b"\xef\xbb\xbfGood\nbad \xff byte\n"), codebook))
    assert results[0]["text"] == "Good"
    assert results[1]["text"] == "bad \ufffd byte"


def test_json_lines_carry_their_own_question(codebook):
    lines = "\n".join(json.dumps(record) for record in [
        {"text": "Nothing", "question": "What was good?"},
        {"text": "Nothing", "question": "What could be better?"},
        {"text": "Nothing", "question": None},
        {"text": "Nothing"},
    ])
    results = list(analyse_lines(stream(lines), codebook, jsonl=True))
    assert [r["sentiment"]["label"] for r in results] == [
        "negative", "positive", "neutral", "neutral"]


@pytest.mark.parametrize("line, error", [
    ("not json", "not a JSON object"),
    ("", "not a JSON object"),
    ("[1, 2]", "not a JSON object"),
    ('"text"', "not a JSON object"),
    ('{"question": "Why?"}', 'no "text" string'),
    ('{"text": 5}', 'no "text" string'),
    ('{"text": "ok", "question": 5}', '"question" is not a string'),
])
def test_bad_json_lines_are_reported_and_the_run_goes_on(codebook, line, error):
    text = f'{{"text": "first"}}\n{line}\n{{"text": "last"}}\n'
    results = list(analyse_lines(stream(text), codebook, jsonl=True))
    assert results[0]["text"] == "first" and results[2]["text"] == "last"
    assert results[1] == {"line": 2, "error": error}


def test_csv_reads_the_named_column_and_the_question_column(codebook):
    text = ('id,answer,asked\n'
            '1,"Nothing",What was good?\n'
            '2,"Lovely staff, kind and quick",What was good?\n'
            '3,"Nothing",\n')
    results = list(analyse_csv(stream(text), codebook, "answer", question_column="asked"))
    assert [r["text"] for r in results] == [
        "Nothing", "Lovely staff, kind and quick", "Nothing"]
    assert [r["sentiment"]["label"] for r in results] == ["negative", "positive", "neutral"]
    assert results[1]["themes"] == ["staff_attitude", "waiting_access"]


def test_csv_with_a_multi_line_answer_is_one_result(codebook):
    text = 'answer\n"Great trainer.\nToo long though."\nok\n'
    results = list(analyse_csv(stream(text), codebook, "answer"))
    assert len(results) == 2
    assert [s["text"] for s in results[0]["sentiment"]["sentences"]] == [
        "Great trainer.", "Too long though."]


def test_csv_short_rows_and_blank_lines(codebook):
    text = "a,answer\n1,Good\n\n2\n3,Bad\n"
    results = list(analyse_csv(stream(text), codebook, "answer"))
    assert results[0]["text"] == "Good"
    assert results[1] == {"row": 2, "error": "no 'answer' value"}
    assert results[2]["text"] == "Bad"


def test_csv_field_too_large_is_reported_and_the_run_goes_on(codebook):
    text = 'answer\n"' + "x" * 1_100_000 + '"\nGood\n'
    results = list(analyse_csv(stream(text), codebook, "answer"))
    assert results[0] == {"row": 1, "error": "not a readable CSV row"}
    assert results[-1]["text"] == "Good"


@pytest.mark.parametrize("column, question_column", [("text", None), ("answer", "asked")])
def test_a_missing_column_is_refused_before_any_result(codebook, column, question_column):
    results = analyse_csv(stream("answer\nGood\n"), codebook, column,
                          question_column=question_column)
    with pytest.raises(ColumnError, match="not in the CSV header"):
        next(results)


def test_an_empty_csv_has_no_header(codebook):
    with pytest.raises(ColumnError, match="no header"):
        list(analyse_csv(stream(""), codebook, "answer"))


def test_results_are_written_as_utf8_json_lines_and_errors_reported():
    binary = io.BytesIO()
    out = io.TextIOWrapper(binary, encoding="ascii")  # a terminal that cannot show emoji
    reported: list[str] = []
    write_jsonl([{"text": "caf\u00e9 \U0001F642"}, {"row": 2, "error": "bad"}], out,
                report=reported.append)
    assert binary.getvalue().decode("utf-8").splitlines() == [
        '{"text": "caf\u00e9 \U0001F642"}', '{"row": 2, "error": "bad"}']
    assert reported == ["row 2: bad"]


def test_results_can_be_written_to_a_text_stream():
    out = io.StringIO()
    write_jsonl([{"text": "ok"}], out)
    assert out.getvalue() == '{"text": "ok"}\n'
