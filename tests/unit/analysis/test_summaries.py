"""The summary page's arithmetic on hand-made values (no app, no database)."""
from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest

from flse_feedback.analysis import summaries as s
from flse_feedback.analysis.summaries import TaggedAnswer


# --- yes / no / not applicable ------------------------------------------------------------------

def test_yes_no_counts_and_score_leave_not_applicable_out():
    counts = s.yes_no_counts(["yes", "yes", "no", "na", "na", "na", "something else"])
    assert (counts.yes, counts.no, counts.na) == (2, 1, 3)
    assert counts.answered == 6 and counts.scored == 3
    assert counts.score == 67  # 2 of 3, not 2 of 6


def test_section_score_sums_items_and_excludes_not_applicable():
    items = [s.yes_no_counts(["yes", "no", "na"]), s.yes_no_counts(["yes", "yes", "na"]),
             s.yes_no_counts({"yes": 1, "no": 0, "na": 5})]
    score = s.section_score(items)
    assert (score.yes, score.no, score.na) == (4, 1, 7)
    assert score.score == 80


def test_a_section_of_only_not_applicable_has_no_score():
    assert s.section_score([s.yes_no_counts(["na", "na"])]).score is None
    assert s.section_score([]).score is None


def test_percent_rounds_halves_up():
    assert s.percent(1, 8) == 13  # 12.5
    assert s.percent(1, 3) == 33 and s.percent(2, 3) == 67
    assert s.percent(0, 0) is None


# --- scales -------------------------------------------------------------------------------------

WORDS = ["Very poor", "Poor", "OK", "Good", "Very good"]


def test_scale_distribution_counts_each_point_and_not_applicable_apart():
    dist = s.scale_distribution([5, 5, 4, 2, "na", "na", 9, None], WORDS, allow_na=True)
    assert dist.counts == (0, 1, 0, 1, 2)
    assert dist.na == 2 and dist.rated == 4 and dist.answered == 6
    assert dist.rows() == [("1 – Very poor", 0), ("2 – Poor", 1), ("3 – OK", 0),
                           ("4 – Good", 1), ("5 – Very good", 2), ("Not applicable", 2)]


def test_scale_mean_excludes_not_applicable():
    dist = s.scale_distribution({5: 2, 4: 1, 2: 1, "na": 10}, WORDS)
    assert dist.mean == pytest.approx(4.0)
    assert dist.mean_text == "4"
    assert s.scale_distribution([1, 2, 2], WORDS).mean_text == "1.7"
    assert s.scale_distribution([4, 4, 4, 5], WORDS).mean_text == "4.3"  # 4.25


def test_scale_with_nobody_rating_has_no_mean():
    dist = s.scale_distribution(["na"], WORDS, allow_na=True)
    assert dist.mean is None and dist.mean_text == "" and dist.answered == 1


def test_reverse_scale_keeps_the_numbers_and_says_lower_is_better():
    plain = s.scale_distribution([1, 2], WORDS)
    reverse = s.scale_distribution([1, 2], WORDS, reverse=True)
    assert reverse.reverse and not plain.reverse
    assert reverse.counts == plain.counts and reverse.mean == plain.mean == 1.5


def test_scale_accepts_numbers_stored_as_text_and_has_five_points_by_default():
    dist = s.scale_distribution(["3", 3.0, True])
    assert dist.points == 5 and dist.counts == (0, 0, 2, 0, 0)
    assert ("Not applicable", 0) not in dist.rows()


# --- choices ------------------------------------------------------------------------------------

CHOICES = [{"value": "loop", "label": "Hearing loop"}, {"value": "toilet", "label": "Toilet"},
           {"value": "none", "label": "None of these"}]


def test_single_choice_counts_in_the_question_order():
    counts = s.choice_counts(["toilet", "loop", "toilet", None], CHOICES)
    assert [(r.label, r.count) for r in counts.rows] == [
        ("Hearing loop", 1), ("Toilet", 2), ("None of these", 0)]
    assert counts.answered == 3
    assert counts.share(counts.rows[1]) == 67


def test_multi_choice_counts_each_tick_once_and_people_once():
    counts = s.choice_counts([["loop", "toilet"], ["loop"], ["loop", "loop"], []], CHOICES,
                             multiple=True)
    assert {r.value: r.count for r in counts.rows} == {"loop": 3, "toilet": 1, "none": 0}
    assert counts.answered == 3  # people, not ticks
    assert counts.share(counts.rows[0]) == 100


