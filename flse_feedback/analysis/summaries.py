"""The numbers on a summary page, from plain values: no Flask, no database.

Every function takes answer values as they are stored (``"yes"``, ``4``, ``"na"``, a list of
option values, a number) either as a plain list or as a mapping ``value -> how many`` (what a
SQL ``GROUP BY`` gives), so they are as easy to test by hand as to feed from a query.

- yes / no / not applicable counts and section scores: yes ÷ (yes + no), "not applicable"
  left out of the denominator;
- 1-5 scales: a count per point, "not applicable" apart, the mean without it;
- single and multiple choice: a count per option (people may tick several);
- numbers: how many, the median, the smallest and the largest;
- themes of free-text answers split by effective sentiment, with the most positive and the
  most negative quote of each theme;
- response counts per day, ISO week or month;
- questions matched across questionnaire versions by their key.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

NOT_APPLICABLE = "na"
SENTIMENT_LABELS = ("positive", "neutral", "negative")
DAILY_BELOW_DAYS = 21  # a span shorter than 3 weeks is counted per day
MONTHLY_ABOVE_WEEKS = 53  # more than a year of weeks is counted per month
QUOTE_LIMIT = 240


# --- small helpers -----------------------------------------------------------------------------

def hashable(value: Any) -> Any:
    """A stored value usable as a dict key (lists become tuples)."""
    if isinstance(value, list):
        return tuple(hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, hashable(v)) for k, v in value.items()))
    return value


def as_counts(values: Iterable | Mapping) -> Counter:
    """``value -> count`` from a list of values or from an existing mapping of counts."""
    if isinstance(values, Mapping):
        counts: Counter = Counter()
        for value, count in values.items():
            counts[hashable(value)] += int(count)
        return counts
    return Counter(hashable(value) for value in values)


def parse_json_text(text: str | None) -> Any:
    """A value from its JSON text (what ``CAST(value AS TEXT)`` gives); odd text stays as is."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def percent(part: int, whole: int) -> int | None:
    """``part`` as a whole-number percentage of ``whole``, halves rounded up; None for 0."""
    if whole <= 0:
        return None
    return (200 * part + whole) // (2 * whole)


def round_half_up(value: float, decimals: int = 1) -> float:
    """``value`` rounded the way people expect (4.25 -> 4.3), not to even."""
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(str(value)).quantize(step, rounding=ROUND_HALF_UP))


def format_number(value: float | int | None, decimals: int = 1) -> str:
    """12 -> "12", 4.25 -> "4.3", 1234 -> "1,234" (at most ``decimals`` places, no trailing
    zeros)."""
    if value is None:
        return ""
    value = round_half_up(value, decimals)
    if value.is_integer():
        return f"{int(value):,}"
    return f"{value:,.{decimals}f}".rstrip("0").rstrip(".")


# --- yes / no / not applicable and section scores ----------------------------------------------

@dataclass(frozen=True)
class YesNoCounts:
    """Counts of one checklist item (or, summed, of a section)."""

    yes: int = 0
    no: int = 0
    na: int = 0

    @property
    def answered(self) -> int:
        return self.yes + self.no + self.na

    @property
    def scored(self) -> int:
        """Answers that count towards the score: yes and no ("not applicable" is left out)."""
        return self.yes + self.no

    @property
    def score(self) -> int | None:
        """Yes as a percentage of yes + no, or None when nobody answered yes or no."""
        return percent(self.yes, self.scored)

    def __add__(self, other: "YesNoCounts") -> "YesNoCounts":
        return YesNoCounts(self.yes + other.yes, self.no + other.no, self.na + other.na)


def yes_no_counts(values: Iterable | Mapping) -> YesNoCounts:
    """Count "yes", "no" and "na" answers; anything else is ignored."""
    counts = as_counts(values)
    return YesNoCounts(yes=counts["yes"], no=counts["no"], na=counts[NOT_APPLICABLE])


def section_score(items: Iterable[YesNoCounts]) -> YesNoCounts:
    """The section's yes / no / not-applicable totals; ``.score`` is yes ÷ (yes + no)."""
    total = YesNoCounts()
    for item in items:
        total = total + item
    return total


