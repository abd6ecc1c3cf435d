"""All models, imported here so Alembic's autogenerate sees every table."""
from .analysis import (
    MachineFlag, MachineSentiment, MachineTheme, SafeguardingCategory, Theme)
from .audit import AuditEvent, LoginFailure
from .effective import EffectiveSentiment, EffectiveTheme
from .fieldwork import FollowUpContact, Scenario, Site, TrainingSession
from .questionnaire import Kind, Question, Questionnaire, QuestionnaireVersion, Section
from .reports import (
    PartnerQuote, Recommendation, RecommendationEvent, RecommendationEvidence,
    RecommendationStatus)
from .response import Answer, PendingAnswers, Response, Status
from .review import HumanSentiment, HumanTheme, ResponseReview
from .summary_counts import CountedResponses, CountedTexts, CountedThemes, CountedValues
from . import search  # noqa: F401 - registers the word-search index with the answers table
from .user import Role, SetupToken, User

__all__ = [
    "Answer", "AuditEvent", "CountedResponses", "CountedTexts", "CountedThemes", "CountedValues",
    "EffectiveSentiment", "EffectiveTheme", "FollowUpContact",
    "HumanSentiment", "HumanTheme", "Kind", "LoginFailure", "MachineFlag", "MachineSentiment",
    "MachineTheme", "PartnerQuote", "PendingAnswers", "Question", "Questionnaire",
    "QuestionnaireVersion", "Recommendation", "RecommendationEvent", "RecommendationEvidence",
    "RecommendationStatus", "Response", "ResponseReview", "Role", "SafeguardingCategory",
    "Scenario", "Section", "SetupToken", "Site", "Status", "Theme", "TrainingSession", "User",
]
