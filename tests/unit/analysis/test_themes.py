"""Theme tagging: the suggestions a coproduction worker confirms or corrects."""
from __future__ import annotations

import dataclasses
import json

import pytest

from flse_feedback.analysis import (
    CodebookTheme,
    ThemeMatch,
    is_thin_answer,
    load_default_codebook,
    tag_themes,
)
from flse_feedback.analysis.themes import CODEBOOK_PATH, EMPTY_ANSWERS, EXACT_ONLY

DEFAULT_IDS = [
    "trauma_informed", "staff_attitude", "listened_to", "language_stigma",
    "trust_relationships", "waiting_access", "safety_security", "privacy",
    "physical_environment", "accessibility", "information_signposting", "peer_support",
    "coproduction", "housing", "substance_use", "mental_health", "domestic_abuse",
    "children_family", "criminal_justice", "training_quality", "benefits_money",
    "joined_up_working",
]

DEFAULT_NAMES = {
    "trauma_informed": "Trauma-informed practice",
    "staff_attitude": "Staff attitude & respect",
    "listened_to": "Being listened to, believed & involved (voice & choice)",
    "language_stigma": "Language, labels & stigma",
    "trust_relationships": "Trust, relationships & continuity",
    "waiting_access": "Waiting, delays & access to appointments",
    "safety_security": "Safety & security",
    "privacy": "Privacy & confidentiality",
    "physical_environment": "Physical environment & comfort",
    "accessibility": "Accessibility & reasonable adjustments",
    "information_signposting": "Information, explanation (incl. jargon) & signposting",
    "peer_support": "Peer support & lived experience",
    "coproduction": "Co-production & involvement",
    "housing": "Housing & homelessness",
    "substance_use": "Substance use",
    "mental_health": "Mental health (incl. dual diagnosis)",
    "domestic_abuse": "Domestic abuse, violence & gender (incl. women-only spaces)",
    "children_family": "Children & family",
    "criminal_justice": "Criminal justice",
    "training_quality": "Training quality & facilitation",
    "benefits_money": "Benefits, money & conditionality",
    "joined_up_working": ("Partnership & joined-up working between services "
                          "(multi-agency, referrals, being passed between teams)"),
}


@pytest.fixture(scope="module")
def codebook() -> list[CodebookTheme]:
    return load_default_codebook()


def ids(text: str, codebook) -> list[str]:
    return [match.theme_id for match in tag_themes(text, codebook)]


def matched(text: str, codebook, theme_id: str) -> tuple[str, ...]:
    return next(m.matched for m in tag_themes(text, codebook) if m.theme_id == theme_id)


def theme(theme_id: str, *keywords: str) -> CodebookTheme:
    return CodebookTheme(theme_id, theme_id.title(), "test theme", tuple(keywords))


# --- what reviewers see on real-looking answers -------------------------------------------

def test_kind_staff_tag_staff_attitude(codebook):
    assert ids("The staff were lovely and kind.", codebook) == ["staff_attitude"]


def test_long_wait_in_noisy_room_tags_waiting_and_environment(codebook):
    assert ids("I waited two hours in a noisy room", codebook) == [
        "waiting_access", "physical_environment"]


def test_pillar_to_post_is_joined_up_working_not_information(codebook):
    found = ids("I was sent from pillar to post and nobody talks to each other.", codebook)
    assert "joined_up_working" in found
    assert "information_signposting" not in found
    assert "pillar to post" in matched("Passed from pillar to post again.", codebook,
                                       "joined_up_working")


def test_repeating_my_story_is_joined_up_working(codebook):
    assert "joined_up_working" in ids("I had to repeat my story to every service.", codebook)


def test_housing_officer_rude_about_drinking(codebook):
    found = ids("The housing officer was rude about my drinking", codebook)
    assert {"housing", "staff_attitude", "substance_use"} <= set(found)


def test_topic_words_for_life_domains(codebook):
    text = "The talk about addiction and prison was eye-opening for our course."
    assert {"substance_use", "criminal_justice"} <= set(ids(text, codebook))


