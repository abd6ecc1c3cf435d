"""The whole reading of an answer, its stored shape, and the package's independence."""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import flse_feedback.analysis as analysis
from flse_feedback.analysis import (
    ANALYSER_VERSION,
    CodebookTheme,
    TextAnalysis,
    analyse_text,
    load_default_codebook,
)

PACKAGE_DIR = Path(analysis.__file__).resolve().parent
FORBIDDEN = {"flask", "sqlalchemy", "flask_sqlalchemy", "flask_login", "flask_wtf",
             "flask_migrate", "werkzeug", "alembic"}


@pytest.fixture(scope="module")
def codebook() -> list[CodebookTheme]:
    return load_default_codebook()


def test_analyser_version_is_fixed():
    # Bumped with the rule-based reading (negation, contrast, questions, explanations).
    assert ANALYSER_VERSION == "textblob-pattern-2"


def test_mixed_answer_reads_both_ways_with_themes(codebook):
    result = analyse_text("friendly staff. The wait was terrible.", codebook)
    assert isinstance(result, TextAnalysis)
    assert result.sentiment.mixed is True
    assert [m.theme_id for m in result.themes] == ["staff_attitude", "waiting_access"]


def test_to_dict_has_the_stored_shape(codebook):
    text = "The staff were lovely and kind. The room was too cold."
    data = analyse_text(text, codebook).to_dict()
    assert set(data) == {"text", "sentiment", "themes", "theme_matches"}
    assert set(data["sentiment"]) == {"label", "polarity", "subjectivity", "mixed", "sentences",
                                      "explanation"}
    assert all(set(s) == {"text", "label", "polarity", "subjectivity", "explanation"}
               for s in data["sentiment"]["sentences"])
    assert data["sentiment"]["explanation"] == ["lovely", "kind", "too cold"]
    assert [s["explanation"] for s in data["sentiment"]["sentences"]] == [
        ["lovely", "kind"], ["too cold"]]
    assert data["themes"] == ["staff_attitude", "physical_environment"]
    assert data["theme_matches"] == [
        {"id": "staff_attitude", "matched": ["lovely", "and kind"]},
        {"id": "physical_environment", "matched": ["too cold"]},
    ]
    assert json.loads(json.dumps(data)) == data


def test_not_applicable_is_neutral_with_no_themes(codebook):
    data = analyse_text("N/A", codebook).to_dict()
    assert data["sentiment"]["label"] == "neutral"
    assert data["themes"] == [] and data["theme_matches"] == []


def test_thin_praise_is_positive_but_has_no_theme(codebook):
    result = analyse_text("Great, thanks!", codebook)
    assert result.sentiment.label == "positive"
    assert result.themes == ()


def test_empty_text(codebook):
    data = analyse_text("", codebook).to_dict()
    assert data == {
        "text": "",
        "sentiment": {"label": "neutral", "polarity": 0.0, "subjectivity": 0.0,
                      "mixed": False, "sentences": [], "explanation": []},
        "themes": [],
        "theme_matches": [],
    }


def test_friendly_but_rushed_is_negative_and_says_why(codebook):
    data = analyse_text("The staff were friendly but rushed.", codebook).to_dict()
    assert data["sentiment"]["label"] == "negative"
    assert data["sentiment"]["explanation"] == ["friendly", "rushed"]


@pytest.mark.parametrize("question, label", [
    ("What could we improve?", "positive"),
    ("What was good about your visit?", "negative"),
    ("Any other comments?", "neutral"),
    (None, "neutral"),
])
def test_the_question_asked_changes_how_nothing_reads(codebook, question, label):
    result = analyse_text("Nothing", codebook, question)
    assert result.sentiment.label == label
    assert result.themes == ()


def test_the_question_is_optional_and_positional(codebook):
    assert analyse_text("Nothing.", codebook, "How could we do better?").sentiment.label == \
        "positive"
    assert analyse_text("Nothing.", codebook).sentiment.label == "neutral"


@pytest.mark.parametrize("value", [None, 5, b"bytes"])
def test_text_that_is_not_a_string_reads_as_empty(codebook, value):
    result = analyse_text(value, codebook)  # type: ignore[arg-type]
    assert result.text == "" and result.sentiment.label == "neutral" and result.themes == ()


def test_the_codebook_passed_in_is_the_one_used():
    book = [CodebookTheme("local_food", "Food", "A local code", ("soup", "sandwiches"))]
    result = analyse_text("The soup and sandwiches were lovely.", book)
    assert [(m.theme_id, m.matched) for m in result.themes] == [
        ("local_food", ("soup", "sandwiches"))]


def test_result_is_frozen(codebook):
    result = analyse_text("Staff were rude", codebook)
    with pytest.raises(AttributeError):
        result.text = "changed"  # type: ignore[misc]
    assert isinstance(result.themes, tuple)


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_no_module_in_the_package_imports_flask_or_the_database():
    for path in PACKAGE_DIR.glob("*.py"):
        assert not _imported_modules(path) & FORBIDDEN, path.name


def test_importing_and_running_the_package_loads_neither_flask_nor_sqlalchemy(tmp_path):
    # The parent package ``flse_feedback`` is the Flask app factory, so it is replaced by a
    # bare namespace here: the check is about what *this* package pulls in.
    script = textwrap.dedent("""
        import sys, types
        parent = types.ModuleType("flse_feedback")
        parent.__path__ = [sys.argv[1]]
        sys.modules["flse_feedback"] = parent
        import flse_feedback.analysis as analysis
        analysis.analyse_text("The staff were lovely. The wait was long.",
                              analysis.load_default_codebook())
        print(",".join(sorted({name.split(".")[0] for name in sys.modules})))
    """)
    env = {**os.environ, "NLTK_DATA": str(tmp_path)}
    completed = subprocess.run(
        [sys.executable, "-W", "error", "-c", script, str(PACKAGE_DIR.parent)],
        capture_output=True, text=True, env=env, check=False, timeout=120)
    assert completed.returncode == 0, completed.stderr
    loaded = set(completed.stdout.strip().split(","))
    assert "textblob" in loaded
    assert not loaded & FORBIDDEN
