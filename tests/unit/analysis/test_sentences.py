"""Sentence splitting: answers must come apart where a reader would split them."""
from __future__ import annotations

import pytest

from flse_feedback.analysis import split_sentences


def test_two_sentences_split_at_full_stop():
    assert split_sentences("friendly staff. The wait was terrible.") == [
        "friendly staff.", "The wait was terrible."]


def test_question_and_exclamation_marks_end_sentences():
    assert split_sentences("Why did nobody call back?! I was left for hours! Never again.") == [
        "Why did nobody call back?!", "I was left for hours!", "Never again."]


def test_abbreviations_do_not_end_sentences():
    text = "Dr. Patel and Mrs. Khan explained the forms, e.g. the PIP ones, i.e. all of them. Good."
    assert split_sentences(text) == [
        "Dr. Patel and Mrs. Khan explained the forms, e.g. the PIP ones, i.e. all of them.",
        "Good."]


def test_mr_and_initialisms_stay_whole():
    assert split_sentences("Mr. Jones moved to the U.K. last year. He was kind.") == [
        "Mr. Jones moved to the U.K. last year.", "He was kind."]


def test_decimals_stay_whole():
    assert split_sentences("I waited 2.5 hours. It cost \u00a32.50 to get there.") == [
        "I waited 2.5 hours.", "It cost \u00a32.50 to get there."]


def test_etc_mid_sentence_is_kept_but_ends_a_sentence_before_a_capital():
    assert split_sentences("Slides, handouts etc. were useful") == [
        "Slides, handouts etc. were useful"]
    assert split_sentences("Slides, handouts etc. The trainer was great") == [
        "Slides, handouts etc.", "The trainer was great"]


def test_newlines_and_bullets_make_separate_sentences():
    text = "Things to fix:\n- chairs broken\n* no water\n\n\u2022 too noisy\n1. signs\n2) lighting"
    assert split_sentences(text) == [
        "Things to fix:", "chairs broken", "no water", "too noisy", "signs", "lighting"]


def test_missing_space_after_full_stop_still_splits():
    assert split_sentences("friendly staff.The wait was long") == [
        "friendly staff.", "The wait was long"]


@pytest.mark.parametrize("text", ["", "   ", "\n\n", "...", "-", " - \n * "])
def test_empty_pieces_are_dropped(text):
    assert split_sentences(text) == []


def test_pieces_are_stripped():
    assert split_sentences("   Lovely staff.    Warm room.   ") == ["Lovely staff.", "Warm room."]


def test_single_sentence_without_punctuation():
    assert split_sentences("nothing to add") == ["nothing to add"]
