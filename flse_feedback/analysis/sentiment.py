"""Sentiment of a free-text answer and of each of its sentences, with the words that drove it.

Why these rules on TextBlob's word list? TextBlob's default (pattern) analyser needs no
downloaded data, is deterministic and fast, and its readings can be explained word by
word to a coproduction worker. Read as it is, it gets feedback wrong in known ways, so
this module uses it only as a dictionary (``TextBlob(word).sentiment_assessments``, one
word at a time, remembered) and reads sentences itself. Every word list and number the
rules use is in ``sentiment_lexicon.json`` (see ``lexicon.py``), not here.

How a sentence is read (``split_sentences`` gives the sentences, ``tokenize`` the words):

1. Opinion words: a word is looked up in the lexicon's ``words`` (feedback words TextBlob
   lacks, such as "helpful", "rushed", "ignored"), then in TextBlob's list, then by its
   inflections ("enjoys", "coolest"). ``neutral_words`` ("more", "first", "own") and
   ``topic_words`` ("trauma", "addiction", "prison", "homeless", "mental") are not
   opinions: "the talk about addiction and prison was eye-opening" is praise. ``phrases``
   are read as a whole ("thank you", "can't fault", "in and out", "pillar to post", and
   neutral ones such as "waiting room").
2. Negation: "not", "never", "nobody", "no one", "nothing", "without", "lack of" and
   negated contractions ("wasn't", "didnt", "can't") turn the next opinion word within
   ``negation_window`` words around and soften it ("not good" is slightly bad, "not
   unhelpful" slightly good); TextBlob alone scores "wasn't good" +0.7 (issue #181).
   "think", "feel", "find" carry a negation to the end of the clause ("I didn't think it
   was good"). A negation that meets no opinion word may be a complaint itself ("nobody
   called back", "a lack of staff"). Idioms such as "nothing but praise" do not negate.
3. Intensifiers ("very", "so", "a bit") strengthen or soften the next opinion word; an
   opinion adverb joins the next word ("clearly explained", "poorly organised", "least
   helpful"); "too" means excess ("too long", "too quick"); "enough" after a word makes it
   faint praise ("polite enough"); "!" strengthens.
4. Requests: a modal with a comparative ("could be better", "should be more organised"),
   a counterfactual ("would have been helpful"), a conditional ("better if", "would be
   nice to have") and a sentence opening with a comparative ("More staff.", "Explain
   more") ask for something that is not there. Volunteered, they read about neutral; in
   answer to a question about problems they are criticism. Negated, a comparative is
   praise ("couldn't have been more helpful", "never had better care").
5. Contrast: after "but" / "however" weighs more than before ("friendly but rushed" is
   negative); a concession ("although the wait was long, ...") weighs less than the rest
   of the sentence; a sentence opening with "But" or "However" weighs more in the answer.
6. The question asked (``questions.py``): "Nothing" (or "None", "No", "Can't think of
   anything") answering a question about problems is praise, answering what was good a
   complaint, and otherwise neutral; "Everything" the other way round. "N/A" and "don't
   know" are always neutral.

A sentence's polarity is the weighted mean of its opinion phrases (like TextBlob's, in
[-1, 1]); the answer's is the weighted mean over all its phrases, so it does not depend on
how the text was split. Labels come from ``label_for`` with the lexicon's neutral band.
``mixed`` is true when one sentence reads positive and another negative. ``explanation``
lists the phrases that produced a reading, as written, in text order (a question-based
reading says so: "nothing (asked about problems)").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from textblob import TextBlob

from .lexicon import WILDCARD, WILDCARD_MAX, Lexicon, default_lexicon
from .questions import PRAISE, PROBLEMS, question_kind
from .sentences import split_sentences
from .tokens import BREAK, MARK, WORD, Token, tokenize

POSITIVE = "positive"
NEGATIVE = "negative"
NEUTRAL = "neutral"

NEUTRAL_BAND = default_lexicon().setting("neutral_band")
"""Polarity within +/- this band is neutral (``settings.neutral_band`` in the lexicon)."""

DECIMALS = 4
"""Floats are rounded so stored and exported readings are stable and readable."""

_ASKED = {PROBLEMS: "asked about problems", PRAISE: "asked what was good"}
_MAX_EXPLAINED_WORDS = 8
_MAX_CONTRASTS = 8
"""Contrast words counted per token at most (keeps weights finite on pathological text)."""


@dataclass(frozen=True)
class SentenceSentiment:
    """The reading of one sentence, in the person's own words, and why."""

    text: str
    label: str
    polarity: float
    subjectivity: float
    explanation: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sentiment:
    """The reading of a whole answer, its sentences, whether they disagree, and why."""

    label: str
    polarity: float
    subjectivity: float
    sentences: tuple[SentenceSentiment, ...]
    mixed: bool
    explanation: tuple[str, ...] = ()


