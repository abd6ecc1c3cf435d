"""Forms for the records admins manage (shape checks only)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, EmailField, PasswordField, RadioField, SelectField
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..models import Role
from ..questionnaires.field_types import as_select_choices

ROLE_CHOICES = as_select_choices((r.value, r.label) for r in Role)
MODE_CHOICES = as_select_choices(
    [("in_person", "In person"), ("online", "Online"), ("hybrid", "Hybrid")])


def text(label, required=False, max_length=200, description=""):
    """A one-line text field; required ones say so in plain words."""
    checks = [DataRequired(f"Enter {label.lower()}.")] if required else [Optional()]
    return StringField(label, validators=checks + [Length(max=max_length)],
                       description=description)


def long_text(label, description=""):
    return TextAreaField(label, validators=[Optional(), Length(max=10_000)],
                         description=description)


class UserForm(FlaskForm):
    email = EmailField("Email address", validators=[DataRequired("Enter an email address."),
                                                    Length(max=254)])
    name = text("Name", max_length=120)
    role = RadioField("Role", choices=ROLE_CHOICES, default="volunteer",
                      validators=[DataRequired("Choose a role.")])
    active = BooleanField("Account can log in", default=True)
    password = PasswordField("Password", description="At least 8 characters. Leave empty to keep "
                             "the current password.", validators=[Optional(), Length(max=500)])


class SiteForm(FlaskForm):
    name = text("Name", required=True, description="For example: Jobcentre Plus, Brighton")
    service_type = text("Type of service", description="For example: Jobcentre, GP surgery")
    area = text("Town or area")
    notes = long_text("Notes")
    names_to_mask = long_text(
        "Names to hide in exports for partners",
        description="One per line, for example the names of staff at this site.")
    active = BooleanField("Volunteers can choose this site", default=True)


class ScenarioForm(FlaskForm):
    title = text("Scenario name", required=True,
                 description="A short name volunteers will recognise, like 'Sam, sofa surfing'")
    character_name = text("Character's name (made up)", max_length=120)
    age_band = text("Age band", max_length=40)
    gender_presented = text("Gender presented", max_length=40)
    housing_status = text("Housing situation", max_length=80)
    needs = long_text("Needs portrayed")
    barriers = long_text("Barriers portrayed", description="For example: no photo ID, no phone")
    presenting_reason = long_text("Reason for the visit")
    key_lines = long_text("Key lines: what to ask for")
    will_not_discuss = long_text("What the shopper will not talk about")
    exit_line = long_text("Exit line: how to leave if it feels uncomfortable")
    expected_response = long_text("What a good response looks like")
    statutory_processes = long_text("Processes this scenario could set off",
                                    description="For example: a safeguarding referral")
    agreed_with_management = BooleanField("Agreed with the service's management")
    codesigned = BooleanField("Designed with people with lived experience")
    active = BooleanField("Volunteers can choose this scenario", default=True)


class TrainingSessionForm(FlaskForm):
    title = text("Session title", required=True)
    slug = text("Link name", max_length=80,
                description="The end of the public link, like 'social-work-trauma-2026'. "
                            "Leave empty to make one from the title.")
    course = text("Course")
    delivered_on = DateField("Date", validators=[Optional()])
    facilitators = text("Facilitators", max_length=300)
    lived_experience_codelivery = BooleanField("Co-delivered by someone with lived experience")
    mode = RadioField("How it was delivered", choices=MODE_CHOICES, default="in_person")
    questionnaire_id = SelectField("Feedback form", coerce=int)
    is_open = BooleanField("Open for feedback", default=True)


class ConfirmDeleteForm(FlaskForm):
    confirm = BooleanField("I understand this deletes the account and everything this person "
                           "sent, and cannot be undone",
                           validators=[DataRequired("Tick the box to confirm.")])


class PhraseListForm(FlaskForm):
    phrases = TextAreaField(
        "Words and phrases", validators=[Length(max=20_000)],
        description="One per line. Matching ignores capital letters and word endings "
                    "(\"overdose\" also finds \"overdosed\"), and flags an answer even when "
                    "the words are negated (\"not suicidal\"), so a person reads it.")

    def phrase_list(self) -> list[str]:
        return [line.strip() for line in (self.phrases.data or "").splitlines() if line.strip()]
