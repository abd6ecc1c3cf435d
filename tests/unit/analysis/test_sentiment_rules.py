"""Each sentiment rule on sentences written for these tests (no real feedback is copied here).

The rules and their word lists are documented in ``sentiment.py`` and
``sentiment_lexicon.json``; these tests pin the behaviour a coproduction worker relies on,
including the tagging pitfalls of the domain brief.
"""
from __future__ import annotations

import json

import pytest

from flse_feedback.analysis import analyse_sentiment, analyse_text, load_default_codebook
from flse_feedback.analysis.lexicon import LEXICON_PATH, parse_lexicon

IMPROVE = "What could we improve?"
GOOD = "What was good about the session?"
OTHER = "Is there anything else you want to tell us?"


def label(text: str, question: str | None = None) -> str:
    return analyse_sentiment(text, question).label


def polarity(text: str, question: str | None = None) -> float:
    return analyse_sentiment(text, question).polarity


def explanation(text: str, question: str | None = None) -> tuple[str, ...]:
    return analyse_sentiment(text, question).explanation


# --- the domain brief's pitfalls ------------------------------------------------------------

def test_topic_words_are_not_negative_feedback():
    assert label("The talk about addiction and prison was eye-opening") == "positive"
    assert explanation("The talk about addiction and prison was eye-opening") == (
        "eye-opening",)


@pytest.mark.parametrize("text", [
    "We spent the morning on trauma, abuse and homelessness.",
    "A session about mental health, prison and addiction.",
    "She talked about being homeless and living with an illness.",
])
def test_naming_a_hard_subject_is_neutral(text):
    assert label(text) == "neutral"


def test_topic_words_do_not_hide_the_opinion_about_them():
    assert label("The group on trauma and abuse was really well run.") == "positive"
    assert label("The module on addiction was boring.") == "negative"


def test_not_unhelpful_is_mildly_positive():
    result = analyse_sentiment("The reception staff were not unhelpful.")
    assert result.label == "positive"
    assert 0 < result.polarity < analyse_sentiment("The reception staff were helpful.").polarity
    assert result.explanation == ("not unhelpful",)


@pytest.mark.parametrize("text", [
    "Nobody bothered to explain.",
    "No one bothered to explain anything to me.",
    "No-one listened.",
    "Not once did anyone explain what was going on.",
])
def test_nobody_and_not_once_negate(text):
    assert label(text) == "negative"


def test_nobody_bothered_to_explain_says_why():
    assert explanation("Nobody bothered to explain.") == ("nobody bothered to explain",)


def test_polite_enough_but_in_and_out_is_negative_or_mixed():
    result = analyse_sentiment("Polite enough but I was in and out in two minutes.")
    assert result.label == "negative" or result.mixed
    assert result.explanation == ("polite enough", "in and out")


@pytest.mark.parametrize("text", ["N/A", "n/a", "Nothing", "nothing.", "None", "All fine"])
def test_short_answers_are_neutral_or_thin_praise_with_no_themes(text):
    result = analyse_text(text, load_default_codebook())
    assert result.sentiment.label in ("neutral", "positive")
    assert result.sentiment.polarity <= 0.5
    assert result.themes == ()


def test_not_applicable_is_neutral_whatever_the_question():
    for question in (IMPROVE, GOOD, OTHER, None):
        assert label("N/A", question) == "neutral"
        assert label("Don't know", question) == "neutral"


# --- negation -------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The advice wasn't good.", "The advice wasnt good.", "The advice was not good.",
    "The advice was never good.", "The advice isn\u2019t good.", "It won't help.",
    "They didn't help.", "They didnt help.", "They can't help.", "They cannot help.",
])
def test_negated_contractions_and_words_read_negative(text):
    assert label(text) == "negative"


def test_negation_reaches_a_few_words_forward_as_far_as_the_lexicon_says():
    assert label("They didn't make it clear.") == "negative"
    data = json.loads(LEXICON_PATH.read_text(encoding="utf-8"))
    data["settings"]["negation_window"] = 1
    assert analyse_sentiment("They didn't make it clear.", lexicon=parse_lexicon(data)).label \
        == "positive"