@dataclass
class _Chunk:
    """One opinion phrase of a sentence: token span, scores, weight and how to show it."""

    first: int
    last: int
    polarity: float
    subjectivity: float
    weight: float = 1.0
    shown: str | None = None
    boosted: bool = False


def label_for(polarity: float, band: float | None = None) -> str:
    """Map a polarity in [-1, 1] to positive / negative / neutral using the neutral band."""
    band = NEUTRAL_BAND if band is None else band
    if polarity > band:
        return POSITIVE
    if polarity < -band:
        return NEGATIVE
    return NEUTRAL


def _clip(value: float, low: float = -1.0, high: float = 1.0) -> float:
    return max(low, min(high, value))


@lru_cache(maxsize=65536)
def pattern_score(word: str) -> tuple[float, float] | None:
    """TextBlob's (pattern) polarity and subjectivity for one word, or None if unknown."""
    assessments = TextBlob(word).sentiment_assessments.assessments
    if len(assessments) != 1 or assessments[0][0] != [word]:
        return None
    _, polarity, subjectivity, _ = assessments[0]
    return float(polarity), float(subjectivity)


def word_score(word: str, lexicon: Lexicon) -> tuple[float, float] | None:
    """Polarity and subjectivity of one word, or None when it carries no opinion.

    The lexicon comes first (a listed 0 means "not an opinion"), then TextBlob's list, the
    lexicon by stem, TextBlob by base form; an unknown hyphenated word is read from its
    last part ("non-judgemental", "well-run"). Results are remembered per lexicon.
    """
    memo = lexicon.cache.setdefault("words", {})
    if word in memo:
        return memo[word]
    score = _lookup(word, lexicon)
    if len(memo) < 100_000:
        memo[word] = score
    return score


def _lookup(word: str, lexicon: Lexicon) -> tuple[float, float] | None:
    """Lexicon (exact), TextBlob, lexicon (inflections), TextBlob (base form), parts."""
    exact = _listed(word, lexicon, lexicon.words.get(word))
    if exact is not None:
        return exact[0]
    score = pattern_score(word) if any(char.isalpha() for char in word) or len(word) <= 3 \
        else None
    if score is not None:
        return score if score[0] else None
    from_stem = _listed(word, lexicon, lexicon.word_value(word))
    if from_stem is not None:
        return from_stem[0]
    for base in _base_forms(word):
        listed = _listed(base, lexicon, lexicon.words.get(base))
        if listed is not None:
            return listed[0]
        score = pattern_score(base)
        if score is not None:
            return score if score[0] else None
    return _hyphenated(word, lexicon)


def _listed(word: str, lexicon: Lexicon, value: float | None
            ) -> tuple[tuple[float, float] | None] | None:
    """A lexicon value as a score (wrapped, so a listed 0, "no opinion", is not "unknown")."""
    if value is None:
        return None
    if not value:
        return (None,)
    return ((value, lexicon.subjectivity.get(word, lexicon.setting("default_subjectivity"))),)


