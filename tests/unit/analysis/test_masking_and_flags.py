"""Masking personal details on the way out, and safeguarding flags on the way in."""
import pytest

from flse_feedback.analysis import flag_text, load_default_categories, mask_text


@pytest.mark.parametrize("text, expected", [
    ("Email me at sam.b+work@mail.co.uk please", "Email me at [email] please"),
    ("Ring 07700 900123 or 01273 123456", "Ring [phone] or [phone]"),
    ("my mobile is +44 7700 900 123.", "my mobile is [phone]."),
    ("I live at BN1 1AA now", "I live at [postcode] now"),
    ("postcode bn11aa", "postcode [postcode]"),
    ("Waited 45 minutes, room 101, 3 staff", "Waited 45 minutes, room 101, 3 staff"),
])
def test_contact_details_and_postcodes_are_masked(text, expected):
    assert mask_text(text) == expected


def test_listed_names_are_masked_as_whole_words_only():
    text = "Sharon on reception was rude but Sharonda the manager and Mr Lee were kind. Sleeping."
    masked = mask_text(text, ["Sharon", "lee", ""])
    assert masked == ("[name] on reception was rude but Sharonda the manager and Mr [name] "
                      "were kind. Sleeping.")


def test_masking_leaves_text_without_details_alone():
    assert mask_text("") == ""
    assert mask_text("Nothing personal here.", ["Sam"]) == "Nothing personal here."


@pytest.mark.parametrize("text, category", [
    ("Honestly some days I feel suicidal", "self_harm"),
    ("I overdosed last month", "self_harm"),
    ("Not suicidal, just tired", "self_harm"),  # negation still gets a person to read it
    ("He hit me in front of the staff", "violence"),
    ("The kids are not safe at home", "child_at_risk"),
])
def test_worrying_answers_are_flagged(text, category):
    assert category in [m.theme_id for m in flag_text(text, load_default_categories())]


@pytest.mark.parametrize("text", [
    "The session on domestic violence was eye-opening",
    "The staff were lovely and I was seen quickly",
    "N/A",
    "",
])
def test_ordinary_answers_and_training_topics_are_not_flagged(text):
    assert flag_text(text, load_default_categories()) == []


def test_exact_names_hide_a_name_but_not_the_same_word_in_lower_case():
    text = "Will said I will come back in May. dave jones was rude."
    assert mask_text(text, ["Dave Jones"], ["Will", "May"]) == \
        "[name] said I will come back in [name]. [name] was rude."
