"""The stemmer: word forms a coproduction worker would call "the same word" must meet."""
from __future__ import annotations

import pytest

from flse_feedback.analysis import stem


@pytest.mark.parametrize("group", [
    ("wait", "waited", "waiting", "waits"),
    ("explain", "explained", "explaining", "explains"),
    ("listen", "listened", "listening", "listens"),
    ("judge", "judged", "judges"),
    ("delay", "delays", "delayed", "delaying"),
    ("care", "caring", "cared", "cares"),
    ("stop", "stopped", "stopping", "stops"),
    ("refer", "referred", "referring"),
    ("queue", "queues", "queuing", "queueing"),
    ("service", "services"),
    ("worry", "worried", "worries"),
    ("baby", "babies"),
    ("ignore", "ignored", "ignoring"),
    ("welcome", "welcoming", "welcomed"),
])
def test_inflections_share_a_stem(group):
    assert {stem(word) for word in group} == {stem(group[0])}


@pytest.mark.parametrize("a, b", [
    ("care", "car"),
    ("hope", "hop"),
    ("judgemental", "judge"),
    ("referral", "refer"),
    ("children", "child"),
])
def test_different_words_stay_apart(a, b):
    assert stem(a) != stem(b)


def test_irregular_plural_is_left_alone():
    assert stem("children") == "children"


@pytest.mark.parametrize("word", ["access", "status", "crisis", "bus", "homeless", "address"])
def test_words_ending_in_s_that_are_not_plurals_keep_it(word):
    assert stem(word) == word


@pytest.mark.parametrize("word", [
    "was", "is", "us", "use", "uses", "used", "bed", "need", "kids", "sing", "thing", "bring",
    "feed", "red", "lies", "ties", "dies", "seas", "goes", "ing", "eds", "a", "",
])
def test_short_words_never_shrink_below_three_letters(word):
    result = stem(word)
    assert result == word or len(result) >= 3
    if len(word) <= 4 and result != word:
        assert len(result) >= 3


def test_lower_case_in_and_out():
    assert stem("Waited") == "wait"
    assert stem("WAITING") == "wait"


@pytest.mark.parametrize("token", ["2.5", "b&b", "i'd", "ptsd", "bsl", "123"])
def test_non_alphabetic_and_short_tokens_are_unchanged(token):
    assert stem(token) == token