def _base_forms(word: str) -> list[str]:
    """Likely base forms of an inflected word ("enjoys" -> "enjoy", "coolest" -> "cool")."""
    if len(word) < 5 or not word.isalpha():
        return []
    forms: list[str] = []
    for ending, replacements in _ENDINGS:
        if word.endswith(ending):
            stem_ = word[: -len(ending)]
            forms.extend(stem_ + r for r in replacements)
            if len(stem_) > 2 and stem_[-1] == stem_[-2]:
                forms.append(stem_[:-1])
            break
    return forms


_ENDINGS = (("iest", ("y",)), ("est", ("", "e")), ("ies", ("y",)), ("ied", ("y",)),
            ("es", ("", "e")), ("ed", ("", "e")), ("ing", ("", "e")), ("s", ("",)))
"""Inflection endings and what to put back, tried in this order (longest first)."""


def _hyphenated(word: str, lexicon: Lexicon) -> tuple[float, float] | None:
    """An unknown hyphenated word: "non-judgemental" is the negation of its last part,
    otherwise the last part counts ("well-run", "user-friendly")."""
    if "-" not in word:
        return None
    first, last = word.split("-", 1)[0], word.rsplit("-", 1)[1]
    inner = word_score(last, lexicon)  # the last part has no hyphen: no deep recursion
    if inner is not None and first in ("non", "un", "not"):
        return inner[0] * lexicon.setting("negation_factor"), inner[1]
    return inner


def _known(word: str, lexicon: Lexicon) -> bool:
    """True when the word is listed anywhere (even as neutral): an adjective or adverb."""
    return lexicon.word_value(word) is not None or pattern_score(word) is not None


def is_comparative(word: str, lexicon: Lexicon) -> bool:
    """A listed comparative, or "-er" on an opinion word ("kinder", "happier")."""
    if word in lexicon.comparatives:
        return True
    if len(word) < 5 or not word.endswith("er") or not word.isalpha():
        return False
    stem_ = word[:-2]
    bases = [stem_[:-1] + "y"] if stem_.endswith("i") else [stem_, stem_ + "e"]
    if len(stem_) > 2 and stem_[-1] == stem_[-2]:
        bases.append(stem_[:-1])
    return any(word_score(base, lexicon) is not None for base in bases)


