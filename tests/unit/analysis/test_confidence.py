"""Learning objectives asked as before / now pairs become one row of change each."""
from flse_feedback.analysis.summaries import (
    confidence_changes, objective_words, scale_distribution)


def test_pairs_are_found_by_key_and_named_by_the_objective():
    scales = {
        "confidence_x_before": ("Before this session, my confidence in X was",
                                scale_distribution({2: 2, 3: 1})),
        "relevance": ("How relevant was it?", scale_distribution({5: 1})),
        "confidence_x_now": ("Now, my confidence in X is", scale_distribution({4: 3})),
        "confidence_y_before": ("Before: Y", scale_distribution({1: 1})),  # no "now" partner
    }
    [change] = confidence_changes(scales)
    assert change.objective == "X"
    assert change.before.mean_text == "2.3" and change.now.mean_text == "4"
    assert change.change_text == "+1.7"


def test_no_answers_and_falls_show_plainly():
    empty = confidence_changes({"a_before": ("A", scale_distribution({})),
                                "a_now": ("A", scale_distribution({3: 1}))})
    assert empty[0].change is None and empty[0].change_text == ""
    fell = confidence_changes({"a_before": ("A", scale_distribution({4: 1})),
                               "a_now": ("A", scale_distribution({3: 1}))})
    assert fell[0].change_text == "-1"


def test_objective_words_keep_other_wordings_whole():
    assert objective_words("Now, my confidence in using plain words is") == "using plain words"
    assert objective_words("How confident are you now?") == "How confident are you now?"
