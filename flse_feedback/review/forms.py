"""Forms in the review area (shape checks only; services decide the rest)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, TextAreaField
from wtforms.validators import Length


class TagDecisionForm(FlaskForm):
    """Carries CSRF; the theme checkboxes and sentiment radios are read from the request, as
    their choices depend on the answer."""


class ReviewNoteForm(FlaskForm):
    reviewed = BooleanField("I have reviewed this response")
    note = TextAreaField(
        "Private note", description="Only coproduction workers and admins see this.",
        validators=[Length(max=10_000, message="Keep the note to 10,000 characters or fewer.")])