class _Reader:
    """Reads one sentence's tokens left to right into opinion chunks (rules 1-4)."""

    def __init__(self, tokens: Sequence[Token], lexicon: Lexicon, requests: bool) -> None:
        self.tokens = tokens
        self.lexicon = lexicon
        self.requests = requests
        self.if_sentence = any(t.text in lexicon.conditionals for t in tokens)
        self.settings = lexicon.settings
        self.chunks: list[_Chunk] = []
        self._reset()

    def _reset(self) -> None:
        self.negation: int | None = None
        self.negation_gap = 0
        self.negations = 0
        self.raised = False
        self.carry = False
        self.modifier: tuple[int, float] | None = None
        self.modifier_gap = 0
        self.adverb: tuple[int, float] | None = None
        self.excess: int | None = None
        self.modal: int | None = None
        self.hypothetical = False
        self.conditional = False
        self.comparative: int | None = None

    def read(self) -> list[_Chunk]:
        index = 0
        while index < len(self.tokens):
            index = self._step(index)
        self._flush()
        return self.chunks

    # --- one token ---------------------------------------------------------------------

    def _step(self, i: int) -> int:
        token = self.tokens[i]
        if token.kind == BREAK:
            self._flush()
            return i + 1
        if token.kind == MARK:
            return self._mark(i)
        word = token.text
        lexicon = self.lexicon
        matched = self._phrase(i)
        if matched:
            return matched
        if word in lexicon.contrast_but or word in lexicon.contrast_although \
                or (word in lexicon.conjunctions and not self.raised):
            self._flush()
            return i + 1
        return self._function_word(i, word) or self._word(i, word)

    def _function_word(self, i: int, word: str) -> int:
        """Negations, intensifiers, "too", modals: they change the next opinion word."""
        lexicon = self.lexicon
        if word in ("or", "nor") and self.carry:
            return i + 1
        skip = self._negation_exception(i)
        if skip:
            return skip
        if word in lexicon.negators:
            self._negate(i)
        elif word in lexicon.intensifiers:
            factor = lexicon.intensifiers[word]
            if self.modifier is not None and self.modifier_gap == 0:  # "very very good"
                factor = _clip(factor * self.modifier[1], 0.25, 2.0)
            self.modifier, self.modifier_gap = (i, factor), 0
        elif word in lexicon.excess and self._next_is_word(i):
            self.excess = i
        elif word in lexicon.modals:
            self.modal = i
            self.hypothetical = False
        elif self.modal is not None and word in lexicon.hypothetical_verbs \
                and self.tokens[self.modal].text in lexicon.hypothetical_modals:
            self.hypothetical = self.hypothetical or word != "be" or self.requests \
                or self.if_sentence
            self.conditional = True
        elif self.negation is not None and word in lexicon.negation_raisers:
            self.raised = True
            self.negation_gap = 0
        else:
            return 0
        return i + 1

    def _word(self, i: int, word: str) -> int:
        lexicon = self.lexicon
        if self.comparative is None and self._comparative_context(i) \
                and is_comparative(word, lexicon):
            self.comparative = i
            if word_score(word, lexicon) is None or self._opinion_follows(i):
                return i + 1
        score = word_score(word, lexicon)
        if score is None:
            return self._plain(i, word)
        if self._is_adverb(word) and self._opinion_follows(i, 1):
            self.adverb = (i, self._modified(score[0]))
            self.modifier = None
            return i + 1
        return self._emit(i, i, score[0], score[1])

    def _comparative_context(self, i: int) -> bool:
        """After a modal, in an answer about problems, first in a sentence ("More staff",
        "Better parking", not "Better than I thought"), or after "never"."""
        if self.modal is not None or self.requests:
            return True
        if i == 0 and self._next_text(i) != "than":
            return True
        return self.negation is not None and \
            self.tokens[self.negation].text in self.lexicon.superlative_negators

    def _is_adverb(self, word: str) -> bool:
        return word in self.lexicon.opinion_adverbs or word.endswith("ly")

    def _modified(self, polarity: float) -> float:
        if self.modifier is not None and self.modifier_gap <= self.settings["modifier_window"]:
            return _clip(polarity * self.modifier[1])
        return polarity

    def _plain(self, i: int, word: str) -> int:
        """A word that is not an opinion: pending negation and modifiers age."""
        if self.excess is not None and self.excess == i - 1 and _known(word, self.lexicon):
            return self._emit(i, i, 0.0, self.settings["default_subjectivity"])
        self.excess = None
        self._age()
        return i + 1

    def _age(self) -> None:
        self.modifier_gap += 1
        if self.modifier_gap > self.settings["modifier_window"]:
            self.modifier = None
        if self.negation is not None and not self.raised:
            self.negation_gap += 1
            if self.negation_gap > self.settings["negation_window"]:
                self._own_negation()

    def _mark(self, i: int) -> int:
        token = self.tokens[i]
        if token.text == "!":
            if self.chunks and not self.chunks[-1].boosted and self.chunks[-1].last >= i - 2:
                chunk = self.chunks[-1]
                chunk.polarity = _clip(chunk.polarity * self.settings["exclamation_boost"])
                chunk.boosted = True
            return i + 1
        score = word_score(token.text, self.lexicon)
        if score is not None:
            self.chunks.append(_Chunk(i, i, score[0], score[1]))
        return i + 1

    # --- phrases and negation ----------------------------------------------------------

    def _phrase(self, i: int) -> int:
        """Match a lexicon phrase at ``i``; return the index after it (0 when none)."""
        for phrase in self.lexicon.phrases.get(self.tokens[i].text, ()):
            end = _match(self.tokens, i, phrase.words)
            if end:
                if phrase.polarity:
                    self._emit(i, end - 1, phrase.polarity,
                               self.settings["default_subjectivity"])
                return end
        return 0

    def _negation_exception(self, i: int) -> int:
        for words in self.lexicon.negation_exceptions:
            if self.tokens[i].text == words[0]:
                end = _match(self.tokens, i, words)
                if end:
                    return end
        return 0

    def _negate(self, i: int) -> None:
        if self.negation is not None and self.negation_gap > 0:
            self._own_negation()
        if self.negation is None:
            self.negation, self.negations = i, 0
        self.negations += 1
        self.negation_gap = 0
        self.carry = False

    def _own_negation(self) -> None:
        """A negation that met no opinion word: a complaint only for some ("nobody")."""
        index = self.negation
        self.negation = None
        self.raised = False
        if index is None:
            return
        own = self.lexicon.negator_own.get(self.tokens[index].text, 0.0)
        if own:
            self.chunks.append(_Chunk(index, index, own, self.settings["default_subjectivity"]))

    def _next_is_word(self, i: int) -> bool:
        following = self.tokens[i + 1] if i + 1 < len(self.tokens) else None
        return following is not None and following.kind == WORD

    def _opinion_follows(self, i: int, reach: int = 2) -> bool:
        """Is there an opinion word right after ``i`` ("better organised", "clearly
        explained")?"""
        for token in self.tokens[i + 1: i + 1 + reach]:
            if token.kind != WORD or token.text in self.lexicon.negators:
                return False
            if word_score(token.text, self.lexicon) is not None:
                return True
        return False

    # --- emitting a chunk --------------------------------------------------------------

    def _emit(self, first: int, last: int, polarity: float, subjectivity: float) -> int:
        if self.tokens[first].text in self.lexicon.clause_openers:
            self._own_negation()  # "nothing else, thanks": thanks are never negated
        first, polarity, subjectivity = self._premodify(first, polarity, subjectivity)
        last, factor = self._after_modifier(last)
        polarity *= factor
        if self.comparative is not None or (self.hypothetical and self.negation is None):
            first, polarity = self._request(first, polarity)
        elif self.negation is not None:
            first, polarity = self._negated(first, last, polarity)
        elif polarity > 0 and self._is_imperative(first, last):
            last += 1
            polarity = self._request_polarity(polarity)
        elif polarity > 0 and self._is_conditional(last):
            polarity = self._request_polarity(polarity)
        self.chunks.append(_Chunk(first, last, _clip(polarity), _clip(subjectivity, 0.0)))
        self.modifier = None
        self.adverb = None
        self.excess = None
        self.modal = None
        self.hypothetical = False
        self.conditional = False
        return last + 1

    def _is_conditional(self, last: int) -> bool:
        """Praise of what is not there: "better if ...", "better to ...", "it would be nice
        to have ..."."""
        following = self._next_text(last)
        if following in self.lexicon.conditionals:
            return True
        if following == "to":
            return self.conditional or is_comparative(self.tokens[last].text, self.lexicon)
        return False

    def _is_imperative(self, first: int, last: int) -> bool:
        """A request opening a clause: "explain more", "communicate better"."""
        following = self._next_text(last)
        opens_clause = first == 0 or self.tokens[first - 1].kind == BREAK
        return opens_clause and following is not None and is_comparative(following, self.lexicon)

    def _premodify(self, first: int, polarity: float, subjectivity: float
                   ) -> tuple[int, float, float]:
        """ "too long", "very helpful", "poorly organised": what comes right before."""
        settings = self.settings
        if self.excess is not None and self.excess == first - 1:
            polarity = min(polarity * settings["superlative_factor"], self._excess_polarity())
            return self.excess, polarity, subjectivity
        if self.adverb is not None and self.adverb[0] == first - 1:
            index, adverb = self.adverb
            if adverb < 0 < polarity:
                return index, -max(polarity, -adverb), subjectivity
            return index, _clip(polarity * self.settings["superlative_factor"] ** 0.5), \
                subjectivity
        if self.modifier is not None and self.modifier_gap <= settings["modifier_window"]:
            factor = self.modifier[1]
            return self.modifier[0], _clip(polarity * factor), _clip(subjectivity * factor, 0.0)
        return first, polarity, subjectivity

    def _negated(self, first: int, last: int, polarity: float) -> tuple[int, float]:
        if self.negations % 2:
            polarity *= self.settings["negation_factor"]
        if not self.carry:  # "not friendly or helpful": show "helpful" on its own
            first = min(first, self.negation)
        self.negation = None
        self.raised = False
        self.carry = self._next_text(last) in ("or", "nor")
        if self.carry:
            self.negation, self.negation_gap = first, 0
        return first, polarity

    def _after_modifier(self, last: int) -> tuple[int, float]:
        """ "polite enough": a softening word right after the opinion word."""
        following = self._next_text(last)
        if following in self.lexicon.after_modifiers:
            return last + 1, self.lexicon.after_modifiers[following]
        return last, 1.0

    def _excess_polarity(self) -> float:
        """The polarity "too" gives (the lexicon's ``excess`` value for the word used)."""
        word = self.tokens[self.excess].text if self.excess is not None else ""
        return self.lexicon.excess.get(word, 0.0)

    def _next_text(self, i: int) -> str | None:
        return self.tokens[i + 1].text if i + 1 < len(self.tokens) else None

    def _request(self, first: int, polarity: float) -> tuple[int, float]:
        """Rule 4: a comparative after a modal (or answering "what could be better?")."""
        settings = self.settings
        starts = [i for i in (self.modal, self.comparative, first) if i is not None]
        if self.negation is not None:
            starts.append(self.negation)
            self.negation = None
            polarity = polarity * settings["superlative_factor"]
        else:
            polarity = self._request_polarity(polarity)
        self.comparative = None
        self.hypothetical = False
        return min(starts), polarity

    def _request_polarity(self, polarity: float) -> float:
        """A request's polarity, whatever the word: criticism when the question asked what
        could be better, otherwise (a suggestion volunteered) close to neutral."""
        return self.settings["asked_request" if self.requests else "request"]

    def _flush(self) -> None:
        """End of a clause: a comparative still waiting is a bare request or praise."""
        if self.comparative is not None:
            index = self.comparative
            first, polarity = self._request(index, 0.5)
            self.chunks.append(_Chunk(first, index, _clip(polarity),
                                      self.settings["default_subjectivity"]))
        self._own_negation()
        self._reset()


