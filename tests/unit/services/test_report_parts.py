"""The small rules behind the reports: changes between rounds, quotes grouped by theme, and
learning objectives named from their questions."""
from flse_feedback.services.comparison import ItemChange
from flse_feedback.services.quotes import Quote, group_by_theme
from flse_feedback.services.training_report import Objective, _objective_name


def quote(answer_id, themes, chosen=False):
    return Quote(answer_id, 1, f"quote {answer_id}", "negative", tuple(themes), chosen, False,
                 "one_change", "What should change?", "How you felt")


def test_a_change_is_better_or_worse_by_the_direction_of_the_question():
    rose = ItemChange("k", "Safe?", "scale", 2.0, 3.5, "", "")
    rose_but_lower_is_better = ItemChange("k", "Judged?", "scale", 2.0, 3.5, "", "",
                                          lower_is_better=True)
    checklist = ItemChange("k", "Private?", "yes_no", 50.0, 25.0, "", "")

    assert rose.change == 1.5 and rose.better is True and rose.change_text == "+1.5"
    assert rose_but_lower_is_better.better is False
    assert checklist.change_text == "−25 points" and checklist.better is False
    assert ItemChange("k", "t", "yes_no", None, 50.0, "", "").change_text == "–"
    assert ItemChange("k", "t", "yes_no", 50.0, 50.0, "", "").change_text == "no change"


def test_quotes_are_grouped_biggest_theme_first_with_chosen_quotes_leading():
    quotes = [quote(1, ["privacy"]), quote(2, ["privacy", "waiting_access"], chosen=True),
              quote(3, []), quote(4, ["waiting_access"]), quote(5, ["privacy"])]

    groups = group_by_theme(quotes, {"waiting_access": "Waiting", "privacy": "Privacy"})

    assert [(g.name, [q.answer_id for q in g.quotes]) for g in groups] == [
        ("Privacy", [2, 1, 5]), ("Waiting", [2, 4]), ("No theme", [3])]


def test_objectives_are_named_from_the_now_question():
    assert _objective_name("Now, my confidence in knowing where to signpost people is",
                           "signposting") == "knowing where to signpost people"
    assert _objective_name("How sure are you now?", "domestic_abuse") == "domestic abuse"
    assert Objective("k", "n", 1.5, 4.25, 2, 2, 0, 0).change_text == "+2.8"
