#!/usr/bin/env python3
"""How well the free-text tagger reads feedback, against TextBlob and VADER, and how fast.

Reads the labelled development halves from ``../shared/data/sentiment/`` (relative to the
repository; ``--data`` points elsewhere). When they are not there (for instance on a machine
that has only the repository) it says so and exits 0: the project's tests never depend on
these files, and none of their text is copied into the repository (see their README for the
licences).

In one run it prints, for each of ``course_evaluations_dev``, ``student_feedback_dev`` and
``nhs_fft_dev``:

- 3-class macro-F1 and accuracy for TextBlob's pattern analyser (polarity > 0 positive,
  < 0 negative), for VADER (compound >= 0.05 positive, <= -0.05 negative) and for this
  project's tagger (``flse_feedback.analysis.analyse_text``, given the question asked when
  the set has one: the NHS set's ``question`` column);
- the tagger's confusion matrix (rows: the people's label, columns: the tagger's);
- texts per second for each method, on one core: the CPU time of this single-threaded
  process (``time.process_time``), so other work on a shared machine does not count. The
  tagger's figure is for the whole ``analyse_text`` call (sentiment and themes), as the app
  runs it.

Then, on the NHS comments, theme precision, recall and micro-F1 for the codebook ids that
the NHS categories map to (the ``codebook_themes`` column), overall and per theme. Only
those ids are scored: a comment's other themes (housing, substance use...) have no gold
standard in that set.

VADER is not a dependency of the app. Install it into the virtual environment for the bench
only (``.venv/bin/pip install vaderSentiment``); without it the VADER rows are skipped with a
message.

    .venv/bin/python bench/tagging.py [--data DIR] [--repeat N]

Exit status: 0 (also when the data are missing); 2 for bad arguments.
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from flse_feedback.analysis import analyse_text, load_default_codebook  # noqa: E402

DEFAULT_DATA = REPO.parent / "shared" / "data"
SETS = ("course_evaluations_dev", "student_feedback_dev", "nhs_fft_dev")
LABELS = ("positive", "neutral", "negative")
THEME_SET = "nhs_fft_dev"


@dataclass(frozen=True)
class Example:
    """One labelled answer: its text, the question asked (if known) and the people's label."""

    text: str
    question: str | None
    label: str
    themes: frozenset[str]


@dataclass(frozen=True)
class Score:
    """One method's reading of one set."""

    predictions: tuple[str, ...]
    seconds: float


Method = Callable[[Sequence[Example]], list[str]]


# --- reading the data --------------------------------------------------------------------

def load_set(path: Path) -> list[Example]:
    """Read one labelled CSV (text, label and, for the NHS set, question and themes)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    examples = []
    for row in rows:
        themes = frozenset(t for t in (row.get("codebook_themes") or "").split(";") if t)
        examples.append(Example(row["text"], row.get("question") or None, row["label"], themes))
    return examples


# --- metrics ------------------------------------------------------------------------------

def f1(tp: int, fp: int, fn: int) -> float:
    """F1 from counts (0 when undefined)."""
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def macro_f1(gold: Sequence[str], predicted: Sequence[str]) -> float:
    """Unweighted mean of the per-class F1 over the three labels."""
    scores = []
    for label in LABELS:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted))
        scores.append(f1(tp, fp, fn))
    return sum(scores) / len(scores)


def accuracy(gold: Sequence[str], predicted: Sequence[str]) -> float:
    return sum(g == p for g, p in zip(gold, predicted)) / (len(gold) or 1)


def confusion(gold: Sequence[str], predicted: Sequence[str]) -> list[str]:
    """The confusion matrix as printable lines (rows: gold, columns: predicted)."""
    counts = Counter(zip(gold, predicted))
    lines = ["      gold \\ tagger " + "".join(f"{label:>10}" for label in LABELS)]
    for g in LABELS:
        lines.append(f"      {g:<15}" + "".join(f"{counts[(g, p)]:>10}" for p in LABELS))
    return lines


# --- the methods --------------------------------------------------------------------------

def textblob_method() -> Method:
    from textblob import TextBlob

    def run(examples: Sequence[Example]) -> list[str]:
        labels = []
        for example in examples:
            polarity = TextBlob(example.text).sentiment.polarity
            labels.append("positive" if polarity > 0 else "negative" if polarity < 0
                          else "neutral")
        return labels
    return run


def vader_method() -> Method | None:
    try:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer
    except ImportError:
        return None
    analyser = SentimentIntensityAnalyzer()

    def run(examples: Sequence[Example]) -> list[str]:
        labels = []
        for example in examples:
            compound = analyser.polarity_scores(example.text)["compound"]
            labels.append("positive" if compound >= 0.05 else "negative" if compound <= -0.05
                          else "neutral")
        return labels
    return run


class TaggerMethod:
    """This project's tagger, keeping its theme suggestions for the theme scores."""

    def __init__(self) -> None:
        self.codebook = load_default_codebook()
        self.themes: dict[str, list[frozenset[str]]] = {}

    def run_set(self, name: str, examples: Sequence[Example]) -> list[str]:
        labels, themes = [], []
        codebook = self.codebook
        for example in examples:
            result = analyse_text(example.text, codebook, example.question)
            labels.append(result.sentiment.label)
            themes.append(frozenset(match.theme_id for match in result.themes))
        self.themes[name] = themes
        return labels


