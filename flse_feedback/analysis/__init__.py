"""Text analysis for free-text feedback: sentence splitting, sentiment and theme tagging.

This package imports neither Flask nor the database (SQLAlchemy), on purpose: its
functions are pure, so they can be tested without an app, run from a command-line
re-analysis or a background job, and reused outside the web app. The codebook is passed
in as ``CodebookTheme`` objects; the app builds them from its database rows (or from
``load_default_codebook()`` when seeding) and stores the results itself.

Nothing here needs NLTK data: TextBlob is used only for its bundled pattern sentiment
lexicon, and sentences, words and stems come from this package's own small functions.
The sentiment rules' words and numbers live in the editable ``sentiment_lexicon.json``
(``lexicon.py``); ``analyse_text`` takes the question an answer was given to, because
"Nothing" means one thing to "What could be improved?" and another to "What was good?".
"""

from .lexicon import Lexicon, LexiconError, default_lexicon, read_lexicon
from .masking import mask_text
from .pipeline import ANALYSER_VERSION, TextAnalysis, analyse_text
from .questions import PRAISE, PROBLEMS, question_kind
from .safeguarding import SafeguardingCategory, flag_text, load_default_categories
from .sentences import split_sentences
from .sentiment import (
    NEUTRAL_BAND,
    SentenceSentiment,
    Sentiment,
    analyse_sentiment,
    label_for,
)
from .stemming import stem
from .themes import (
    CodebookTheme,
    ThemeMatch,
    find_matches,
    is_thin_answer,
    load_default_codebook,
    tag_themes,
)

__all__ = [
    "ANALYSER_VERSION",
    "NEUTRAL_BAND",
    "CodebookTheme",
    "Lexicon",
    "LexiconError",
    "PRAISE",
    "PROBLEMS",
    "SafeguardingCategory",
    "SentenceSentiment",
    "Sentiment",
    "TextAnalysis",
    "ThemeMatch",
    "analyse_sentiment",
    "analyse_text",
    "default_lexicon",
    "find_matches",
    "flag_text",
    "is_thin_answer",
    "label_for",
    "load_default_categories",
    "load_default_codebook",
    "mask_text",
    "question_kind",
    "read_lexicon",
    "split_sentences",
    "stem",
    "tag_themes",
]