def test_negation_is_carried_by_think_and_feel():
    assert label("I don't think the course was good.") == "negative"
    assert label("I did not feel that it was worth it.") == "negative"


def test_negation_covers_a_list_joined_by_or():
    assert explanation("They were not friendly or helpful.") == ("not friendly", "helpful")
    assert label("They were not friendly or helpful.") == "negative"


def test_negation_stops_at_a_comma_and_at_and():
    assert label("Not perfect, but kind and helpful.") == "positive"
    assert explanation("They didn't listen and were rude.") == ("didn't listen", "rude")


def test_negated_negatives_read_positive():
    assert label("The staff were never rude.") == "positive"
    assert label("I had no problems at all.") == "positive"
    assert label("There was no waiting.") == "positive"


@pytest.mark.parametrize("text", [
    "Nothing but praise for the team.", "Not only kind but also quick.",
    "Without a doubt the best service I have used.",
])
def test_idioms_with_a_negation_word_do_not_negate(text):
    assert label(text) == "positive"


@pytest.mark.parametrize("text", [
    "Nobody called me back.", "There was a lack of staff.", "They failed to turn up.",
])
def test_some_negations_are_complaints_on_their_own(text):
    assert label(text) == "negative"


def test_negation_does_not_reach_thanks():
    assert label("Nothing else needed thank you.") == "positive"


# --- intensifiers, excess, faint praise ----------------------------------------------------

def test_intensifiers_strengthen_and_soften():
    assert polarity("very helpful") > polarity("helpful") > polarity("a bit helpful") > 0
    assert polarity("extremely rude") < polarity("rude") < polarity("slightly rude") < 0
    assert explanation("They were very helpful.") == ("very helpful",)


@pytest.mark.parametrize("text", [
    "The session was too long.", "The visit was too quick.", "There was too much jargon.",
])
def test_too_means_excess(text):
    assert label(text) == "negative"


def test_too_at_the_end_means_also():
    assert label("The trainer was great too.") == "positive"


def test_enough_after_a_word_is_faint_praise():
    assert 0 < polarity("The staff were polite enough.") < polarity("The staff were polite.")


def test_exclamation_marks_strengthen():
    assert polarity("Lovely staff!") > polarity("Lovely staff.")


def test_opinion_adverbs_join_the_next_word():
    assert label("The course was poorly organised.") == "negative"
    assert label("It was badly explained.") == "negative"
    assert label("The least helpful office I have visited.") == "negative"
    assert label("Everything was clearly explained.") == "positive"
    assert label("Some parts were not clearly explained.") == "negative"


# --- contrast -------------------------------------------------------------------------------

def test_what_follows_but_outweighs_what_came_before():
    friendly_but_rushed = analyse_sentiment("Friendly but rushed.")
    assert friendly_but_rushed.label == "negative"
    assert friendly_but_rushed.explanation == ("friendly", "rushed")
    assert label("Rushed but friendly.") == "positive"


@pytest.mark.parametrize("text", [
    "Although the wait was long, the staff were lovely.",
    "The staff were lovely, although the wait was long.",
    "Despite the long wait, the staff were lovely.",
])
def test_a_concession_weighs_less_than_the_rest(text):
    assert label(text) == "positive"


def test_a_sentence_opening_with_however_weighs_more():
    result = analyse_sentiment("The staff were friendly. However, the room was dirty.")
    assert result.label == "negative"
    assert result.mixed is True


def test_but_also_is_not_a_contrast():
    assert label("Not only helpful but also kind.") == "positive"


# --- requests ---------------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "They couldn't have been more helpful.", "It could not be better.",
    "Couldn't be better!", "I have never had better care.",
    "They could not have treated me any better.",
])
def test_negated_comparatives_are_praise(text):
    assert label(text) == "positive"


def test_never_with_a_worse_comparative_is_strong_criticism():
    assert label("I have never seen a worse office.") == "negative"


@pytest.mark.parametrize("text", [
    "The food could be better.", "The trainer should be more organised.",
    "More staff.", "Better parking.", "It would be nice if there were more chairs.",
    "More examples would have been helpful.", "Explain more.",
])
def test_requests_are_criticism_when_asked_about_problems(text):
    assert label(text, IMPROVE) == "negative"