@pytest.mark.parametrize("text, theme_id", [
    ("I felt judged because I was homeless.", "language_stigma"),
    ("They called me a junkie at the desk.", "language_stigma"),
    ("Everyone in the queue could hear my business, no private room.", "privacy"),
    ("The security guard searched my bag in front of everyone.", "safety_security"),
    ("There was no lift and I use a wheelchair.", "accessibility"),
    ("They used so much jargon and didn't explain the forms.", "information_signposting"),
    ("A peer mentor with lived experience met me.", "peer_support"),
    ("It felt tokenistic, a tick box exercise.", "coproduction"),
    ("I was sleeping rough before the hostel.", "housing"),
    ("My anxiety and depression got worse.", "mental_health"),
    ("My ex-partner found me at the refuge.", "domestic_abuse"),
    ("Social services took my children into care.", "children_family"),
    ("My probation officer never turned up.", "criminal_justice"),
    ("The trainer explained everything and the slides were clear.", "training_quality"),
    ("My Universal Credit was sanctioned and I had no money.", "benefits_money"),
    ("A trauma-informed service, they gave me a choice.", "trauma_informed"),
    ("I had the same worker every time, I trust them.", "trust_relationships"),
    ("They listened and believed me for once.", "listened_to"),
])
def test_each_life_domain_and_experience_theme_is_found(codebook, text, theme_id):
    assert theme_id in ids(text, codebook)


# --- thin answers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "N/A", "n/a", "NA", "None", "Nothing", "Nothing.", "no", "Nil", "Not applicable",
    "All good", "All fine!", "No comment", "-", "  nothing to add.  ", "", "   ",
    "Rude staff.", "Long wait", "Can\u2019t think of anything.", "Nothing to improve!",
])
def test_thin_answers_get_no_themes(codebook, text):
    assert tag_themes(text, codebook) == []
    assert is_thin_answer(text)


def test_documented_empty_answers_include_the_briefs_list():
    assert {"n/a", "na", "none", "nothing", "no", "nil", "not applicable", "all good",
            "all fine", "no comment", "-"} <= EMPTY_ANSWERS


def test_three_words_are_enough(codebook):
    assert ids("Staff were rude", codebook) == ["staff_attitude"]


# --- word boundaries, stems, case, negation -------------------------------------------------

def test_ward_does_not_match_awkward():
    book = [theme("place", "ward")]
    assert tag_themes("It felt awkward talking at the desk", book) == []
    assert tag_themes("It was loud on the ward", book) == [ThemeMatch("place", ("ward",))]


def test_default_codebook_does_not_read_awkward_as_a_ward(codebook):
    assert "physical_environment" not in ids("It was a bit awkward at first.", codebook)


def test_rape_does_not_match_grapes(codebook):
    assert "domestic_abuse" not in ids("They gave us grapes and biscuits.", codebook)
    assert tag_themes("They gave us grapes and biscuits.", [theme("da", "rape")]) == []


def test_ex_does_not_match_next_or_text(codebook):
    text = "Next time I will text them my ID number."
    assert "domestic_abuse" not in ids(text, codebook)
    assert tag_themes(text, [theme("da", "ex")]) == []
    assert ids("My ex turned up at the hostel.", codebook)[:1] == ["housing"]
    assert "domestic_abuse" in ids("My ex turned up at the hostel.", codebook)


def test_matching_is_case_insensitive_and_reports_lower_case(codebook):
    assert matched("The STAFF were RUDE to me", codebook, "staff_attitude") == ("rude",)


def test_negation_does_not_remove_a_theme(codebook):
    assert "staff_attitude" in ids("The staff were not rude at all.", codebook)


def test_word_forms_match_through_stems(codebook):
    for text in ["I was waiting ages", "They made me wait forever", "Waits are far too long"]:
        assert "waiting_access" in ids(text, codebook), text


def test_matched_phrases_are_as_written_unique_and_in_order(codebook):
    text = "Waiting, waiting, WAITING! Then the Delay got worse and more delays."
    assert matched(text, codebook, "waiting_access") == ("waiting", "delay", "delays")


def test_a_phrase_inside_a_longer_match_is_not_repeated(codebook):
    assert matched("I am on the waiting list.", codebook, "waiting_access") == ("waiting list",)


def test_phrase_spanning_a_line_break_is_reported_on_one_line():
    book = [theme("join", "pillar to post")]
    expected = [ThemeMatch("join", ("pillar to post",))]
    assert tag_themes("Sent from pillar\nto post", book) == expected


@pytest.mark.parametrize("text", [
    "The service is trauma-informed throughout.",
    "The service is trauma informed throughout.",
    "The service is Trauma-Informed throughout.",
])
def test_hyphenated_keyword_matches_with_or_without_hyphen(codebook, text):
    assert "trauma_informed" in ids(text, codebook)


@pytest.mark.parametrize("text", [
    "Real coproduction with the group.", "Real co-production with the group.",
    "Real co production with the group.",
])
def test_hyphenated_words_also_match_as_a_whole(codebook, text):
    assert "coproduction" in ids(text, codebook)


def test_hyphenated_text_word_matches_a_part_keyword():
    book = [theme("trauma", "trauma")]
    assert tag_themes("A trauma-informed approach", book) == [
        ThemeMatch("trauma", ("trauma",))]


