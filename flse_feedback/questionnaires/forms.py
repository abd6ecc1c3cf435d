"""Build a WTForms form for one section of a stored questionnaire version.

A fresh form class is made on every call and fields are set on it, never on a shared base class,
so no field can leak from one questionnaire or version into another.
"""
from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm

from .field_types import FIELD_TYPES


TIMED_OUT = ("This page was open for a long time, so we could not save it yet. Your answers are "
             "still here: please press the button again.")


class SectionForm(FlaskForm):
    """Base for generated section forms; carries CSRF only."""


def build_section_form(section, enforce_required: bool = True) -> type[SectionForm]:
    """Return a new form class with one field per question of ``section``.

    :param section: a :class:`~flse_feedback.models.Section`
    :param enforce_required: False when the person is going Back or saving to finish later:
        required questions may stay empty until they submit, but what they typed is still checked.
    """
    form_class = type("QuestionnaireSectionForm", (SectionForm,), {})
    for question in section.questions:
        field = FIELD_TYPES[question.type].build(question, enforce_required)
        setattr(form_class, question.field_name, field)
    return form_class


def initial_data(section, stored: dict[int, Any]) -> dict[str, Any]:
    """Field data for a section from stored answer values (question id -> value)."""
    return {
        q.field_name: FIELD_TYPES[q.type].to_field_data(q, stored[q.id])
        for q in section.questions if q.id in stored
    }


def answers_from_form(form: SectionForm, section) -> dict[int, Any]:
    """Question id -> JSON value (None for a blank answer) from a validated form."""
    return {
        q.id: FIELD_TYPES[q.type].to_value(q, form[q.field_name].data)
        for q in section.questions
    }


def missing_required(version, stored: dict[int, Any]) -> list:
    """Required questions of ``version`` with no stored answer, in form order."""
    return [q for q in version.questions() if q.required and stored.get(q.id) is None]


def display_value(question, value) -> str:
    """An answer in words, as the person chose it."""
    return FIELD_TYPES[question.type].display(question, value)


def error_summary(form) -> list[tuple[str, str]]:
    """(field id, message) for every error, in page order, for the summary at the top.

    A failed CSRF check is reported in plain words, without a field to link to.
    """
    summary = []
    if form.errors.get("csrf_token"):
        summary.append(("", TIMED_OUT))
    for field in form:
        if field.name != "csrf_token":
            summary += [(field.id, message) for message in field.errors]
    return summary