def _match(tokens: Sequence[Token], start: int, words: tuple[str, ...]) -> int:
    """Index after ``words`` matched at ``start`` ("*" = one to three words), else 0."""
    i = start
    for position, word in enumerate(words):
        if word == WILDCARD:
            rest = words[position + 1:]
            for skip in range(1, WILDCARD_MAX + 1):
                if i + skip > len(tokens) or tokens[i + skip - 1].kind != WORD:
                    break
                end = _match(tokens, i + skip, rest) if rest else i + skip
                if end:
                    return end
            return 0
        if i >= len(tokens) or tokens[i].kind != WORD or tokens[i].text != word:
            return 0
        i += 1
    return i


# --- sentences and answers -----------------------------------------------------------------

def _real_contrast(tokens: Sequence[Token], i: int, lexicon: Lexicon) -> bool:
    """Is the "but" at ``i`` a contrast ("nothing but praise", "but also" are not)?"""
    if i > 0 and tokens[i - 1].text in lexicon.negators:
        return False
    return not (i + 1 < len(tokens) and tokens[i + 1].text == "also")


def _clause_end(tokens: Sequence[Token], i: int) -> int:
    """Index of the clause break after ``i`` (or the end of the sentence)."""
    for j in range(i + 1, len(tokens)):
        if tokens[j].kind == BREAK:
            return j
    return len(tokens)


