"""Forms in the review area (shape checks only; services decide the rest)."""
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional


class TagDecisionForm(FlaskForm):
    """Carries CSRF; the theme checkboxes and sentiment radios are read from the request, as
    their choices depend on the answer."""


class ReviewNoteForm(FlaskForm):
    reviewed = BooleanField("I have reviewed this response")
    note = TextAreaField(
        "Private note", description="Only coproduction workers and admins see this.",
        validators=[Length(max=10_000, message="Keep the note to 10,000 characters or fewer.")])


class ThemeForm(FlaskForm):
    theme_id = StringField(
        "Theme id", validators=[Optional(), Length(max=64)],
        description="A short code used in exports and reports, like 'food_and_drink'. "
                    "It cannot be changed later.")
    name = StringField("Name", validators=[DataRequired("Enter a name for the theme."),
                                           Length(max=200)])
    definition = TextAreaField("What to code here", validators=[Length(max=5000)])
    keywords = TextAreaField(
        "Keywords and phrases", validators=[Length(max=20_000)],
        description="One per line. Matching ignores capital letters and word endings "
                    "(\"wait\" finds \"waited\" and \"waiting\"), needs whole words, and "
                    "ignores negation: \"not rude\" still tags staff attitude, because a theme "
                    "is about the topic; whether it was good or bad is the sentiment. Answers "
                    "of fewer than three words get no theme.")
    active = BooleanField("In use (untick to retire the theme; its past tags stay in reports)",
                          default=True)