# --- 1 to 5 scales ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ScaleDistribution:
    """How many chose each point of a scale, "not applicable" apart."""

    counts: tuple[int, ...]  # counts[0] is point 1
    words: tuple[str, ...] = ()
    na: int = 0
    allow_na: bool = False
    reverse: bool = False

    @property
    def rated(self) -> int:
        return sum(self.counts)

    @property
    def answered(self) -> int:
        return self.rated + self.na

    @property
    def points(self) -> int:
        return len(self.counts)

    @property
    def mean(self) -> float | None:
        """The mean rating, "not applicable" left out; None when nobody rated."""
        if not self.rated:
            return None
        return sum(point * count for point, count in enumerate(self.counts, start=1)) / self.rated

    @property
    def mean_text(self) -> str:
        return format_number(self.mean, 1)

    def rows(self) -> list[tuple[str, int]]:
        """(label, count) for each point from 1 up, then "not applicable" when allowed."""
        rows = []
        for point, count in enumerate(self.counts, start=1):
            word = self.words[point - 1] if point <= len(self.words) else ""
            rows.append((f"{point} – {word}" if word else str(point), count))
        if self.allow_na or self.na:
            rows.append(("Not applicable", self.na))
        return rows


def scale_distribution(values: Iterable | Mapping, words: Iterable[str] = (),
                       points: int | None = None, allow_na: bool = False,
                       reverse: bool = False) -> ScaleDistribution:
    """Count each point of a scale (values 1..points, or "na").

    :param words: the scale's words, point 1 first; their number sets ``points`` (default 5)
    :param reverse: the question's 5 is the worst answer (lower is better)
    """
    words = tuple(words)
    points = points or len(words) or 5
    counts = [0] * points
    na = 0
    for value, count in as_counts(values).items():
        if value == NOT_APPLICABLE:
            na += count
            continue
        point = _as_int(value)
        if point is not None and 1 <= point <= points:
            counts[point - 1] += count
    return ScaleDistribution(tuple(counts), words, na, allow_na, reverse)


@dataclass(frozen=True)
class ConfidenceChange:
    """A learning objective's retrospective "before this session" and "now" confidence."""

    objective: str
    before: ScaleDistribution
    now: ScaleDistribution

    @property
    def change(self) -> float | None:
        if self.before.mean is None or self.now.mean is None:
            return None
        return self.now.mean - self.before.mean

    @property
    def change_text(self) -> str:
        if self.change is None:
            return ""
        text = format_number(self.change, 1)
        return f"+{text}" if self.change > 0 and text != "0" else text


BEFORE, NOW = "_before", "_now"


def confidence_changes(scales: Mapping[str, tuple[str, ScaleDistribution]]
                       ) -> list[ConfidenceChange]:
    """Pair ``X_before`` with ``X_now`` scale questions, in the order the ``_before`` ones come.

    :param scales: question key -> (the "now" wording or any wording, its distribution)
    """
    changes = []
    for key, (_, before) in scales.items():
        if key.endswith(BEFORE) and key[:-len(BEFORE)] + NOW in scales:
            text, now = scales[key[:-len(BEFORE)] + NOW]
            changes.append(ConfidenceChange(objective_words(text), before, now))
    return changes


def objective_words(text: str) -> str:
    """"Now, my confidence in X is" -> "X" (other wordings are kept whole)."""
    match = re.match(r"^now,?\s+my confidence in\s+(.*?)(?:\s+is)?[.:]?$", text.strip(),
                     flags=re.I | re.S)
    return match.group(1) if match else text.strip()


def _as_int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value)
    return None


# --- single and multiple choice -----------------------------------------------------------------

@dataclass(frozen=True)
class ChoiceCount:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class ChoiceCounts:
    """How many chose each option; ``answered`` counts people, not ticks."""

    rows: tuple[ChoiceCount, ...]
    answered: int
    multiple: bool = False

    def share(self, row: ChoiceCount) -> int | None:
        """The percentage of people who answered that chose ``row``."""
        return percent(row.count, self.answered)


