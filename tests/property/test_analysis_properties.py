"""Properties of the pure analysis package, for any text at all (Hypothesis).

Only what the modules promise in their docstrings is tested: the splitter keeps every letter
and digit except a list number it documents removing, the stemmer never cuts below three
letters, tagging is case-insensitive, matched phrases are the person's words as written.
"""
from __future__ import annotations

import json
import re

from hypothesis import HealthCheck, given, settings, strategies as st

from flse_feedback.analysis import (
    NEUTRAL_BAND, analyse_sentiment, analyse_text, label_for, load_default_codebook,
    split_sentences, stem, tag_themes)
from flse_feedback.analysis.stemming import MIN_STEM

CODEBOOK = load_default_codebook()
THEME_IDS = {theme.id for theme in CODEBOOK}
KEYWORDS = sorted({keyword for theme in CODEBOOK for keyword in theme.keywords})
LABELS = {"positive", "neutral", "negative"}

SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

# Documented in sentences.py: "every line is its own piece"; these are its line breaks.
LINE_BREAK = re.compile(r"[\r\n\u2028\u2029\u0085]+")
# Documented in sentences.py: a leading list number ("1.", "2)") is removed from a line.
LIST_NUMBER = re.compile(r"^\s*\d{1,2}[.)](?=\s|$)")
CONTENT = re.compile(r"[^\W_]")  # a letter or a digit
SPACE = re.compile(r"\s+")

any_text = st.text()  # every code point but surrogates: control characters, any script
separators = st.sampled_from([" ", "  ", "\n", ". ", "! ", "? ", ", ", "-", "\u2019", "'",
                              "\t", "...", " - ", "\u2022 ", "1. ", "\r\n", "_", "\x00"])


def _feedback(words):
    return st.lists(st.tuples(words, separators), max_size=12).map(
        lambda pairs: "".join(word + sep for word, sep in pairs))


# Text that actually meets the codebook: keywords, odd case, junk and separators mixed.
keyword_text = _feedback(st.one_of(
    st.sampled_from(KEYWORDS),
    st.sampled_from(KEYWORDS).map(str.upper),
    st.sampled_from(KEYWORDS).map(str.title),
    st.text(max_size=8),
))
ascii_keyword_text = _feedback(st.one_of(
    st.sampled_from([k for k in KEYWORDS if k.isascii()]),
    st.text(alphabet=st.characters(max_codepoint=127), max_size=8),
))
texts = st.one_of(any_text, keyword_text)


def _content(text: str) -> str:
    return "".join(CONTENT.findall(text))


def _in_order(pieces, text: str) -> bool:
    """Each piece is a slice of ``text``, and they come in order without overlapping."""
    position = 0
    for piece in pieces:
        found = text.find(piece, position)
        if found < 0:
            return False
        position = found + len(piece)
    return True


# --- analyse_text --------------------------------------------------------------------------

@SETTINGS
@given(texts)
def test_analyse_text_never_raises_and_stays_in_range(text):
    result = analyse_text(text, CODEBOOK)

    sentiment = result.sentiment
    assert sentiment.label in LABELS
    assert -1.0 <= sentiment.polarity <= 1.0
    assert 0.0 <= sentiment.subjectivity <= 1.0
    assert sentiment.label == label_for(sentiment.polarity)
    for sentence in sentiment.sentences:
        assert sentence.label in LABELS
        assert -1.0 <= sentence.polarity <= 1.0
        assert 0.0 <= sentence.subjectivity <= 1.0
    labels = {sentence.label for sentence in sentiment.sentences}
    assert sentiment.mixed == ({"positive", "negative"} <= labels)

    # What the app stores and exports is plain, strict JSON.
    json.dumps(result.to_dict(), allow_nan=False)


@SETTINGS
@given(texts)
def test_themes_come_from_the_codebook_with_phrases_as_written(text):
    result = analyse_text(text, CODEBOOK)

    ids = [match.theme_id for match in result.themes]
    assert set(ids) <= THEME_IDS
    assert len(ids) == len(set(ids))
    assert ids == [theme.id for theme in CODEBOOK if theme.id in ids]  # codebook order
    written = SPACE.sub(" ", text.lower())
    for match in result.themes:
        assert match.matched, match
        assert len(match.matched) == len(set(match.matched))
        for phrase in match.matched:
            assert phrase == phrase.lower()
            assert phrase in written, (phrase, text)


@SETTINGS
@given(st.one_of(st.just(""), st.text(alphabet=" \t\r\n\x0b\x0c\u00a0\u2028", max_size=20)))
def test_empty_or_blank_text_is_neutral_with_no_sentences_or_themes(text):
    result = analyse_text(text, CODEBOOK)
    assert (result.sentiment.label, result.sentiment.polarity, result.sentiment.sentences) == (
        "neutral", 0.0, ())
    assert result.themes == ()


@SETTINGS
@given(any_text)
def test_analyse_sentiment_label_follows_the_neutral_band(text):
    sentiment = analyse_sentiment(text)
    if abs(sentiment.polarity) <= NEUTRAL_BAND:
        assert sentiment.label == "neutral"
    else:
        assert sentiment.label == ("positive" if sentiment.polarity > 0 else "negative")


# --- split_sentences -----------------------------------------------------------------------

@SETTINGS
@given(st.one_of(any_text, keyword_text))
def test_sentences_are_stripped_non_empty_single_line_and_in_order(text):
    pieces = split_sentences(text)

    for piece in pieces:
        assert piece == piece.strip() and piece
        assert CONTENT.search(piece), piece  # pieces with no letter or digit are dropped
        assert not LINE_BREAK.search(piece)  # every line is its own piece
    assert _in_order(pieces, text)


@SETTINGS
@given(st.one_of(any_text, keyword_text))
def test_no_letter_or_digit_is_lost_except_a_documented_list_number(text):
    expected = "".join(_content(LIST_NUMBER.sub("", line, count=1))
                       for line in LINE_BREAK.split(text))
    assert _content("".join(split_sentences(text))) == expected


# --- stem ----------------------------------------------------------------------------------

words = st.one_of(
    st.text(max_size=15),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=15),
    st.sampled_from([w for k in KEYWORDS for w in k.split()]),
    st.tuples(st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=6),
              st.sampled_from(["s", "es", "ies", "sses", "ed", "eed", "ied", "ing", "e", "ly"])
              ).map("".join),
)


@SETTINGS
@given(words)
def test_stem_is_lower_case_and_lower_cases_defensively(word):
    result = stem(word)
    assert result == result.lower()
    assert stem(word.lower()) == result
    if word.isascii():
        assert stem(word.upper()) == result


@SETTINGS
@given(words)
def test_stem_only_strips_and_never_cuts_below_three_letters(word):
    lowered = word.lower()
    result = stem(word)
    assert len(result) <= len(lowered)
    if len(lowered) <= MIN_STEM or not lowered.isalpha():
        assert result == lowered  # short and non-alphabetic words are returned unchanged
    else:
        assert len(result) >= MIN_STEM


# --- tag_themes ----------------------------------------------------------------------------

@SETTINGS
@given(ascii_keyword_text)
def test_tagging_ascii_text_is_case_insensitive(text):
    lower, upper = tag_themes(text.lower(), CODEBOOK), tag_themes(text.upper(), CODEBOOK)
    assert [m.theme_id for m in lower] == [m.theme_id for m in upper]
    assert [m.matched for m in lower] == [m.matched for m in upper]
    assert [m.theme_id for m in tag_themes(text, CODEBOOK)] == [m.theme_id for m in lower]