@pytest.mark.parametrize("text", [
    "More staff.", "It would be nice if there were more chairs.",
    "It would be better if the slides were shared.",
])
def test_a_volunteered_suggestion_is_not_praise(text):
    assert label(text) in ("neutral", "negative")
    assert polarity(text) <= 0


def test_better_than_is_a_comparison_not_a_request():
    assert label("Better than I expected.") == "positive"


# --- the question asked ----------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "Nothing", "Nothing.", "nothing really", "None", "No", "Nope", "Absolutely nothing.",
    "Nothing springs to mind.", "Not a thing, honestly.", "Nothing at all!",
])
def test_nothing_to_improve_is_positive(text):
    assert label(text, IMPROVE) == "positive"


@pytest.mark.parametrize("text", ["Nothing", "Nothing.", "None", "nothing really"])
def test_nothing_was_good_is_negative(text):
    assert label(text, GOOD) == "negative"


@pytest.mark.parametrize("text", ["Nothing", "None", "No"])
def test_nothing_to_another_question_or_none_is_neutral(text):
    assert label(text, OTHER) == "neutral"
    assert label(text) == "neutral"


def test_the_explanation_says_a_question_was_used():
    assert explanation("Nothing", IMPROVE) == ("nothing (asked about problems)",)
    assert explanation("Nothing", GOOD) == ("nothing (asked what was good)",)


def test_everything_reads_by_the_question_too():
    assert label("Everything", GOOD) == "positive"
    assert label("Everything!", IMPROVE) == "negative"
    assert label("Everything", OTHER) == "neutral"


def test_nothing_followed_by_praise_is_praise():
    assert label("Nothing, it was all good.", IMPROVE) == "positive"
    assert label("Nothing they were all brilliant", IMPROVE) == "positive"
    result = analyse_sentiment("Nothing. The staff were great.", IMPROVE)
    assert [s.label for s in result.sentences] == ["positive", "positive"]


def test_nothing_in_a_longer_answer_still_negates():
    assert label("Nothing was too much trouble.", GOOD) == "positive"
    assert label("Nothing good to say about it.") == "negative"


def test_a_no_to_an_uneasy_question_is_reassuring():
    assert label("No.", "Did anything about security make you feel uneasy?") == "positive"


def test_a_full_answer_reads_the_same_whatever_the_question():
    text = "The trainer was excellent and the slides were clear."
    assert label(text, IMPROVE) == label(text, GOOD) == label(text) == "positive"


# --- phrases, word forms and symbols ----------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("I can't fault them.", "positive"),
    ("Thank you so much.", "positive"),
    ("They went above and beyond.", "positive"),
    ("I was passed from pillar to post.", "negative"),
    ("I felt fobbed off.", "negative"),
    ("It was a waste of time.", "negative"),
    ("I sat in the waiting room.", "neutral"),
    ("I'd like one as well.", "neutral"),
    ("Thanks to the bus strike I was late.", "negative"),
])
def test_phrases_read_as_a_whole(text, expected):
    assert label(text) == expected


def test_inflected_and_hyphenated_words_are_recognised():
    assert label("She enjoys her job and it shows.") == "positive"
    assert label("The coolest session of the week.") == "positive"
    assert label("A non-judgemental team.") == "positive"
    assert label("A well-organised day.") == "positive"
    assert label("We waited and waited for the bus.") == "negative"


def test_emoticons_count():
    assert label("Session done :)") == "positive"
    assert label("Session done :(") == "negative"


def test_mixed_needs_a_positive_and_a_negative_sentence():
    assert analyse_sentiment("Friendly staff. The wait was terrible.").mixed is True
    assert analyse_sentiment("Friendly staff. Great advice.").mixed is False
    assert analyse_sentiment("Friendly staff but a long wait.").mixed is False


def test_per_sentence_readings_are_the_persons_own_words():
    result = analyse_sentiment("It wasn't good. They didn't listen!")
    assert [s.text for s in result.sentences] == ["It wasn't good.", "They didn't listen!"]
    assert [s.explanation for s in result.sentences] == [("wasn't good",), ("didn't listen",)]
