"""Build a WTForms form for one section of a stored questionnaire version.

A fresh form class is made on every call and fields are set on it, never on a shared base class,
so no field can leak from one questionnaire or version into another.
"""
from __future__ import annotations

from dataclasses import dataclass, field as dataclass_field
from typing import Any

from flask_wtf import FlaskForm

from .conditions import condition_of, describe, hidden_question_ids
from .field_types import FIELD_TYPES


TIMED_OUT = ("This page was open for a long time, so we could not save it yet. Your answers are "
             "still here: please press the button again.")


class SectionForm(FlaskForm):
    """Base for generated section forms; carries CSRF only."""


@dataclass
class PagePlan:
    """Which questions of a section a person sees, given their earlier answers.

    ``shown`` are rendered in order; questions whose condition failed on an earlier page are
    left out altogether. ``live`` are shown questions whose condition depends on an answer on
    this same page: they carry a note saying when to answer them, are never required by the
    form itself, and are settled by :func:`settle_page` once the page is sent.
    """

    shown: list
    live: dict[int, dict] = dataclass_field(default_factory=dict)
    notes: dict[int, str] = dataclass_field(default_factory=dict)


def plan_page(version, section, stored: dict[int, Any], everything_shown: bool = False
              ) -> PagePlan:
    """The questions of ``section`` to show, judged on the answers stored so far.

    :param everything_shown: a builder's preview, with no answers behind it: every question is
        shown, and each conditional one says when it would be asked
    """
    if not everything_shown and not _any_conditional(section.questions):
        # Only a question with a condition can be hidden or wait on another answer; most
        # pages have none, and then the rest of the questionnaire need not be loaded.
        return PagePlan(list(section.questions))
    on_page = {q.key for q in section.questions}
    unknown = {q.key for q in version.questions()} if everything_shown else on_page
    hidden = hidden_question_ids(version.questions(), stored, unknown_keys=unknown)
    shown = [q for q in section.questions if q.id not in hidden]
    by_key = {q.key: q for q in version.questions()}
    live = {q.id: condition_of(q) for q in shown
            if condition_of(q) is not None and condition_of(q).get("question") in unknown}
    notes = {question_id: describe(condition, by_key, display_value)
             for question_id, condition in live.items()}
    return PagePlan(shown, live, notes)


def _any_conditional(questions) -> bool:
    return any(condition_of(q) is not None for q in questions)


def build_section_form(section, enforce_required: bool = True,
                       plan: PagePlan | None = None) -> type[SectionForm]:
    """Return a new form class with one field per question of ``section`` that is shown.

    :param section: a :class:`~flse_feedback.models.Section`
    :param enforce_required: False when the person is going Back or saving to finish later:
        required questions may stay empty until they submit, but what they typed is still checked.
    :param plan: the questions to show (from :func:`plan_page`); every question when None
    """
    form_class = type("QuestionnaireSectionForm", (SectionForm,), {})
    questions = plan.shown if plan is not None else section.questions
    for question in questions:
        live = plan is not None and question.id in plan.live
        field_ = FIELD_TYPES[question.type].build(
            question, enforce_required and not live, note=plan.notes.get(question.id, "")
            if plan is not None else "")
        setattr(form_class, question.field_name, field_)
    return form_class


def settle_page(form: SectionForm, plan: PagePlan, version, section, stored: dict[int, Any],
                formdata, enforce_required: bool) -> dict[int, Any] | None:
    """Validate a sent page, deciding its same-page conditions on what was just sent.

    A question whose condition is not met is not checked and its answer is dropped; one whose
    condition is met and that is required must have an answer (when ``enforce_required``).

    :return: question id -> value for every question of the section (None clears an answer),
        or None when the page has errors to show
    """
    form.validate()
    hidden: set[int] = set()
    if _any_conditional(section.questions):
        sent = dict(stored)
        sent.update({q.id: _sent_value(q, formdata) for q in section.questions})
        hidden = hidden_question_ids(version.questions(), sent)
    for question in plan.shown:
        if question.id not in plan.live:
            continue
        box = form[question.field_name]
        if question.id in hidden:
            box.errors = []
        elif enforce_required and question.required and not box.errors and \
                FIELD_TYPES[question.type].to_value(question, box.data) is None:
            box.errors = [FIELD_TYPES[question.type].required_message]
    if any(box.errors for box in form):
        return None
    answers = answers_from_form(form, section)
    return {question_id: (None if question_id in hidden else value)
            for question_id, value in answers.items()}


def _sent_value(question, formdata):
    """What the page sent for a question, as text (enough to judge a condition on it)."""
    if question.type == "multi_choice":
        return [value for value in formdata.getlist(question.field_name) if value] or None
    return formdata.get(question.field_name) or None


def initial_data(section, stored: dict[int, Any]) -> dict[str, Any]:
    """Field data for a section from stored answer values (question id -> value)."""
    return {
        q.field_name: FIELD_TYPES[q.type].to_field_data(q, stored[q.id])
        for q in section.questions if q.id in stored
    }


def answers_from_form(form: SectionForm, section) -> dict[int, Any]:
    """Question id -> JSON value (None for a blank answer) from a validated form.

    A question not on the form (hidden by its condition) gets None, so an old answer is dropped.
    """
    return {
        q.id: FIELD_TYPES[q.type].to_value(q, form[q.field_name].data)
        if q.field_name in form else None
        for q in section.questions
    }


def missing_required(version, stored: dict[int, Any]) -> list:
    """Required questions of ``version`` with no stored answer, in form order.

    A required question hidden by its condition is not asked, so it is not missing.
    """
    hidden = hidden_question_ids(version.questions(), stored)
    return [q for q in version.questions()
            if q.required and q.id not in hidden and stored.get(q.id) is None]


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