def _contrast_weights(tokens: Sequence[Token], lexicon: Lexicon) -> list[float]:
    """Rule 5: the weight of every token's clause.

    Each real "but" multiplies what comes before it by ``contrast_before`` and what follows
    (itself included) by ``contrast_after``; each concession ("although ...", up to the next
    clause break) is multiplied by ``contrast_before`` and the rest of the sentence by
    ``contrast_after``. Linear in the sentence length; the counts are capped so that the
    weights of a pathological sentence stay finite.
    """
    n = len(tokens)
    is_but = [False] * n
    inside = [0] * (n + 1)  # difference array: how many concessions cover each position
    concessions = 0
    for i, token in enumerate(tokens):
        if token.kind != WORD:
            continue
        if token.text in lexicon.contrast_but and _real_contrast(tokens, i, lexicon):
            is_but[i] = True
        elif token.text in lexicon.contrast_although:
            end = _clause_end(tokens, i)
            if end - i > 1 and (i > 0 or end < n):
                inside[i] += 1
                inside[end] -= 1
                concessions += 1
    before = lexicon.setting("contrast_before")
    after = lexicon.setting("contrast_after")
    buts_left, buts_seen, covered = sum(is_but), 0, 0
    weights = []
    for j in range(n):
        if is_but[j]:
            buts_left -= 1
            buts_seen += 1
        covered += inside[j]
        lighter = min(buts_left + covered, _MAX_CONTRASTS)
        heavier = min(buts_seen + concessions - covered, _MAX_CONTRASTS)
        weights.append(before ** lighter * after ** heavier)
    return weights