def choice_counts(values: Iterable | Mapping, choices: Iterable[Mapping] = (),
                  multiple: bool = False) -> ChoiceCounts:
    """Count each option, in the question's order; values no longer offered come last.

    :param choices: the question's options, ``[{"value": ..., "label": ...}]``
    :param multiple: each answer is a list of options (tick all that apply)
    """
    labels = {str(c["value"]): str(c.get("label", c["value"])) for c in choices}
    tally: Counter = Counter()
    answered = 0
    for value, count in as_counts(values).items():
        if multiple:
            picked = value if isinstance(value, tuple) else (value,)
            picked = {str(v) for v in picked if v not in (None, "")}
            if not picked:
                continue
            for option in picked:
                tally[option] += count
        else:
            if value in (None, ""):
                continue
            tally[str(value)] += count
        answered += count
    rows = [ChoiceCount(value, label, tally[value]) for value, label in labels.items()]
    rows += [ChoiceCount(value, value, tally[value])
             for value in sorted(tally) if value not in labels]
    return ChoiceCounts(tuple(rows), answered, multiple)


# --- numbers ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class NumberSummary:
    n: int
    median: float | None
    minimum: float | None
    maximum: float | None


def number_summary(values: Iterable | Mapping) -> NumberSummary:
    """How many numbers, their median (the mean of the middle two for an even count), min, max.

    Values that are not numbers are ignored.
    """
    counts = sorted((value, count) for value, count in as_counts(values).items()
                    if isinstance(value, (int, float)) and not isinstance(value, bool)
                    and count > 0)
    n = sum(count for _, count in counts)
    if not n:
        return NumberSummary(0, None, None, None)
    return NumberSummary(n, _median(counts, n), counts[0][0], counts[-1][0])