def test_choice_counts_from_grouped_rows_and_old_options_are_kept():
    counts = s.choice_counts({("loop", "toilet"): 2, ("retired",): 1}, CHOICES, multiple=True)
    assert [(r.value, r.label, r.count) for r in counts.rows] == [
        ("loop", "Hearing loop", 2), ("toilet", "Toilet", 2), ("none", "None of these", 0),
        ("retired", "retired", 1)]


# --- numbers ------------------------------------------------------------------------------------

def test_number_summary_median_min_max():
    summary = s.number_summary([10, 25, 3, 40])
    assert summary == s.NumberSummary(4, 17.5, 3, 40)
    assert s.number_summary([7, 1, 3]).median == 3


def test_number_summary_from_counts_ignores_what_is_not_a_number():
    summary = s.number_summary({5: 3, 100: 1, "ten": 4, True: 2})
    assert summary.n == 4 and summary.median == 5 and summary.maximum == 100
    assert s.number_summary([]) == s.NumberSummary(0, None, None, None)


def test_format_number():
    assert s.format_number(12) == "12"
    assert s.format_number(4.25, 1) == "4.3"  # halves up, not to even
    assert s.format_number(2.5, 2) == "2.5"
    assert s.format_number(1234.0) == "1,234"
    assert s.format_number(None) == ""


# --- themes and quotes --------------------------------------------------------------------------

def test_theme_counts_are_split_by_effective_sentiment():
    answers = [
        TaggedAnswer(1, ("waiting_access",), "negative", -0.6),
        TaggedAnswer(2, ("waiting_access", "staff_attitude"), "positive", 0.5),
        TaggedAnswer(3, ("privacy",), "neutral", -0.4),
        TaggedAnswer(4, (), "neutral", 0.0),
        TaggedAnswer(5, ("privacy",), None, None),
    ]
    report = s.theme_summaries(answers, {"waiting_access": "Waiting", "privacy": "Privacy"},
                               order=["staff_attitude", "privacy", "waiting_access"])
    by_id = {t.theme_id: t for t in report.themes}
    waiting = by_id["waiting_access"]
    assert (waiting.positive, waiting.neutral, waiting.negative, waiting.total) == (1, 0, 1, 2)
    privacy = by_id["privacy"]
    assert (privacy.neutral, privacy.unrated, privacy.total) == (1, 1, 2)
    assert by_id["staff_attitude"].name == "staff_attitude"  # no name given: the id
    assert report.answers == 5 and report.without_theme == 1
    assert report.sentiments == {"positive": 1, "neutral": 2, "negative": 1, "unrated": 1}
    # most mentioned first, then codebook order
    assert [t.theme_id for t in report.themes] == ["privacy", "waiting_access",
                                                   "staff_attitude"]


def test_the_most_positive_and_most_negative_quotes():
    answers = [
        TaggedAnswer(1, ("t",), "positive", 0.3),
        TaggedAnswer(2, ("t",), "positive", 0.9),
        TaggedAnswer(3, ("t",), "negative", -0.2),
        TaggedAnswer(4, ("t",), "negative", -0.8),
        TaggedAnswer(5, ("t",), "neutral", 1.0),  # neutral: never a quote
        TaggedAnswer(6, ("t",), "negative", 0.7),  # a reviewer said negative: not "positive"
        TaggedAnswer(7, ("t",), "negative", -0.8),  # a tie: the first one given wins
    ]
    theme = s.theme_summaries(answers).themes[0]
    assert theme.most_positive == 2 and theme.most_negative == 4
    assert s.theme_summaries(answers).quote_keys() == {2, 4}


def test_a_theme_without_positive_answers_has_no_positive_quote():
    theme = s.theme_summaries([TaggedAnswer(1, ("t",), "negative", -0.1)]).themes[0]
    assert theme.most_positive is None and theme.most_negative == 1


def test_quotes_are_put_on_one_line_and_cut_at_a_word():
    assert s.truncate_quote("  Kind\n\nstaff. ") == "Kind staff."
    text = "word " * 100
    cut = s.truncate_quote(text, limit=50)
    assert cut.endswith("…") and len(cut) <= 51 and "wor…" not in cut
    assert s.truncate_quote("x" * 80, limit=50) == "x" * 50 + "…"


