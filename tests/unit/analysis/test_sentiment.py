"""Sentiment: what a coproduction worker sees next to each answer and each sentence."""
from __future__ import annotations

import dataclasses

import pytest
from textblob import TextBlob

from flse_feedback.analysis import (
    NEUTRAL_BAND,
    SentenceSentiment,
    Sentiment,
    analyse_sentiment,
    label_for,
)


def test_praise_for_staff_is_positive():
    result = analyse_sentiment("The staff were lovely and kind.")
    assert result.label == "positive"
    assert result.polarity > NEUTRAL_BAND
    assert [s.label for s in result.sentences] == ["positive"]
    assert result.mixed is False


def test_a_terrible_wait_is_negative():
    assert analyse_sentiment("The wait was terrible.").label == "negative"


def test_praise_and_complaint_is_mixed_with_one_sentence_of_each():
    result = analyse_sentiment("friendly staff. The wait was terrible.")
    assert result.mixed is True
    assert [(s.text, s.label) for s in result.sentences] == [
        ("friendly staff.", "positive"), ("The wait was terrible.", "negative")]


def test_all_positive_sentences_are_not_mixed():
    result = analyse_sentiment("Lovely staff. Great advice.")
    assert result.mixed is False
    assert {s.label for s in result.sentences} == {"positive"}


def test_not_applicable_is_neutral():
    result = analyse_sentiment("N/A")
    assert (result.label, result.polarity, result.subjectivity) == ("neutral", 0.0, 0.0)
    assert result.mixed is False


@pytest.mark.parametrize("text", ["", "   ", "\n\t"])
def test_empty_answer_is_neutral_with_no_sentences(text):
    assert analyse_sentiment(text) == Sentiment("neutral", 0.0, 0.0, (), False)


def test_answer_polarity_is_the_mean_of_its_opinion_phrases_not_of_its_sentences():
    # Two phrases in the second sentence count twice, as TextBlob's own average would.
    text = "Friendly staff. The wait was terrible and the room was dirty."
    result = analyse_sentiment(text)
    phrases = [TextBlob(word).sentiment.polarity for word in ("friendly", "terrible", "dirty")]
    assert result.explanation == ("friendly", "terrible", "dirty")
    assert phrases[1:] == [-1.0, -0.6]  # TextBlob's own scores, used as they are
    assert result.polarity == round((0.5 + phrases[1] + phrases[2]) / 3, 4)


def test_polarity_and_subjectivity_stay_in_range_for_extreme_text():
    result = analyse_sentiment("Absolutely, extremely, incredibly excellent!!! " * 5)
    assert result.polarity == 1.0
    assert 0.0 <= result.subjectivity <= 1.0


def test_floats_are_rounded_to_four_decimals():
    result = analyse_sentiment("The staff were quite nice but the room was a bit too cold.")
    values = [result.polarity, result.subjectivity]
    values += [v for s in result.sentences for v in (s.polarity, s.subjectivity)]
    assert all(round(value, 4) == value for value in values)


@pytest.mark.parametrize("text", [
    "The advice wasn't good.", "The advice wasnt good.", "The advice wasn\u2019t good."])
def test_negated_contractions_read_negative(text):
    # TextBlob alone scores "wasn't good" as +0.7 (TextBlob issue #181).
    assert analyse_sentiment(text).label == "negative"


def test_sentence_text_is_the_persons_own_words():
    result = analyse_sentiment("It wasn't good. They didn't listen.")
    assert [s.text for s in result.sentences] == ["It wasn't good.", "They didn't listen."]


@pytest.mark.parametrize("polarity, label", [
    (1.0, "positive"), (0.0501, "positive"), (0.05, "neutral"), (0.0, "neutral"),
    (-0.05, "neutral"), (-0.0501, "negative"), (-1.0, "negative"),
])
def test_label_thresholds(polarity, label):
    assert NEUTRAL_BAND == 0.05
    assert label_for(polarity) == label


def test_sentences_and_answer_carry_their_explanation():
    result = analyse_sentiment("Lovely staff. The wait was terrible.")
    assert [s.explanation for s in result.sentences] == [("lovely",), ("terrible",)]
    assert result.explanation == ("lovely", "terrible")


def test_no_opinion_words_means_an_empty_explanation():
    result = analyse_sentiment("I went on Tuesday.")
    assert (result.label, result.explanation) == ("neutral", ())
    assert result.sentences[0].explanation == ()


def test_readings_are_frozen():
    result = analyse_sentiment("Lovely staff.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.label = "negative"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.sentences[0].label = "negative"  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.explanation = ()  # type: ignore[misc]
    assert isinstance(result.explanation, tuple)
    assert isinstance(result.sentences, tuple)
    assert isinstance(result.sentences[0], SentenceSentiment)
