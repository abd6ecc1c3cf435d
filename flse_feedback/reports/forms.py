"""Forms of the reports area (shape checks only; services decide the rest)."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional
from wtforms.widgets import DateInput

DATE_HINT = "For example 2026-11-30."
LONG = "Keep it to 5,000 characters or fewer."
SHORT = "Keep it to 200 characters or fewer."


class _DayInput(DateInput):
    """A date input; a text input when what was typed is not a date, so it can be shown again
    as typed (a date input may not hold such a value)."""

    def __call__(self, field, **kwargs):
        if field.raw_data and any(field.raw_data) and field.data is None:
            kwargs.setdefault("type", "text")
        return super().__call__(field, **kwargs)


class DayField(DateField):
    """A date field whose error says what to type."""

    widget = _DayInput()

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError(f"Enter a real date. {DATE_HINT}") from None


def _day(label: str, name: str, description: str = "") -> DayField:
    return DayField(label, name=name, validators=[Optional()], description=description)


class PeriodForm(FlaskForm):
    """The dates a site report covers, read from the address (?from=...&to=...)."""

    class Meta:
        csrf = False

    since = _day("From", "from", "Responses sent on or after this day. Leave empty for all.")
    until = _day("To", "to", "Responses sent on or before this day. Leave empty for all.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if valid and self.since.data and self.until.data and self.since.data > self.until.data:
            self.until.errors.append("The end date must be on or after the start date.")
            return False
        return valid


class CompareForm(FlaskForm):
    """Two rounds of visits to compare, read from the address."""

    class Meta:
        csrf = False

    before_from = _day("First round from", "before_from")
    before_to = _day("First round to", "before_to")
    after_from = _day("Second round from", "after_from")
    after_to = _day("Second round to", "after_to")

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        fields = (self.before_from, self.before_to, self.after_from, self.after_to)
        for field in fields:
            if field.data is None:
                field.errors.append(f"Enter the date. {DATE_HINT}")
        if any(field.errors for field in fields):
            return False
        for start, end in ((self.before_from, self.before_to), (self.after_from, self.after_to)):
            if start.data > end.data:
                end.errors.append("The end of a round must be on or after its start.")
        if not self.before_to.errors and self.after_from.data <= self.before_to.data:
            self.after_from.errors.append("The second round must start after the first ends.")
        return not any(field.errors for field in fields)


class RecommendationForm(FlaskForm):
    text = TextAreaField("Recommendation", validators=[
        DataRequired("Write the recommendation."),
        Length(max=5000, message=LONG)],
        description="The change, in plain words a partner can act on.")
    area = StringField("Area", validators=[Length(max=200, message=SHORT)],
                       description="For example Reception, Waiting area, Toilets.")
    owner = StringField("Who will act on it", validators=[Length(max=200, message=SHORT)],
                        description="A person or team at the partner. Not a volunteer.")
    due_on = _day("Due by", "due_on", DATE_HINT + " Optional.")
    note = TextAreaField("Note for the history", validators=[Length(max=5000, message=LONG)],
                         description="Optional: why, or what was said.")


class NewRecommendationForm(RecommendationForm):
    happened_on = _day("When was it proposed?", "happened_on",
                       DATE_HINT + " Leave empty for today.")


class StatusForm(FlaskForm):
    status = RadioField("Where has it got to?", choices=[],
                        validate_choice=False, validators=[Optional()])
    note = TextAreaField("Note", validators=[Length(max=5000, message=LONG)],
                         description="What happened, or why. This is kept in the history.")
    happened_on = _day("When did this happen?", "happened_on",
                       DATE_HINT + " Leave empty for today.")


class QuoteForm(FlaskForm):
    chosen = BooleanField("Use this quote in reports for partners")
    text = TextAreaField(
        "Wording shown to partners",
        validators=[Length(max=5000, message="Keep the quote to 5,000 characters or fewer.")],
        description="Change anything that could identify someone. The answer as it was given "
                    "stays stored unchanged. Leave as it is, or empty, to quote the answer "
                    "as given (emails, phone numbers, postcodes and listed names are always "
                    "hidden).")
