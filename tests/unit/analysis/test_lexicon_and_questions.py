"""The editable sentiment lexicon, the question classifier and the tokeniser."""
from __future__ import annotations

import json

import pytest

from flse_feedback.analysis import analyse_sentiment
from flse_feedback.analysis.lexicon import (
    LEXICON_PATH, REQUIRED_SETTINGS, LexiconError, default_lexicon, parse_lexicon, read_lexicon)
from flse_feedback.analysis.questions import PRAISE, PROBLEMS, question_kind
from flse_feedback.analysis.tokens import BREAK, MARK, WORD, tokenize


@pytest.fixture
def data() -> dict:
    return json.loads(LEXICON_PATH.read_text(encoding="utf-8"))


# --- the lexicon file -----------------------------------------------------------------------

def test_the_lexicon_ships_inside_the_package_as_json():
    assert LEXICON_PATH.name == "sentiment_lexicon.json"
    assert LEXICON_PATH.parent.name == "analysis"  # setup.cfg ships analysis/*.json


def test_every_section_says_what_it_does(data):
    assert data["about"]
    for name, section in data.items():
        if isinstance(section, dict):
            assert isinstance(section.get("about"), str) and len(section["about"]) > 30, name


def test_every_setting_is_present_and_documented(data):
    for name in REQUIRED_SETTINGS:
        assert isinstance(data["settings"][name], (int, float)), name
        assert name in data["settings"]["about"], name


def test_word_polarities_are_in_range(data):
    lexicon = default_lexicon()
    assert all(-1.0 <= value <= 1.0 for value in lexicon.words.values())
    assert all(-1.0 <= value <= 1.0 for value in lexicon.negator_own.values())
    assert all(0 < factor <= 2 for factor in lexicon.intensifiers.values())


def test_word_lists_do_not_contradict_each_other(data):
    neutral = set(data["neutral_words"]["entries"]) | set(data["topic_words"]["entries"])
    assert not neutral & set(data["words"]["entries"])
    assert not set(data["intensifiers"]["entries"]) & set(data["negators"]["entries"])


def test_the_briefs_topic_words_are_listed(data):
    assert {"trauma", "abuse", "addiction", "prison", "homeless"} <= set(
        data["topic_words"]["entries"])


def test_phrases_are_normalised_like_the_text():
    lexicon = default_lexicon()
    # "can't fault" in text becomes "can not fault"; the phrase "not fault" matches it
    assert any(p.words == ("not", "fault") for p in lexicon.phrases["not"])
    assert analyse_sentiment("Couldn\u2019t fault them").label == "positive"


def test_an_edited_copy_changes_the_reading(tmp_path, data):
    data["words"]["entries"]["rushed"] = 0.5
    data["topic_words"]["entries"].append("noisy")
    path = tmp_path / "lexicon.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    edited = read_lexicon(path)
    assert analyse_sentiment("They rushed me.", lexicon=edited).label == "positive"
    assert analyse_sentiment("A noisy room.", lexicon=edited).label == "neutral"
    assert analyse_sentiment("A noisy room.").label == "negative"


def test_the_neutral_band_comes_from_the_lexicon(data):
    data["settings"]["neutral_band"] = 0.9
    assert analyse_sentiment("Lovely staff.", lexicon=parse_lexicon(data)).label == "neutral"


@pytest.mark.parametrize("breakage", [
    lambda d: d["settings"].pop("negation_factor"),
    lambda d: d["settings"].update(negation_factor="a lot"),
    lambda d: d["settings"].update(negation_factor=True),
    lambda d: d.pop("words"),
    lambda d: d["words"].update(entries=["helpful"]),
    lambda d: d["words"]["entries"].update(helpful="very"),
    lambda d: d["phrases"]["entries"].update(single=0.5),
    lambda d: d["phrases"]["entries"].update({"* fault": 0.5}),
    lambda d: d["hypothetical"].update(modals="would"),
])
def test_a_malformed_lexicon_is_refused_with_a_clear_error(data, breakage):
    breakage(data)
    with pytest.raises(LexiconError):
        parse_lexicon(data)


def test_a_lexicon_that_is_not_an_object_is_refused():
    with pytest.raises(LexiconError):
        parse_lexicon([])  # type: ignore[arg-type]


# --- questions --------------------------------------------------------------------------------

@pytest.mark.parametrize("question, kind", [
    ("How could we improve?", PROBLEMS),
    ("What could we do better?", PROBLEMS),
    ("What would make this area better?", PROBLEMS),
    ("What is one thing that should change?", PROBLEMS),
    ("What are the top three changes that would make the biggest difference?", PROBLEMS),
    ("Did anything about security make you feel uneasy?", PROBLEMS),
    ("What did you like least?", PROBLEMS),
    ("What was good?", PRAISE),
    ("What was the best thing about the visit?", PRAISE),
    ("What works well and should be kept?", PRAISE),
    ("What was the most useful part?", PRAISE),
    ("WHAT WENT WELL?", PRAISE),
    ("What was good, and what could be better?", None),
    ("Please describe anything you were satisfied or dissatisfied with", None),
    ("Any other comments?", None),
    ("Why did you give that rating?", None),
    ("What will you do differently because of this session?", None),
    ("", None),
    (None, None),
])
def test_questions_are_read_for_what_they_ask(question, kind):
    assert question_kind(question, default_lexicon()) == kind


def test_cues_match_whole_words_only():
    # "goodbye" is not "good", "bettering" is not "better"
    assert question_kind("Say goodbye?", default_lexicon()) is None


# --- tokens -----------------------------------------------------------------------------------

def test_negated_contractions_become_two_tokens_pointing_at_the_word():
    tokens = tokenize("It wasn\u2019t good, cannot say")
    assert [t.text for t in tokens] == ["it", "was", "not", "good", ",", "can", "not", "say"]
    was, nt = tokens[1], tokens[2]
    assert (was.start, was.end) == (nt.start, nt.end) == (3, 9)


@pytest.mark.parametrize("word, expected", [
    ("didnt", ["did", "not"]), ("can't", ["can", "not"]), ("won't", ["will", "not"]),
    ("ain't", ["is", "not"]), ("no-one", ["nobody"]), ("Don\u2019t", ["do", "not"]),
])
def test_contractions(word, expected):
    assert [t.text for t in tokenize(word)] == expected


def test_marks_and_breaks():
    tokens = tokenize("Great!!! :) (really) - ok; fine\u2026 yes? \U0001F642")
    kinds = [(t.text, t.kind) for t in tokens]
    assert ("!", MARK) in kinds and (":)", MARK) in kinds and ("\U0001F642", MARK) in kinds
    assert [t for t, k in kinds if k == BREAK] == ["(", ")", "-", ";", "\u2026", "?"]
    assert all(k == WORD for t, k in kinds if t in ("great", "really", "ok", "fine", "yes"))


def test_hyphenated_words_and_numbers_stay_whole():
    assert [t.text for t in tokenize("eye-opening 2.5 hours")] == ["eye-opening", "2.5", "hours"]