def _answer_clause(tokens: Sequence[Token], lexicon: Lexicon) -> tuple[int, float]:
    """Rule 6: does the first clause mean "nothing" ("Nothing.", "None really,", "Nothing
    they were great") or "everything"? Returns where the rest starts (0: no such clause)
    and +1 for "nothing", -1 for "everything" (as an answer to a question about problems)."""
    end = _clause_end(tokens, -1)
    words = [(i, t.text) for i, t in enumerate(tokens[:end]) if t.kind == WORD]
    while len(words) > 1 and words[0][1] in lexicon.fillers:
        words.pop(0)
    said = " ".join(w for _, w in words)
    if said in lexicon.nothing_answers:
        return end, 1.0
    if said in lexicon.everything_answers and end == len(tokens):
        return end, -1.0
    if len(words) > 1 and words[0][1] in lexicon.nothing_answers \
            and words[1][1] in lexicon.clause_openers:
        return words[1][0], 1.0
    return 0, 0.0


@dataclass
class _Sentence:
    """A sentence's tokens, its chunks and the clause weight of each token.

    A sentence opening with "But" or "However" has every token after the contrast word,
    so it weighs ``contrast_after`` in the answer against the sentences before it.
    """

    text: str
    tokens: list[Token]
    chunks: list[_Chunk]
    weights: list[float]


def _read_sentence(text: str, lexicon: Lexicon, kind: str | None, first: bool) -> _Sentence:
    tokens = tokenize(text)
    start, chunks = 0, []
    if first:
        start, sign = _answer_clause(tokens, lexicon)
        if start and kind:
            sign *= 1.0 if kind == PROBLEMS else -1.0
            chunks.append(_Chunk(0, start - 1, sign * lexicon.setting("answer_to_question"),
                                 lexicon.setting("default_subjectivity"),
                                 shown=f"{_shown(text, tokens, 0, start - 1)} ({_ASKED[kind]})"))
    reader = _Reader(tokens[start:], lexicon, requests=kind == PROBLEMS)
    for chunk in reader.read():
        chunk.first += start
        chunk.last += start
        chunks.append(chunk)
    weights = _contrast_weights(tokens, lexicon)
    for chunk in chunks:
        chunk.weight = weights[min(chunk.last, len(weights) - 1)] if weights else 1.0
    chunks.sort(key=lambda c: c.first)
    return _Sentence(text, tokens, chunks, weights)