def test_apostrophes_are_normalised(codebook):
    for text in ["They didn't explain anything", "They didnt explain anything",
                 "They didn\u2019t explain anything"]:
        assert "information_signposting" in ids(text, codebook), text


def test_results_follow_codebook_order():
    book = [theme("b", "chairs"), theme("a", "wait")]
    assert [m.theme_id for m in tag_themes("I had to wait on hard chairs", book)] == ["b", "a"]


# --- exact-only keywords --------------------------------------------------------------------

def test_exact_only_keyword_is_not_stemmed():
    book = [theme("sub", "clean")]
    assert tag_themes("The room was cleaned every day", book) == []
    assert tag_themes("I have been clean for a year", book) == [ThemeMatch("sub", ("clean",))]


def test_short_keywords_match_only_exactly():
    book = [theme("money", "uc")]
    assert tag_themes("My UC payment was late", book) == [ThemeMatch("money", ("uc",))]
    assert tag_themes("Lucy helped with my ucs claim", book) == []


def test_briefs_risky_short_words_are_exact_only():
    assert {"ex", "na", "aa", "ta", "tag", "uc", "dv", "id", "clean", "using", "contact",
            "script"} <= EXACT_ONLY


@pytest.mark.parametrize("text, theme_id", [
    ("I came by train to the office", "training_quality"),
    ("The NHS trust runs this clinic now", "trust_relationships"),
    ("The judge was fair to me", "language_stigma"),
    ("I was kind of nervous going in", "staff_attitude"),
    ("Of course they made me wait outside", "training_quality"),
    ("Could you read it out loud please", "physical_environment"),
    ("They said my next steps were clear", "accessibility"),
    ("I contacted them three times", "children_family"),
    ("The car park was full again", "staff_attitude"),
    ("He had a heart attack in the street", "safety_security"),
    ("Id like more help next time", "accessibility"),
    ("I was using the computer there", "substance_use"),
])
def test_common_false_positives_are_avoided(codebook, text, theme_id):
    assert theme_id not in ids(text, codebook)


# --- the default codebook -------------------------------------------------------------------

def test_default_codebook_has_the_22_ids_in_order(codebook):
    assert [t.id for t in codebook] == DEFAULT_IDS


def test_default_codebook_names_match_the_domain_brief(codebook):
    assert {t.id: t.name for t in codebook} == DEFAULT_NAMES


def test_every_theme_has_a_definition_and_at_least_8_keywords(codebook):
    for t in codebook:
        assert t.name.strip() and len(t.definition) > 40, t.id
        assert len(t.keywords) >= 8, t.id
        assert isinstance(t.keywords, tuple)


def test_keywords_are_lower_case_unique_and_trimmed(codebook):
    for t in codebook:
        assert len(set(t.keywords)) == len(t.keywords), t.id
        for keyword in t.keywords:
            assert keyword == keyword.lower().strip() and keyword, (t.id, keyword)


def test_utility_codes_are_not_themes(codebook):
    assert not {"U1", "U2", "u1", "u2"} & {t.id for t in codebook}


def test_noisy_bare_keywords_are_left_out(codebook):
    risky = {"ex", "using", "clean", "contact", "hours", "late", "involved", "na", "ta",
             "id", "script", "tag", "access", "course", "kind", "trust", "family"}
    for t in codebook:
        assert not risky & set(t.keywords), t.id


def test_every_keyword_tags_its_own_theme(codebook):
    for t in codebook:
        for keyword in t.keywords:
            text = f"We talked about {keyword} today."
            assert t.id in ids(text, codebook), (t.id, keyword)


def test_codebook_json_has_exactly_the_documented_keys():
    entries = json.loads(CODEBOOK_PATH.read_text(encoding="utf-8"))
    assert all(set(entry) == {"id", "name", "definition", "keywords"} for entry in entries)


def test_codebook_objects_are_frozen(codebook):
    with pytest.raises(dataclasses.FrozenInstanceError):
        codebook[0].id = "other"  # type: ignore[misc]
    match = tag_themes("Staff were rude", codebook)[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.theme_id = "other"  # type: ignore[misc]


def test_loading_twice_gives_equal_codebooks():
    assert load_default_codebook() == load_default_codebook()


def test_blank_or_odd_keywords_from_a_user_codebook_are_ignored():
    keywords = ("", "  ", "!!!", 5, "chairs")
    book = [CodebookTheme("odd", "Odd", "", keywords)]  # type: ignore[arg-type]
    assert tag_themes("The chairs were hard", book) == [ThemeMatch("odd", ("chairs",))]
