"""The question types a questionnaire can use, each knowing how to become a WTForms field.

One registry (``FIELD_TYPES``) instead of an if/elif chain: adding a type means adding a class.
Every type turns form data into a JSON-ready value (``to_value``), turns a stored value back into
field data for a returning person (``to_field_data``) and into words for people (``display``).
"""
from __future__ import annotations

from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from wtforms import fields, validators, widgets
from wtforms.fields import SelectChoice
from wtforms.validators import ValidationError

NOT_APPLICABLE = "na"
YES_NO_NA_CHOICES = [("yes", "Yes"), ("no", "No"), (NOT_APPLICABLE, "Not applicable or didn't see")]
SHORT_TEXT_MAX = 500
LONG_TEXT_MAX = 10_000


class MultiCheckboxField(fields.SelectMultipleField):
    """A list of checkboxes: easier to tap on a phone than a multi-select box."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class NumberText(fields.StringField):
    """A number typed as text, so phones show a number pad yet nothing typed is ever thrown away.

    It keeps its question so the number check knows the question's limits and decimals.
    """

    def __init__(self, *args, question=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.question = question


class BlankIsOptional(validators.Optional):
    """WTForms' Optional, judged on every value sent rather than the first one only.

    Otherwise a checkbox list posted as ``["", "not-a-choice"]`` would count as unanswered and
    the check that each value is one of the choices would be skipped.
    """

    def __call__(self, form, field):
        if any(not isinstance(value, str) or self.string_check(value)
               for value in (field.raw_data or [])):
            return
        field.errors[:] = []
        raise validators.StopValidation()


def normalise_newlines(text):
    """CR LF and CR become LF, so limits count characters the way the browser does."""
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


def optional_int(value) -> int | None:
    """Coerce a select's value to an id; the empty placeholder option becomes None."""
    return None if value in (None, "") else int(value)


def as_select_choices(pairs) -> list[SelectChoice]:
    """WTForms wants SelectChoice objects; (value, label) pairs are easier to write and read."""
    return [SelectChoice(value, label) for value, label in pairs]


class FieldType:
    """Base class: a free-text-free, single-value question type."""

    name = ""
    is_free_text = False
    required_message = "Answer this question to carry on."

    # Text types treat whitespace as blank; choice types must not, or " " would skip the check
    # that the answer is one of the choices.
    blank_is_whitespace = True

    def build(self, question, enforce_required: bool, note: str = ""):
        """Return an unbound WTForms field for ``question``.

        :param note: words added to the hint (for example when to answer a conditional question)
        """
        chain = [self.required_validator()] if (question.required and enforce_required) else [
            BlankIsOptional(strip_whitespace=self.blank_is_whitespace)]
        chain += self.validators(question)
        return self.field_class(question)(
            label=question.text, description=" ".join(filter(None, (question.hint, note))),
            validators=chain,
            **self.field_kwargs(question))

    def required_validator(self):
        return validators.InputRequired(message=self.required_message)

    def validators(self, question) -> list:
        return []

    def field_kwargs(self, question) -> dict:
        return {}

    def field_class(self, question):
        raise NotImplementedError

    def to_value(self, question, data) -> Any:
        """JSON value to store, or None when the question was left blank."""
        return data if data not in (None, "", []) else None

    def to_field_data(self, question, value) -> Any:
        return value

    def display(self, question, value) -> str:
        return "" if value is None else str(value)


class ChoiceType(FieldType):
    """Choose one answer from a list of radio buttons."""

    name = "single_choice"
    required_message = "Choose an answer to carry on."
    blank_is_whitespace = False

    def choices(self, question) -> list[tuple[str, str]]:
        return [(c["value"], c["label"]) for c in question.options.get("choices", [])]

    def field_class(self, question):
        return fields.RadioField

    def field_kwargs(self, question) -> dict:
        return {"choices": as_select_choices(self.choices(question)),
                "invalid_choice_message": "Choose one of the answers shown."}

    def display(self, question, value) -> str:
        return dict(self.choices(question)).get(value, "" if value is None else str(value))


class YesNoType(ChoiceType):
    """Yes, no, or not applicable: most checklist items."""

    name = "yes_no_na"

    def choices(self, question):
        return YES_NO_NA_CHOICES


class ScaleType(ChoiceType):
    """A 1 to 5 rating with words on every point, and optionally 'not applicable'."""

    name = "scale"

    def choices(self, question):
        words = question.options.get("scale", [])
        choices = [(str(point), f"{point} – {word}") for point, word in enumerate(words, start=1)]
        if question.options.get("allow_na"):
            choices.append((NOT_APPLICABLE, "Not applicable or didn't see"))
        return choices

    def to_value(self, question, data):
        if data in (None, ""):
            return None
        return NOT_APPLICABLE if data == NOT_APPLICABLE else int(data)

    def to_field_data(self, question, value):
        return None if value is None else str(value)

    def display(self, question, value) -> str:
        return super().display(question, self.to_field_data(question, value))


class MultiChoiceType(ChoiceType):
    """Tick every answer that applies."""

    name = "multi_choice"
    required_message = "Tick at least one answer to carry on."

    def field_class(self, question):
        return MultiCheckboxField

    def display(self, question, value) -> str:
        labels = dict(self.choices(question))
        return "; ".join(labels.get(v, str(v)) for v in (value or []))

    def to_value(self, question, data):
        """The ticked values once each, in the order sent (a repeated value counts once)."""
        values = [value for value in dict.fromkeys(data or []) if value != ""]
        return values or None