# --- over time ----------------------------------------------------------------------------------

def test_a_span_under_three_weeks_is_counted_per_day_with_empty_days():
    timeline = s.time_buckets([date(2026, 11, 20), date(2026, 11, 20), date(2026, 11, 22)])
    assert timeline.unit == "day"
    assert [(b.start.day, b.count) for b in timeline.buckets] == [(20, 2), (21, 0), (22, 1)]
    assert timeline.buckets[0].label == "20 Nov 2026"
    assert timeline.total == 3 and timeline.peak.start == date(2026, 11, 20)


def test_three_weeks_or_more_are_counted_per_iso_week():
    counts = {date(2026, 11, 1): 2,  # a Sunday: ISO week 44, from Monday 26 October
              date(2026, 11, 2): 1,  # Monday of week 45
              date(2026, 11, 21): 4}  # week 47
    timeline = s.time_buckets(counts)
    assert timeline.unit == "week"
    assert [(b.start, b.count) for b in timeline.buckets] == [
        (date(2026, 10, 26), 2), (date(2026, 11, 2), 1), (date(2026, 11, 9), 0),
        (date(2026, 11, 16), 4)]
    assert timeline.buckets[0].long_label == "Mon 26 Oct 2026 (week 44)"


def test_weeks_across_a_new_year_use_iso_weeks():
    timeline = s.time_buckets({date(2025, 12, 20): 1, date(2026, 1, 10): 1})
    assert [b.long_label for b in timeline.buckets] == [
        "Mon 15 Dec 2025 (week 51)", "Mon 22 Dec 2025 (week 52)", "Mon 29 Dec 2025 (week 1)",
        "Mon 5 Jan 2026 (week 2)"]


def test_more_than_a_year_is_counted_per_month_and_nothing_is_empty():
    first = date(2025, 1, 15)
    timeline = s.time_buckets(Counter({first: 1, first + timedelta(days=500): 2}))
    assert timeline.unit == "month" and timeline.total == 3
    assert timeline.buckets[0].label == "Jan 2025" and len(timeline.buckets) == 17
    assert s.time_buckets({}).buckets == ()


# --- versions -----------------------------------------------------------------------------------

def _version(number, relevance_text, extra=()):
    questions = [{"id": number * 100 + 1, "key": "relevance", "type": "scale",
                  "text": relevance_text, "options": {"scale": WORDS}},
                 *extra]
    return {"number": number, "sections": [{"key": "session", "title": "The session",
                                            "questions": questions}]}


def test_questions_are_matched_across_versions_by_key():
    old = _version(1, "How relevant was it?", [
        {"id": 102, "key": "dropped", "type": "yes_no_na", "text": "Old question", "options": {}}])
    new = _version(2, "How relevant was this session?")
    [section] = s.merge_versions([old, new])
    relevance, dropped = section.questions
    assert relevance.question_ids == [201, 101]
    assert relevance.text == "How relevant was this session?"
    assert relevance.wording_changed
    assert dropped.question_ids == [102] and not dropped.wording_changed


def test_same_wording_in_every_version_is_not_a_change():
    [section] = s.merge_versions([_version(1, "Same"), _version(2, "Same")])
    assert not section.questions[0].wording_changed


def test_changed_option_words_count_as_changed_wording():
    new = _version(2, "Same")
    new["sections"][0]["questions"][0]["options"] = {"scale": ["a", "b", "c", "d", "e"]}
    [section] = s.merge_versions([_version(1, "Same"), new])
    assert section.questions[0].wording_changed


# --- the filter in words ------------------------------------------------------------------------

def test_filter_phrases():
    assert s.filter_phrases() == []
    assert s.filter_phrases(kind="Mystery shop", site="Jobcentre (Hove)",
                            since=date(2026, 11, 1), until=date(2026, 11, 30),
                            reviewed="no", q="wait") == [
        "Mystery shop", "site: Jobcentre (Hove)", "sent between 1 Nov 2026 and 30 Nov 2026",
        "not reviewed yet", "answers containing “wait”"]


def test_values_from_grouped_json_text():
    assert s.parse_json_text('"yes"') == "yes"
    assert s.parse_json_text('["a", "b"]') == ["a", "b"]
    assert s.parse_json_text("3") == 3
    assert s.parse_json_text("not json") == "not json"
