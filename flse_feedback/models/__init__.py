"""All models, imported here so Alembic's autogenerate sees every table."""
from .analysis import (
    MachineFlag, MachineSentiment, MachineTheme, SafeguardingCategory, Theme)
from .audit import AuditEvent, LoginFailure
from .fieldwork import FollowUpContact, Scenario, Site, TrainingSession
from .reports import (
    PartnerQuote, Recommendation, RecommendationEvent, RecommendationEvidence,
    RecommendationStatus)
from .questionnaire import Kind, Question, Questionnaire, QuestionnaireVersion, Section
from .response import Answer, PendingAnswers, Response, Status
from .review import HumanSentiment, HumanTheme, ResponseReview
from .user import Role, SetupToken, User

__all__ = [
    "Answer", "AuditEvent", "FollowUpContact", "HumanSentiment", "HumanTheme", "Kind",
    "LoginFailure", "MachineFlag", "MachineSentiment", "MachineTheme", "PartnerQuote",
    "PendingAnswers", "Question", "Questionnaire", "QuestionnaireVersion", "Recommendation",
    "RecommendationEvent", "RecommendationEvidence", "RecommendationStatus", "Response",
    "ResponseReview", "Role",
    "SafeguardingCategory", "Scenario", "Section", "SetupToken", "Site", "Status", "Theme",
    "TrainingSession", "User",
]