class ShortTextType(FieldType):
    """A few words."""

    name = "short_text"
    is_free_text = True
    max_length = SHORT_TEXT_MAX
    required_message = "Write an answer to carry on."

    def field_class(self, question):
        return fields.StringField

    def required_validator(self):
        return validators.DataRequired(message=self.required_message)  # spaces are not an answer

    def field_kwargs(self, question) -> dict:
        # Browsers count a line break as one character, the server would count CR LF as two.
        return {"filters": [normalise_newlines]}

    def validators(self, question):
        return [validators.Length(
            max=self.max_length,
            message=f"Keep this to {self.max_length:,} characters or fewer. "
                    "Everything you wrote is still in the box.")]

    def to_value(self, question, data):
        text = (data or "").strip()
        return text or None


class LongTextType(ShortTextType):
    """A few sentences in the person's own words."""

    name = "long_text"
    max_length = LONG_TEXT_MAX

    def field_class(self, question):
        return fields.TextAreaField


class EmailType(ShortTextType):
    """An email address; with ``keep_apart`` it is stored away from the answers on submit."""

    name = "email"
    is_free_text = False
    max_length = 254

    def field_class(self, question):
        return fields.EmailField

    def validators(self, question):
        return super().validators(question) + [validators.Email(
            message="Enter an email address like name@example.com, or leave this empty.")]


MAX_DIGITS = 12  # no question needs a number of 13 digits or more


def _range_message(low, high) -> str:
    if low is not None and high is not None:
        return f"Enter a number between {low} and {high}."
    return f"Enter a number of {low} or more." if low is not None else \
        f"Enter a number of {high} or less."


class NumberType(FieldType):
    """A whole number or an amount of money, checked against the question's limits."""

    name = "number"
    required_message = "Enter a number to carry on."

    def field_class(self, question):
        return NumberText

    def field_kwargs(self, question):
        mode = "decimal" if question.options.get("decimals") else "numeric"
        return {"question": question, "render_kw": {"inputmode": mode, "autocomplete": "off"}}

    def validators(self, question):
        return [self._check_number]

    @staticmethod
    def parse(question, text) -> Decimal:
        """Parse what was typed, rounded to the question's decimals, within its limits.

        :raises ValueError: with a message a person can act on
        """
        cleaned = (text or "").strip().replace(",", "").lstrip("£")
        decimals = int(question.options.get("decimals", 0) or 0)
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError("Enter a number, like 15." if not decimals
                             else "Enter an amount, like 4.50.") from None
        if not number.is_finite():
            raise ValueError("Enter a number, like 15.")
        low, high = (question.options.get(name) for name in ("min", "max"))
        # Checked before any arithmetic: "1e1000000" must not tie up the server.
        if number and number.adjusted() > MAX_DIGITS:
            raise ValueError(_range_message(low, high) if low is not None or high is not None
                             else "Enter a smaller number.")
        if not decimals and number != number.to_integral_value():
            raise ValueError("Enter a whole number, like 15.")
        number = number.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
        if (low is not None and number < Decimal(str(low))) or \
                (high is not None and number > Decimal(str(high))):
            raise ValueError(_range_message(low, high))
        return number

    def _check_number(self, form, field):
        try:
            self.parse(field.question, field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def to_value(self, question, data):
        if data is None or not str(data).strip():
            return None
        number = self.parse(question, data)
        return float(number) if question.options.get("decimals") else int(number)

    def to_field_data(self, question, value):
        return None if value is None else str(value)


class DateType(FieldType):
    """A calendar date, stored as ISO text (YYYY-MM-DD)."""

    name = "date"
    required_message = "Enter a date to carry on."

    def field_class(self, question):
        return fields.DateField

    # The date box sends YYYY-MM-DD; phones without one let people type the UK way.
    formats = ["%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d %m %Y", "%d.%m.%Y"]

    def field_kwargs(self, question):
        return {"format": self.formats,
                "invalid_value_message": "Enter a real date, for example 26/11/2026."}

    def validators(self, question):
        return [self._sensible_year]

    @staticmethod
    def _sensible_year(form, field):
        """Years before 1900 are typing slips (and cannot be shown back in the date box)."""
        if isinstance(field.data, date) and not 1900 <= field.data.year <= 2100:
            raise ValidationError("Enter a real date, for example 26/11/2026.")

    def to_value(self, question, data):
        return data.isoformat() if isinstance(data, date) else None

    def to_field_data(self, question, value):
        return date.fromisoformat(value) if value else None


class TimeType(FieldType):
    """A time of day, stored as HH:MM."""

    name = "time"
    required_message = "Enter a time to carry on."

    def field_class(self, question):
        return fields.TimeField

    def field_kwargs(self, question):
        return {"invalid_value_message": "Enter a time, for example 14:30."}

    def to_value(self, question, data):
        return data.strftime("%H:%M") if isinstance(data, time) else None

    def to_field_data(self, question, value):
        return time.fromisoformat(value) if value else None


FIELD_TYPES: dict[str, FieldType] = {
    field_type.name: field_type
    for field_type in (YesNoType(), ScaleType(), ChoiceType(), MultiChoiceType(), ShortTextType(),
                       LongTextType(), NumberType(), DateType(), TimeType(), EmailType())
}
FREE_TEXT_TYPES = frozenset(name for name, ft in FIELD_TYPES.items() if ft.is_free_text)