def _shown(text: str, tokens: Sequence[Token], first: int, last: int) -> str:
    """The words of tokens ``first``..``last`` as written, lower-cased, spaces collapsed."""
    if last - first >= _MAX_EXPLAINED_WORDS:
        last = first + _MAX_EXPLAINED_WORDS - 1
        return " ".join(text[tokens[first].start: tokens[last].end].lower().split()) + " ..."
    return " ".join(text[tokens[first].start: tokens[last].end].lower().split())


def _phrase(sentence: _Sentence, chunk: _Chunk) -> str:
    if chunk.shown is not None:
        return chunk.shown
    return _shown(sentence.text, sentence.tokens, chunk.first, chunk.last)


def _mean(pairs: list[tuple[float, float]]) -> float:
    """Weighted mean of (weight, value) pairs (0 when there are none)."""
    total = sum(weight for weight, _ in pairs)
    return sum(weight * value for weight, value in pairs) / total if total else 0.0


def _score(chunks: list[tuple[float, _Chunk]]) -> tuple[float, float]:
    """Polarity and subjectivity of weighted chunks, clipped and rounded."""
    polarity = _mean([(w, c.polarity) for w, c in chunks])
    subjectivity = _mean([(w, c.subjectivity) for w, c in chunks])
    # "+ 0.0" turns a rounded -0.0 into 0.0, which reads better in stored JSON
    return round(_clip(polarity), DECIMALS) + 0.0, round(_clip(subjectivity, 0.0), DECIMALS)


def _sentence_sentiment(sentence: _Sentence, band: float) -> SentenceSentiment:
    polarity, subjectivity = _score([(c.weight, c) for c in sentence.chunks])
    explanation = tuple(dict.fromkeys(_phrase(sentence, c) for c in sentence.chunks))
    return SentenceSentiment(sentence.text, label_for(polarity, band), polarity,
                             subjectivity, explanation)


def analyse_sentiment(text: str, question: str | None = None,
                      lexicon: Lexicon | None = None) -> Sentiment:
    """Return the answer-level and per-sentence sentiment of ``text``.

    ``question`` is the question the answer was given to, when known: it changes how
    "nothing" and answers without opinion words read (rule 6). Empty or whitespace-only
    text is neutral with no sentences.
    """
    if not text or not text.strip():
        return Sentiment(NEUTRAL, 0.0, 0.0, (), False)
    lexicon = lexicon or default_lexicon()
    band = lexicon.setting("neutral_band")
    pieces = split_sentences(text)
    kind = question_kind(question, lexicon)
    if kind and _skips_question(text, lexicon):
        kind = None
    sentences = [_read_sentence(piece, lexicon, kind, number == 0)
                 for number, piece in enumerate(pieces)]
    readings = tuple(_sentence_sentiment(sentence, band) for sentence in sentences)
    weighted = [(c.weight, c) for s in sentences for c in s.chunks]
    polarity, subjectivity = _score(weighted)
    labels = {reading.label for reading in readings}
    mixed = POSITIVE in labels and NEGATIVE in labels
    explanation = tuple(dict.fromkeys(_phrase(s, c) for s in sentences for c in s.chunks))
    return Sentiment(label_for(polarity, band), polarity, subjectivity, readings, mixed,
                     explanation)


def _skips_question(text: str, lexicon: Lexicon) -> bool:
    """ "N/A", "don't know": the person skipped the question, whatever it was."""
    words = " ".join(t.text for t in tokenize(text) if t.kind == WORD)
    return words in lexicon.not_applicable
