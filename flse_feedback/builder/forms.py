"""Forms of the questionnaire builder: plain forms that work without JavaScript."""
from __future__ import annotations

import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..questionnaires.definitions import KINDS
from ..questionnaires.field_types import MultiCheckboxField, as_select_choices

KIND_LABELS = {"mystery_shop": "Mystery shop (volunteers, after a visit)",
               "environment": "Environment assessment (volunteers, walking round a building)",
               "training": "Training feedback (students, anonymous, from a link)"}
KIND_CHOICES = as_select_choices((kind, KIND_LABELS[kind]) for kind in KINDS)
TYPE_LABELS = {
    "yes_no_na": "Yes, no, or not applicable",
    "scale": "A 1 to 5 scale with words for every point",
    "single_choice": "Choose one answer from a list",
    "multi_choice": "Tick every answer that applies",
    "short_text": "A few words",
    "long_text": "A few sentences in their own words",
    "number": "A number or an amount of money",
    "date": "A date",
    "time": "A time of day",
    "email": "An email address",
}
TYPE_CHOICES = as_select_choices(TYPE_LABELS.items())
CODE_PATTERN = re.compile(r"^[A-Za-z0-9_.-]{1,64}$")


def line_field(label, required=False, max_length=200, description=""):
    checks = [DataRequired(f"Enter {label.lower()}.")] if required else [Optional()]
    return StringField(label, validators=checks + [Length(max=max_length)],
                       description=description)


def long_text(label, required=False, description="", max_length=2000):
    checks = [DataRequired(f"Enter {label.lower()}.")] if required else [Optional()]
    return TextAreaField(label, validators=checks + [Length(max=max_length)],
                         description=description)


class BuilderForm(FlaskForm):
    """Refuses a NUL character in any text: PostgreSQL cannot store one in a text column."""

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and "\x00" in field.data:
                field.errors = list(field.errors) + [
                    "Remove the invisible control character (NUL) from this text."]
                valid = False
        return valid


class ActionForm(FlaskForm):
    """A button that changes something (CSRF only)."""


class NewQuestionnaireForm(BuilderForm):
    title = line_field("Title", required=True, description="For example: GP surgery visit 2027")
    kind = RadioField("What kind of questionnaire is it?", choices=KIND_CHOICES,
                      invalid_choice_message="Choose one of the kinds shown.",
                      validators=[DataRequired("Choose what kind of questionnaire this is.")])


class CopyForm(BuilderForm):
    title = line_field("Title of the copy", required=True)


class DetailsForm(BuilderForm):
    title = line_field("Title", required=True)
    intro = long_text("Introduction", description="Shown at the top of the first page.")


class SectionForm(BuilderForm):
    title = line_field("Section title", required=True,
                       description="Each section is one page on a phone.")
    intro = long_text("Introduction to this section")


class ChooseTypeForm(FlaskForm):
    class Meta:
        csrf = False  # a GET form that only chooses what the next page asks

    type = RadioField("What kind of answer?", choices=TYPE_CHOICES,
                      invalid_choice_message="Choose one of the kinds of answer shown.",
                      validators=[DataRequired("Choose what kind of answer this question takes.")])


def parse_choices(lines: str) -> list[dict]:
    """'Label' or 'Label | code' on each line -> [{"value", "label"}].

    :raises ValueError: with a message a person can act on
    """
    from ..questionnaires.definitions import make_key

    choices, taken = [], set()
    for number, line in enumerate((lines or "").splitlines(), start=1):
        if not line.strip():
            continue
        label, _, code = line.rpartition("|") if "|" in line else (line, "", "")
        label, code = label.strip(), code.strip()
        if not label:
            raise ValueError(f"Line {number} has a code but no words to show.")
        if code and not CODE_PATTERN.match(code):
            raise ValueError(f"Line {number}: a code after | can use letters, numbers, "
                             "_ - and . only.")
        value = code or make_key(label, taken, "choice")
        if value in taken:
            raise ValueError(f"Line {number}: the code '{value}' is used twice.")
        taken.add(value)
        choices.append({"value": value, "label": label})
    if len(choices) < 2:
        raise ValueError("Give at least two choices, one on each line.")
    return choices


def choices_text(choices: list[dict]) -> str:
    return "\n".join(f"{c['label']} | {c['value']}" for c in choices or [])


def optional_number(form, field):
    if field.data and field.data.strip():
        try:
            float(field.data.strip())
        except ValueError:
            raise ValidationError("Enter a number, like 0 or 100, or leave this empty.") \
                from None


