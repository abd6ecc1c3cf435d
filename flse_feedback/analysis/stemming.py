"""A small suffix-stripping stemmer, so codebook keywords match the forms people write.

Why not NLTK's Porter or Snowball stemmer? NLTK is installed with TextBlob, but the
project avoids anything that might reach for NLTK data (which cannot be downloaded on
many users' machines), and a keyword tagger needs only the common English inflections:
"waited / waiting / waits / wait", "explained / explaining", "delays / delayed",
"judged / judge", "services / service". This module does those, in the spirit of
Porter's steps 1a, 1b and 5, and nothing derivational: "judgemental" stays apart from
"judge", "kindness" from "kind", "referral" from "refer". Irregular forms ("children",
"paid", "told") are left alone; list them as keywords when they matter.

The rules, in order (each applies once, and no stem is ever shorter than three letters,
so short words such as "bus", "was" or "use" keep their form):

1. plurals and third person: "sses" -> "ss", "ies" -> "y", a final "s" is dropped
   unless the word ends in "ss", "us" or "is" ("access", "status", "crisis" stay);
2. past tense and participles: "eed" -> "ee" after a vowel-consonant stem ("agreed");
   "ied" -> "y" ("worried"); "ed" and "ing" are dropped when the rest holds a vowel;
   then a doubled final consonant is undoubled ("stopped" -> "stop", but "called" keeps
   "ll"), or an "e" is restored to a short consonant-vowel-consonant stem
   ("caring" -> "care", "hoping" -> "hope"), so "care" never becomes "car", and to
   "-ue" verbs ("queuing" -> "queue", as "queueing" gives);
3. a final silent "e" is dropped from longer stems ("judge" -> "judg", "services" ->
   "servic") so that it meets "judged" -> "judg"; short stems keep it ("care", "rude").

Stems are matching keys, not words to show anyone: the tagger reports the phrase as it
appears in the text.
"""

from __future__ import annotations

MIN_STEM = 3
"""No rule may leave fewer letters than this ("uses" stays "use", never "us")."""

_VOWELS = frozenset("aeiou")
_NO_UNDOUBLE = frozenset("lsz")
_NO_CVC_END = frozenset("wxy")


def _is_consonant(word: str, i: int) -> bool:
    """Porter's definition: "y" after a consonant acts as a vowel ("baby", "try")."""
    letter = word[i]
    if letter in _VOWELS:
        return False
    if letter == "y":
        return i == 0 or not _is_consonant(word, i - 1)
    return True


def _measure(stem: str) -> int:
    """Count vowel-consonant sequences, Porter's rough count of syllables after the first."""
    pattern = "".join("c" if _is_consonant(stem, i) else "v" for i in range(len(stem)))
    return pattern.count("vc")


def _has_vowel(stem: str) -> bool:
    """A stem with no vowel ("th" from "thing", "br" from "bring") is not a real stem."""
    return any(not _is_consonant(stem, i) for i in range(len(stem)))


def _ends_cvc(stem: str) -> bool:
    """True for a short-vowel ending like "hop" or "car", where a silent "e" must stay."""
    if len(stem) < 3 or stem[-1] in _NO_CVC_END:
        return False
    return (_is_consonant(stem, len(stem) - 1)
            and not _is_consonant(stem, len(stem) - 2)
            and _is_consonant(stem, len(stem) - 3))


def _strip_plural(word: str) -> str:
    """Rule 1: plurals and third-person "-s", keeping "ss", "us" and "is" endings."""
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("ies") and len(word) - 3 + 1 >= MIN_STEM:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        stem = word[:-1]
        if len(stem) >= MIN_STEM and _has_vowel(stem):
            return stem
    return word


def _tidy_after_suffix(stem: str) -> str:
    """Undouble "stopp" -> "stop"; restore the "e" of short stems ("car" -> "care") and "-ue"."""
    last = stem[-1]
    if len(stem) > MIN_STEM and last == stem[-2] and last not in _NO_UNDOUBLE \
            and _is_consonant(stem, len(stem) - 1):
        return stem[:-1]
    if stem.endswith("u") or (_measure(stem) == 1 and _ends_cvc(stem)):
        return stem + "e"
    return stem


def _strip_verb_ending(word: str) -> str:
    """Rule 2: "-eed", "-ied", "-ed" and "-ing"."""
    if word.endswith("eed"):
        return word[:-1] if _measure(word[:-3]) > 0 else word
    if word.endswith("ied") and len(word) - 3 + 1 >= MIN_STEM:
        return word[:-3] + "y"
    for suffix in ("ed", "ing"):
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) >= MIN_STEM and _has_vowel(stem):
                return _tidy_after_suffix(stem)
            return word
    return word


def _strip_final_e(word: str) -> str:
    """Rule 3: drop a silent final "e" unless the stem is short ("care", "rude", "safe")."""
    if not word.endswith("e") or len(word) - 1 < MIN_STEM:
        return word
    stem = word[:-1]
    measure = _measure(stem)
    if measure > 1 or (measure == 1 and not _ends_cvc(stem)):
        return stem
    return word


def stem(word: str) -> str:
    """Return the matching key of one lower-case word.

    Words that are not purely alphabetic (numbers, "i'd", "b&b" parts) and words of
    fewer than four letters are returned unchanged, because stripping them only
    creates collisions. The input is lower-cased defensively.
    """
    word = word.lower()
    if len(word) <= MIN_STEM or not word.isalpha():
        return word
    word = _strip_plural(word)
    word = _strip_verb_ending(word)
    return _strip_final_e(word)
