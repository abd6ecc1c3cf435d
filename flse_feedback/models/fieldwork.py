"""What the forms are about: sites visited, scenario characters, and training sessions."""
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import created_at_column


class Site(db.Model):
    """A service that volunteers visit or assess (a Jobcentre, a GP surgery, a housing office)."""

    __tablename__ = "sites"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    service_type: Mapped[str] = mapped_column(sa.String(120), default="")
    area: Mapped[str] = mapped_column(sa.String(120), default="")
    notes: Mapped[str] = mapped_column(sa.Text, default="")
    # Names masked in exports for partners (for example the staff), one per line.
    names_to_mask: Mapped[str] = mapped_column(sa.Text, default="")
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()

    @property
    def mask_list(self) -> list[str]:
        return [line.strip() for line in self.names_to_mask.splitlines() if line.strip()]

    @property
    def label(self) -> str:
        return self.label_for(self.name, self.area)

    @staticmethod
    def label_for(name: str, area: str) -> str:
        """How a site is named on pages: "Jobcentre Plus (Leeds)", or the name alone."""
        return f"{name} ({area})" if area else name


class Scenario(db.Model):
    """A fictional character biography a shopper plays; written and agreed before any visit."""

    __tablename__ = "scenarios"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(sa.String(200), unique=True)
    character_name: Mapped[str] = mapped_column(sa.String(120), default="")
    age_band: Mapped[str] = mapped_column(sa.String(40), default="")
    gender_presented: Mapped[str] = mapped_column(sa.String(40), default="")
    housing_status: Mapped[str] = mapped_column(sa.String(80), default="")
    needs: Mapped[str] = mapped_column(sa.Text, default="")
    barriers: Mapped[str] = mapped_column(sa.Text, default="")
    presenting_reason: Mapped[str] = mapped_column(sa.Text, default="")
    key_lines: Mapped[str] = mapped_column(sa.Text, default="")
    will_not_discuss: Mapped[str] = mapped_column(sa.Text, default="")
    exit_line: Mapped[str] = mapped_column(sa.Text, default="")
    expected_response: Mapped[str] = mapped_column(sa.Text, default="")
    statutory_processes: Mapped[str] = mapped_column(sa.Text, default="")
    agreed_with_management: Mapped[bool] = mapped_column(default=False)
    codesigned: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()


class TrainingSession(db.Model):
    """One delivery of a course; students answer its feedback form at /training/<slug>."""

    __tablename__ = "training_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    course: Mapped[str] = mapped_column(sa.String(200), default="")
    delivered_on: Mapped[date | None] = mapped_column(sa.Date)
    facilitators: Mapped[str] = mapped_column(sa.String(300), default="")
    lived_experience_codelivery: Mapped[bool] = mapped_column(default=False)
    mode: Mapped[str] = mapped_column(sa.String(20), default="in_person")
    questionnaire_id: Mapped[int] = mapped_column(sa.ForeignKey("questionnaires.id"))
    is_open: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = created_at_column()

    questionnaire = relationship("Questionnaire")


class FollowUpContact(db.Model):
    """An email a student offered for a follow-up, deliberately not linked to their answers."""

    __tablename__ = "follow_up_contacts"

    id: Mapped[int] = mapped_column(primary_key=True)
    training_session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("training_sessions.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(sa.String(254))
    created_at: Mapped[date] = mapped_column(sa.Date)