def timed(run: Callable[[], list[str]], repeat: int) -> Score:
    """Run ``run`` ``repeat`` times and keep the fastest time (and the last predictions)."""
    best = float("inf")
    predictions: list[str] = []
    for _ in range(max(1, repeat)):
        start = time.process_time()
        predictions = run()
        best = min(best, time.process_time() - start)
    return Score(tuple(predictions), best)


# --- reports ------------------------------------------------------------------------------

def report_sentiment(sets: dict[str, list[Example]], repeat: int) -> TaggerMethod:
    textblob = textblob_method()
    vader = vader_method()
    tagger = TaggerMethod()
    if vader is None:
        print("VADER: not installed (.venv/bin/pip install vaderSentiment); its rows are "
              "skipped.\n")
    totals: dict[str, list[float]] = {}
    for name, examples in sets.items():
        gold = [example.label for example in examples]
        counts = Counter(gold)
        print(f"== {name}: {len(examples)} answers ("
              + ", ".join(f"{counts[label]} {label}" for label in LABELS) + ")"
              + (", with the question asked" if any(e.question for e in examples) else ""))
        methods: list[tuple[str, Callable[[], list[str]]]] = [
            ("TextBlob", lambda: textblob(examples))]
        if vader is not None:
            methods.append(("VADER", lambda: vader(examples)))
        methods.append(("tagger", lambda: tagger.run_set(name, examples)))
        print(f"   {'method':<10}{'macro-F1':>10}{'accuracy':>10}{'texts/s':>10}")
        scores = {}
        for method, run in methods:
            score = timed(run, repeat)
            scores[method] = score
            rate = len(examples) / score.seconds if score.seconds else float("inf")
            totals.setdefault(method, [0, 0.0])
            totals[method][0] += len(examples)
            totals[method][1] += score.seconds
            print(f"   {method:<10}{macro_f1(gold, score.predictions):>10.3f}"
                  f"{accuracy(gold, score.predictions):>10.3f}{rate:>10.0f}")
        if "VADER" in scores:
            margin = (macro_f1(gold, scores["tagger"].predictions)
                      - macro_f1(gold, scores["VADER"].predictions))
            verdict = "met" if margin >= 0.05 else "NOT met"
            print(f"   tagger - VADER macro-F1: {margin:+.3f} (target +0.05: {verdict})")
        print("   tagger confusion matrix:")
        print("\n".join(confusion(gold, scores["tagger"].predictions)))
        print()
    print("== speed over all three sets (one process, one core)")
    for method, (count, seconds) in totals.items():
        rate = count / seconds if seconds else float("inf")
        note = ""
        if method == "tagger":
            note = f"  (sentiment + themes; target 1000: {'met' if rate >= 1000 else 'NOT met'})"
        print(f"   {method:<10}{rate:>8.0f} texts/s{note}")
    print()
    return tagger


def report_themes(examples: Sequence[Example], predicted: Sequence[frozenset[str]]) -> None:
    scored = sorted(set().union(*(example.themes for example in examples)))
    print(f"== themes on {THEME_SET}: {len(examples)} comments, "
          f"{sum(bool(e.themes) for e in examples)} with a mapped theme; scoring the "
          f"{len(scored)} codebook ids the NHS categories map to")
    print(f"   {'theme':<26}{'gold':>6}{'tagged':>8}{'precision':>11}{'recall':>8}{'F1':>7}")
    total = Counter()
    for theme in scored:
        tp = sum(theme in e.themes and theme in p for e, p in zip(examples, predicted))
        fp = sum(theme not in e.themes and theme in p for e, p in zip(examples, predicted))
        fn = sum(theme in e.themes and theme not in p for e, p in zip(examples, predicted))
        total.update(tp=tp, fp=fp, fn=fn)
        print(f"   {theme:<26}{tp + fn:>6}{tp + fp:>8}{_ratio(tp, tp + fp):>11}"
              f"{_ratio(tp, tp + fn):>8}{f1(tp, fp, fn):>7.3f}")
    tp, fp, fn = total["tp"], total["fp"], total["fn"]
    print(f"   {'micro':<26}{tp + fn:>6}{tp + fp:>8}{_ratio(tp, tp + fp):>11}"
          f"{_ratio(tp, tp + fn):>8}{f1(tp, fp, fn):>7.3f}  (aim: micro-F1 0.6+)")


def _ratio(numerator: int, denominator: int) -> str:
    return f"{numerator / denominator:.3f}" if denominator else "-"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA,
                        help="folder holding sentiment/*.csv (default: %(default)s)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="time each method this many times and keep the fastest")
    args = parser.parse_args(argv)

    folder = args.data / "sentiment"
    paths = {name: folder / f"{name}.csv" for name in SETS}
    missing = [str(path) for path in paths.values() if not path.is_file()]
    if missing:
        print("Labelled data not found, nothing to measure: " + ", ".join(missing))
        return 0
    print(f"Data: {folder}")
    sets = {name: load_set(path) for name, path in paths.items()}
    tagger = report_sentiment(sets, args.repeat)
    report_themes(sets[THEME_SET], tagger.themes[THEME_SET])
    return 0


if __name__ == "__main__":
    sys.exit(main())