class QuestionForm(BuilderForm):
    """Every setting a question can have; :func:`question_form` keeps those of one type."""

    text = long_text("Question", required=True, max_length=1000)
    hint = long_text("Hint", max_length=1000,
                     description="Optional. Extra words under the question, like an example.")
    required = BooleanField("People must answer this to send the form",
                            description="Leave this unticked unless the answer is truly needed.")
    choices = TextAreaField(
        "Choices", validators=[Length(max=10_000)],
        description="One on each line. To keep a short code for exports, add it after a |, like "
                    "\"Very helpful | very_helpful\". Keep a choice's code when you reword it, "
                    "so answers to older versions still match.")
    scale_1 = line_field("Words for 1", max_length=100)
    scale_2 = line_field("Words for 2", max_length=100)
    scale_3 = line_field("Words for 3", max_length=100)
    scale_4 = line_field("Words for 4", max_length=100)
    scale_5 = line_field("Words for 5", max_length=100)
    allow_na = BooleanField("Offer \u201cNot applicable or didn't see\u201d")
    minimum = line_field("Smallest number allowed", max_length=20, description="Optional.")
    maximum = line_field("Largest number allowed", max_length=20, description="Optional.")
    decimals = SelectField("Decimal places", choices=as_select_choices(
        [("0", "None: whole numbers"), ("1", "One"), ("2", "Two: an amount of money"),
         ("3", "Three"), ("4", "Four")]), default="0",
        invalid_choice_message="Choose how many decimal places.")
    size = RadioField("How much room for the answer?", choices=as_select_choices([
        ("short_text", "A few words (one line)"),
        ("long_text", "A few sentences (a bigger box)")]),
        invalid_choice_message="Choose one of the sizes shown.")
    keep_apart = BooleanField("Keep this away from the answers",
                              description="For a follow-up email: it is stored apart, with no "
                                          "link to the person's answers.")

    SCALE = ("scale_1", "scale_2", "scale_3", "scale_4", "scale_5")
    BY_TYPE = {"single_choice": {"choices"}, "multi_choice": {"choices"},
               "scale": set(SCALE) | {"allow_na"},
               "number": {"minimum", "maximum", "decimals"}, "email": {"keep_apart"},
               "short_text": {"size"}, "long_text": {"size"}}
    COMMON = {"csrf_token", "text", "hint", "required"}

    def validate_minimum(self, field):
        optional_number(self, field)

    def validate_maximum(self, field):
        optional_number(self, field)
        low, high = self._number(self.minimum), self._number(field)
        if low is not None and high is not None and low > high:
            raise ValidationError("The largest number must not be smaller than the smallest.")

    @staticmethod
    def _number(field):
        try:
            value = float(field.data.strip()) if field.data and field.data.strip() else None
        except ValueError:
            return None
        return int(value) if value is not None and value.is_integer() else value

    def options(self, qtype: str) -> dict:
        """The type's settings, as stored in the question's options (after validation)."""
        if qtype in ("single_choice", "multi_choice"):
            return {"choices": parse_choices(self.choices.data)}
        if qtype == "scale":
            return {"scale": [self[name].data.strip() for name in self.SCALE],
                    "allow_na": bool(self.allow_na.data)}
        if qtype == "number":
            options = {"decimals": int(self.decimals.data or 0)}
            for name, field in (("min", self.minimum), ("max", self.maximum)):
                if self._number(field) is not None:
                    options[name] = self._number(field)
            return options
        if qtype == "email":
            return {"keep_apart": bool(self.keep_apart.data)}
        return {}

    def check_type_settings(self, qtype: str) -> bool:
        """Checks that depend on the type; errors go on the fields concerned."""
        ok = True
        if qtype in ("single_choice", "multi_choice"):
            try:
                parse_choices(self.choices.data)
            except ValueError as error:
                self.choices.errors.append(str(error))
                ok = False
        if qtype == "scale":
            for name in self.SCALE:
                if not (self[name].data or "").strip():
                    self[name].errors.append(f"Enter the words for point {name[-1]}.")
                    ok = False
        return ok


def question_form(qtype: str, **kwargs) -> QuestionForm:
    """A question form with only the settings that ``qtype`` uses."""
    form = QuestionForm(**kwargs)
    keep = QuestionForm.COMMON | QuestionForm.BY_TYPE.get(qtype, set())
    for name in [name for name in form._fields if name not in keep]:
        delattr(form, name)
    return form


def question_form_data(question) -> dict:
    """Form data for an existing question."""
    options = question.options or {}
    data = {"text": question.text, "hint": question.hint, "required": question.required,
            "choices": choices_text(options.get("choices", [])),
            "allow_na": bool(options.get("allow_na")),
            "keep_apart": bool(options.get("keep_apart")),
            "minimum": "" if options.get("min") is None else str(options["min"]),
            "maximum": "" if options.get("max") is None else str(options["max"]),
            "decimals": str(options.get("decimals", 0) or 0), "size": question.type}
    for point, words in enumerate(options.get("scale", []), start=1):
        data[f"scale_{point}"] = words
    return data


class ObjectiveForm(BuilderForm):
    objective = line_field(
        "The learning objective", required=True, max_length=300,
        description="Finish the sentence “my confidence in …”, for example: "
                    "responding when someone tells me about domestic abuse")


class ConditionForm(FlaskForm):
    answers = MultiCheckboxField("Show this question only if the answer was")


class ImportJsonForm(FlaskForm):
    file = FileField("A questionnaire file (.json)")
    pasted = TextAreaField("Or paste the definition here", validators=[Length(max=1_000_000)])


class ImportXlsFormForm(FlaskForm):
    file = FileField("An XLSForm spreadsheet (.xlsx)")
    kind = RadioField("What kind of questionnaire is it?", choices=KIND_CHOICES,
                      invalid_choice_message="Choose one of the kinds shown.",
                      validators=[DataRequired("Choose what kind of questionnaire this is.")])