def _median(sorted_counts: list[tuple[float, int]], n: int) -> float:
    """The median of values given as sorted (value, count) pairs, without expanding them."""
    wanted = [(n - 1) // 2, n // 2]  # 0-based positions of the middle one or two values
    found = []
    seen = 0
    for value, count in sorted_counts:
        while wanted and wanted[0] < seen + count:
            found.append(value)
            wanted.pop(0)
        seen += count
    middle = (found[0] + found[1]) / 2
    return int(middle) if float(middle).is_integer() else middle


# --- themes and sentiment of free text ----------------------------------------------------------

@dataclass(frozen=True)
class TaggedAnswer:
    """One free-text answer's effective tags; ``key`` identifies it (an answer id)."""

    key: Any
    theme_ids: tuple[str, ...]
    sentiment: str | None
    polarity: float | None = None


@dataclass
class ThemeSummary:
    theme_id: str
    name: str
    positive: int = 0
    neutral: int = 0
    negative: int = 0
    unrated: int = 0  # answers with no sentiment at all (for example, not analysed yet)
    most_positive: Any = None  # the key of the chosen answer
    most_negative: Any = None

    @property
    def total(self) -> int:
        return self.positive + self.neutral + self.negative + self.unrated

    def count(self, label: str) -> int:
        return getattr(self, label)


@dataclass(frozen=True)
class ThemeReport:
    themes: tuple[ThemeSummary, ...]
    answers: int  # free-text answers looked at
    without_theme: int
    sentiments: Mapping[str, int]  # effective sentiment of every free-text answer

    def quote_keys(self) -> set:
        return {key for theme in self.themes for key in (theme.most_positive, theme.most_negative)
                if key is not None}


def theme_summaries(answers: Iterable[TaggedAnswer], names: Mapping[str, str] | None = None,
                    order: Iterable[str] = ()) -> ThemeReport:
    """Count each theme's answers by effective sentiment and pick its two quotes.

    The most positive quote is, among the theme's answers whose effective sentiment is
    positive, the one with the highest machine polarity; the most negative is, among those
    whose effective sentiment is negative, the one with the lowest. A reviewer's label decides
    which side an answer is on, so a quote is never shown as "positive" after a person called it
    negative. Ties go to the first answer given (the lowest key). The database does the same
    counting for the summary page (``services.summaries``); this is the rule written out.

    :param names: theme id -> name shown (the id when missing)
    """
    counts: Counter = Counter()
    sentiments: Counter = Counter()
    best: dict[str, tuple] = {}
    worst: dict[str, tuple] = {}
    total = without = 0
    for answer in answers:
        total += 1
        label = answer.sentiment if answer.sentiment in SENTIMENT_LABELS else "unrated"
        sentiments[label] += 1
        theme_ids = list(dict.fromkeys(answer.theme_ids))
        if not theme_ids:
            without += 1
        polarity = answer.polarity if answer.polarity is not None else 0.0
        for theme_id in theme_ids:
            counts[theme_id, label] += 1
            if label == "positive":
                _keep_first(best, theme_id, (-polarity, _sort_key(answer.key)), answer.key)
            elif label == "negative":
                _keep_first(worst, theme_id, (polarity, _sort_key(answer.key)), answer.key)
    quotes = {theme_id: (best.get(theme_id, (None, None))[1], worst.get(theme_id, (None, None))[1])
              for theme_id in set(best) | set(worst)}
    return theme_report(counts, quotes, total, without, sentiments, names, order)


def _keep_first(chosen: dict, theme_id: str, rank: tuple, key) -> None:
    if theme_id not in chosen or rank < chosen[theme_id][0]:
        chosen[theme_id] = (rank, key)


def theme_report(counts: Mapping[tuple[str, str], int], quotes: Mapping[str, tuple[Any, Any]],
                 answers: int, without_theme: int, sentiments: Mapping[str, int],
                 names: Mapping[str, str] | None = None, order: Iterable[str] = ()) -> ThemeReport:
    """Put a report together from counts made elsewhere.

    Themes come most mentioned first, then in ``order`` (the codebook's), then by id.

    :param counts: (theme id, sentiment label or "unrated") -> answers
    :param quotes: theme id -> (most positive answer's key, most negative answer's key)
    :param sentiments: label or "unrated" -> free-text answers (with or without a theme)
    """
    names = names or {}
    rank = {theme_id: place for place, theme_id in enumerate(order)}
    themes: dict[str, ThemeSummary] = {}
    for (theme_id, label), count in counts.items():
        summary = themes.get(theme_id)
        if summary is None:
            summary = themes[theme_id] = ThemeSummary(theme_id, names.get(theme_id, theme_id))
        label = label if label in SENTIMENT_LABELS else "unrated"
        setattr(summary, label, getattr(summary, label) + count)
    for theme_id, (most_positive, most_negative) in quotes.items():
        if theme_id in themes:
            themes[theme_id].most_positive = most_positive
            themes[theme_id].most_negative = most_negative
    ordered = sorted(themes.values(), key=lambda t: (
        -t.total, rank.get(t.theme_id, len(rank)), t.theme_id))
    by_label = {label: sentiments.get(label, 0) for label in (*SENTIMENT_LABELS, "unrated")}
    return ThemeReport(tuple(ordered), answers, without_theme, by_label)


def _sort_key(key: Any) -> tuple:
    return (0, key, "") if isinstance(key, (int, float)) else (1, 0, str(key))


def truncate_quote(text: str, limit: int = QUOTE_LIMIT) -> str:
    """The text on one line, cut at a word boundary near ``limit`` characters with "…"."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    space = cut.rfind(" ")
    if space >= limit * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-–—") + "…"


# --- responses over time ------------------------------------------------------------------------

@dataclass(frozen=True)
class TimeBucket:
    start: date
    label: str  # short, for the chart: "20 Nov 2026"
    long_label: str  # for the table: "Mon 16 Nov 2026 (week 47)"
    count: int


@dataclass(frozen=True)
class Timeline:
    unit: str  # "day", "week" or "month"
    buckets: tuple[TimeBucket, ...]

    @property
    def total(self) -> int:
        return sum(bucket.count for bucket in self.buckets)

    @property
    def peak(self) -> TimeBucket | None:
        return max(self.buckets, key=lambda b: (b.count, -b.start.toordinal()), default=None)


def time_buckets(day_counts: Mapping[date, int] | Iterable[date],
                 daily_below_days: int = DAILY_BELOW_DAYS,
                 monthly_above_weeks: int = MONTHLY_ABOVE_WEEKS) -> Timeline:
    """Responses per day when the span is under 3 weeks, else per ISO week (Monday to Sunday),
    else per month when it spans more than a year of weeks; empty periods in between count 0.

    :param day_counts: date -> responses sent that day, or a list of dates (one per response)
    """
    counts = as_counts(day_counts)
    days = sorted(day for day, count in counts.items() if count)
    if not days:
        return Timeline("day", ())
    first, last = days[0], days[-1]
    if (last - first).days + 1 < daily_below_days:
        return Timeline("day", tuple(
            TimeBucket(day, _day(day), day.strftime("%a ") + _day(day), counts[day])
            for day in _dates(first, last, timedelta(days=1))))
    first_monday = first - timedelta(days=first.weekday())
    last_monday = last - timedelta(days=last.weekday())
    if (last_monday - first_monday).days // 7 + 1 <= monthly_above_weeks:
        weekly: Counter = Counter()
        for day, count in counts.items():
            weekly[day - timedelta(days=day.weekday())] += count
        buckets = []
        for monday in _dates(first_monday, last_monday, timedelta(days=7)):
            week = monday.isocalendar()[1]
            buckets.append(TimeBucket(monday, _day(monday), f"Mon {_day(monday)} (week {week})",
                                      weekly[monday]))
        return Timeline("week", tuple(buckets))
    monthly: Counter = Counter()
    for day, count in counts.items():
        monthly[day.replace(day=1)] += count
    buckets = []
    month = first.replace(day=1)
    while month <= last:
        buckets.append(TimeBucket(month, month.strftime("%b %Y"), month.strftime("%B %Y"),
                                  monthly[month]))
        month = (month + timedelta(days=32)).replace(day=1)
    return Timeline("month", tuple(buckets))


def _day(day: date) -> str:
    return f"{day.day} {day.strftime('%b %Y')}"


def _dates(first: date, last: date, step: timedelta):
    day = first
    while day <= last:
        yield day
        day += step


# --- questions matched across questionnaire versions --------------------------------------------

@dataclass
class MergedQuestion:
    """One question as it appears in one or more versions, matched by its key (and type)."""

    key: str
    type: str
    text: str  # the wording of the newest version that has it
    options: dict
    question_ids: list = field(default_factory=list)
    texts: list = field(default_factory=list)  # every distinct wording, newest first

    @property
    def wording_changed(self) -> bool:
        return len(self.texts) > 1


@dataclass
class MergedSection:
    key: str
    title: str
    questions: list[MergedQuestion] = field(default_factory=list)


def merge_versions(versions: Iterable[Mapping]) -> list[MergedSection]:
    """The sections and questions of several versions of one questionnaire as one list.

    Each version is ``{"number", "sections": [{"key", "title", "questions": [{"id", "key",
    "type", "text", "options"}]}]}``. Questions are matched by key (and type, so a question
    whose type changed is kept apart); a question sits where the newest version that has it
    puts it; the wording and options shown are the newest; ``wording_changed`` tells when the
    text (or the words of its options) differed between versions.
    """
    newest_first = sorted(versions, key=lambda v: v["number"], reverse=True)
    sections: dict[str, MergedSection] = {}
    questions: dict[tuple[str, str], MergedQuestion] = {}
    for version in newest_first:
        for section in version["sections"]:
            merged_section = sections.get(section["key"])
            if merged_section is None:
                merged_section = sections[section["key"]] = MergedSection(
                    section["key"], section["title"])
            for question in section["questions"]:
                match = (question["key"], question["type"])
                merged = questions.get(match)
                if merged is None:
                    merged = questions[match] = MergedQuestion(
                        question["key"], question["type"], question["text"],
                        dict(question.get("options") or {}))
                    merged_section.questions.append(merged)
                merged.question_ids.append(question["id"])
                wording = _wording(question)
                if wording not in merged.texts:
                    merged.texts.append(wording)
    return list(sections.values())


def _wording(question: Mapping) -> tuple:
    options = question.get("options") or {}
    choices = tuple(str(c.get("label", "")) for c in options.get("choices", []))
    return (question["text"], choices, tuple(options.get("scale", [])))


# --- the filter in words ------------------------------------------------------------------------

def filter_phrases(*, kind: str = "", site: str = "", session: str = "", since: date | None = None,
                   until: date | None = None, sentiment: str = "", theme: str = "",
                   reviewed: str = "", attention: bool = False, q: str = "") -> list[str]:
    """The inbox filters as short phrases a person reads ("sent on or after 1 Nov 2026")."""
    phrases = [
        kind,
        f"training session: {session}" if session else "",
        f"site: {site}" if site else "",
        _period(since, until),
        f"with a {sentiment} answer" if sentiment else "",
        f"with an answer about {theme}" if theme else "",
        {"yes": "reviewed", "no": "not reviewed yet"}.get(reviewed, ""),
        "flagged for attention" if attention else "",
        f"answers containing “{q}”" if q else "",
    ]
    return [phrase for phrase in phrases if phrase]


def _period(since: date | None, until: date | None) -> str:
    if since and until:
        return f"sent between {_day(since)} and {_day(until)}"
    if since:
        return f"sent on or after {_day(since)}"
    return f"sent on or before {_day(until)}" if until else ""
