"""Routes under /builder/: coproduction workers create, change, preview and publish questionnaires.

Plain forms with Move up / Move down buttons; nothing needs JavaScript. Every change goes to the
questionnaire's draft version; published versions (and the answers to them) never change.
"""
from __future__ import annotations

import json

from flask import Blueprint, Response as HttpResponse, abort, flash, redirect, render_template
from flask import request, url_for
from flask_login import current_user

from ..access import reviewer_required
from ..extensions import db
from ..journey import NEXT, BACK, JourneyRules, action_requested, render_section_page
from ..journey import submitted_page
from ..models import Question, Questionnaire, QuestionnaireVersion, Section
from ..questionnaires.conditions import condition_of, describe
from ..questionnaires.definitions import DefinitionError
from ..questionnaires.forms import build_section_form, display_value, plan_page
from ..services import builder
from . import forms, imports

bp = Blueprint("builder", __name__)
imports.register(bp)


@bp.errorhandler(builder.DraftGone)
def draft_gone(error: builder.DraftGone):
    """Someone published or threw away the draft while this page was open: say so plainly."""
    flash(str(error), "error")
    return redirect(url_for(".questionnaire", questionnaire_id=error.questionnaire_id))


PREVIEW_RULES = JourneyRules(load=lambda token: abort(404), guard=reviewer_required,
                             exit_endpoint=None, can_save_for_later=False)


class PreviewIntro:
    """What the page template shows above a preview (in place of a training session)."""

    def __init__(self, version):
        self.slug = f"preview-{version.id}"
        self.title = f"Preview of version {version.number}"


# --- loading ---------------------------------------------------------------------------------

def questionnaire_or_404(questionnaire_id: int) -> Questionnaire:
    return db.session.get(Questionnaire, questionnaire_id) or abort(404)


def draft_or_back(questionnaire_id: int) -> QuestionnaireVersion:
    """The draft being edited; without one, back to the questionnaire page with a word why."""
    questionnaire = questionnaire_or_404(questionnaire_id)
    draft = builder.draft_of(questionnaire)
    if draft is None:
        flash("That version is published, so it no longer changes. Start a new draft to change "
              "the questionnaire.", "error")
        abort(redirect(url_for(".questionnaire", questionnaire_id=questionnaire_id)))
    return draft


def section_in_draft(questionnaire_id: int, section_id: int) -> Section:
    draft = draft_or_back(questionnaire_id)
    section = db.session.get(Section, section_id)
    if section is None or section.version_id != draft.id:
        abort(404)
    return section


def question_in_draft(questionnaire_id: int, question_id: int) -> Question:
    draft = draft_or_back(questionnaire_id)
    question = db.session.get(Question, question_id)
    if question is None or question.section.version_id != draft.id:
        abort(404)
    return question


def back_to(questionnaire_id: int, anchor: str = ""):
    url = url_for(".questionnaire", questionnaire_id=questionnaire_id)
    return redirect(url + (f"#{anchor}" if anchor else ""))


def step_requested() -> int:
    return -1 if request.form.get("direction") == "up" else 1


# --- questionnaires --------------------------------------------------------------------------

@bp.route("/")
@reviewer_required
def index():
    """Every questionnaire: built-in, copied, imported and new ones."""
    return render_template("builder/index.html", rows=builder.questionnaire_rows(),
                           kind_labels=forms.KIND_LABELS)


@bp.route("/new", methods=["GET", "POST"])
@reviewer_required
def new():
    """Start a questionnaire from nothing."""
    form = forms.NewQuestionnaireForm()
    if form.validate_on_submit():
        questionnaire = builder.create_questionnaire(form.title.data, form.kind.data,
                                                     actor=current_user)
        flash("Your questionnaire is made. Add its first section.", "success")
        return redirect(url_for(".new_section", questionnaire_id=questionnaire.id))
    return render_template("builder/new.html", form=form)


@bp.route("/<int:questionnaire_id>/")
@reviewer_required
def questionnaire(questionnaire_id):
    """A questionnaire's versions, and its draft with everything that can be changed."""
    found = questionnaire_or_404(questionnaire_id)
    return _questionnaire_page(found)


def _questionnaire_page(found, problems=None):
    draft = builder.draft_of(found)
    versions = [(version, builder.responses_to(version)) for version in found.versions]
    notes = {}
    if draft is not None:
        by_key = {q.key: q for q in draft.questions()}
        notes = {q.id: _condition_note(q, by_key) for q in draft.questions() if condition_of(q)}
    return render_template(
        "builder/questionnaire.html", questionnaire=found, draft=draft, versions=versions,
        published=builder.published_of(found), builtin=builder.is_builtin(found),
        notes=notes, problems=problems or [], type_labels=forms.TYPE_LABELS,
        kind_labels=forms.KIND_LABELS, action=forms.ActionForm())


def _condition_note(question, by_key) -> str:
    """The condition in words, or what is wrong with it after a move, a delete or new choices."""
    condition = condition_of(question)
    earlier = {q.key: q for q in builder.earlier_choice_questions(question)}
    source = earlier.get(condition.get("question"))
    offered = {value for value, _ in builder.answer_choices(source)} if source else set()
    if source is None or not set(condition.get("values", [])) <= offered:
        return ("Its condition no longer works: the question it depends on has moved after it, "
                "been deleted, or lost those answers. Change \u201cWhen to ask\u201d before "
                "publishing.")
    return describe(condition, by_key, display_value)


@bp.route("/<int:questionnaire_id>/copy", methods=["GET", "POST"])
@reviewer_required
def copy(questionnaire_id):
    """Copy a questionnaire (its published version, or its newest) into a new one."""
    found = questionnaire_or_404(questionnaire_id)
    source = builder.published_of(found) or found.versions[-1]
    form = forms.CopyForm(data={"title": f"Copy of {found.title}"})
    if form.validate_on_submit():
        made = builder.copy_questionnaire(source, form.title.data, actor=current_user)
        flash("The copy is made. Change it as you like, then publish it.", "success")
        return redirect(url_for(".questionnaire", questionnaire_id=made.id))
    return render_template("builder/copy.html", form=form, questionnaire=found, source=source)


@bp.route("/<int:questionnaire_id>/draft", methods=["POST"])
@reviewer_required
def start_draft(questionnaire_id):
    """Copy the newest version into a draft to change."""
    found = questionnaire_or_404(questionnaire_id)
    if forms.ActionForm().validate_on_submit():
        try:
            builder.start_draft(found, actor=current_user)
        except builder.BuilderError as error:
            flash(str(error), "error")
    return back_to(questionnaire_id)


@bp.route("/<int:questionnaire_id>/draft/discard", methods=["POST"])
@reviewer_required
def discard_draft(questionnaire_id):
    draft = draft_or_back(questionnaire_id)
    if forms.ActionForm().validate_on_submit():
        try:
            builder.discard_draft(draft, actor=current_user)
        except builder.BuilderError as error:
            flash(str(error), "error")
        else:
            flash("The draft has been thrown away.", "success")
    return back_to(questionnaire_id)


@bp.route("/<int:questionnaire_id>/delete", methods=["POST"])
@reviewer_required
def delete(questionnaire_id):
    """Delete a questionnaire that nobody has answered."""
    found = questionnaire_or_404(questionnaire_id)
    if forms.ActionForm().validate_on_submit():
        title = found.title
        try:
            builder.delete_questionnaire(found, actor=current_user)
        except builder.BuilderError as error:
            flash(str(error), "error")
            return back_to(questionnaire_id)
        flash(f"“{title}” is deleted.", "success")
    return redirect(url_for(".index"))


@bp.route("/<int:questionnaire_id>/details", methods=["GET", "POST"])
@reviewer_required
def details(questionnaire_id):
    """The draft's title and introduction."""
    draft = draft_or_back(questionnaire_id)
    form = forms.DetailsForm(obj=draft)
    if form.validate_on_submit():
        builder.update_details(draft, form.title.data, form.intro.data)
        flash("Saved.", "success")
        return back_to(questionnaire_id)
    return render_template("builder/details.html", form=form, draft=draft)


@bp.route("/<int:questionnaire_id>/publish", methods=["POST"])
@reviewer_required
def publish(questionnaire_id):
    """Make the draft the version new respondents get."""
    draft = draft_or_back(questionnaire_id)
    if not forms.ActionForm().validate_on_submit():
        flash("This page was open for a long time. Please press Publish again.", "error")
        return back_to(questionnaire_id)
    try:
        builder.publish(draft, actor=current_user)
    except DefinitionError as error:
        return _questionnaire_page(draft.questionnaire, problems=error.problems), 200
    except builder.BuilderError as error:
        return _questionnaire_page(draft.questionnaire, problems=[str(error)]), 200
    flash(f"Version {draft.number} is published: new responses use it. Answers to earlier "
          "versions keep their own questions.", "success")
    return back_to(questionnaire_id)


@bp.route("/<int:questionnaire_id>/versions/<int:number>.json")
@reviewer_required
def export(questionnaire_id, number):
    """Download one version as a JSON definition (the format of the built-in files)."""
    found = questionnaire_or_404(questionnaire_id)
    version = next((v for v in found.versions if v.number == number), None) or abort(404)
    body = json.dumps(builder.export_definition(version), ensure_ascii=False, indent=2)
    return HttpResponse(body + "\n", mimetype="application/json", headers={
        "Content-Disposition":
            f'attachment; filename="{found.key}-version-{version.number}.json"'})


@bp.route("/<int:questionnaire_id>/versions/<int:number>/preview/<int:page>",
          methods=["GET", "POST"])
@reviewer_required
def preview(questionnaire_id, number, page):
    """A page of a version exactly as a respondent sees it; nothing is stored."""
    found = questionnaire_or_404(questionnaire_id)
    version = next((v for v in found.versions if v.number == number), None) or abort(404)
    section = version.section_at(page) or abort(404)
    action = action_requested()
    plan = plan_page(version, section, {}, everything_shown=True)
    form = build_section_form(section, enforce_required=(action == NEXT), plan=plan)()
    if submitted_page(form, plan, version, section, {}, action) is not None:
        target = page - 1 if action == BACK else page + 1
        if 1 <= target <= len(version.sections):
            return redirect(url_for(".preview", questionnaire_id=questionnaire_id,
                                    number=number, page=target))
        flash("That was the last page. Respondents would now check their answers and send "
              "them; nothing from a preview is stored.", "success")
        return back_to(questionnaire_id)
    back = url_for(".preview", questionnaire_id=questionnaire_id, number=number,
                   page=page - 1) if page > 1 else None
    return render_section_page(form, version, page, response=None, back_url=back,
                               rules=PREVIEW_RULES, plan=plan, intro=PreviewIntro(version),
                               preview_of=found)


# --- sections --------------------------------------------------------------------------------

@bp.route("/<int:questionnaire_id>/sections/new", methods=["GET", "POST"])
@reviewer_required
def new_section(questionnaire_id):
    """Add a section (a page) at the end."""
    draft = draft_or_back(questionnaire_id)
    form = forms.SectionForm()
    if form.validate_on_submit():
        section = builder.add_section(draft, form.title.data, form.intro.data)
        flash("The section is added. Now add its questions.", "success")
        return redirect(url_for(".new_question", questionnaire_id=questionnaire_id,
                                section_id=section.id))
    return render_template("builder/section.html", form=form, draft=draft, section=None)


@bp.route("/<int:questionnaire_id>/sections/<int:section_id>", methods=["GET", "POST"])
@reviewer_required
def edit_section(questionnaire_id, section_id):
    section = section_in_draft(questionnaire_id, section_id)
    form = forms.SectionForm(obj=section)
    if form.validate_on_submit():
        builder.update_section(section, form.title.data, form.intro.data)
        flash("Saved.", "success")
        return back_to(questionnaire_id, f"section-{section.id}")
    return render_template("builder/section.html", form=form, draft=section.version,
                           section=section)


@bp.route("/<int:questionnaire_id>/sections/<int:section_id>/delete", methods=["POST"])
@reviewer_required
def delete_section(questionnaire_id, section_id):
    section = section_in_draft(questionnaire_id, section_id)
    if forms.ActionForm().validate_on_submit():
        title = section.title
        builder.delete_section(section)
        flash(f"The section \u201c{title}\u201d and its questions are deleted from the draft.",
              "success")
    return back_to(questionnaire_id)


@bp.route("/<int:questionnaire_id>/sections/<int:section_id>/move", methods=["POST"])
@reviewer_required
def move_section(questionnaire_id, section_id):
    section = section_in_draft(questionnaire_id, section_id)
    if forms.ActionForm().validate_on_submit():
        builder.move_section(section, step_requested())
    return back_to(questionnaire_id, f"section-{section_id}")


# --- questions -------------------------------------------------------------------------------

@bp.route("/<int:questionnaire_id>/sections/<int:section_id>/questions/new",
          methods=["GET", "POST"])
@reviewer_required
def new_question(questionnaire_id, section_id):
    """First choose the kind of answer, then write the question."""
    section = section_in_draft(questionnaire_id, section_id)
    chooser = forms.ChooseTypeForm(request.args)
    qtype = request.args.get("type")
    if qtype not in forms.TYPE_LABELS:
        if "type" in request.args:
            chooser.validate()
        return render_template("builder/choose_type.html", form=chooser, section=section)
    form = forms.question_form(qtype)
    if "size" in form:
        del form.size  # the kind of answer was just chosen
    if form.validate_on_submit() and form.check_type_settings(qtype):
        try:
            question = builder.add_question(section, qtype, _question_values(form, qtype))
        except builder.BuilderError as error:
            form.text.errors.append(str(error))
        else:
            flash("The question is added.", "success")
            return back_to(questionnaire_id, f"question-{question.id}")
    return render_template("builder/question.html", form=form, section=section, question=None,
                           qtype=qtype, type_label=forms.TYPE_LABELS[qtype])


@bp.route("/<int:questionnaire_id>/sections/<int:section_id>/objective",
          methods=["GET", "POST"])
@reviewer_required
def new_objective(questionnaire_id, section_id):
    """A learning objective: a 'before this session' and a 'now' confidence question."""
    section = section_in_draft(questionnaire_id, section_id)
    form = forms.ObjectiveForm()
    if form.validate_on_submit():
        before, _ = builder.add_learning_objective(section, form.objective.data)
        flash("The before and now questions are added.", "success")
        return back_to(questionnaire_id, f"question-{before.id}")
    return render_template("builder/objective.html", form=form, section=section)


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>", methods=["GET", "POST"])
@reviewer_required
def edit_question(questionnaire_id, question_id):
    question = question_in_draft(questionnaire_id, question_id)
    qtype = question.type
    form = forms.question_form(qtype, data=forms.question_form_data(question))
    if form.validate_on_submit() and form.check_type_settings(qtype):
        builder.update_question(question, _question_values(form, qtype),
                                new_type=form.size.data if "size" in form else None)
        flash("Saved.", "success")
        return back_to(questionnaire_id, f"question-{question.id}")
    return render_template("builder/question.html", form=form, section=question.section,
                           question=question, qtype=qtype,
                           type_label=forms.TYPE_LABELS.get(qtype, qtype))


def _question_values(form, qtype: str) -> dict:
    return {"text": form.text.data, "hint": form.hint.data, "required": form.required.data,
            "options": form.options(qtype)}


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>/delete", methods=["POST"])
@reviewer_required
def delete_question(questionnaire_id, question_id):
    question = question_in_draft(questionnaire_id, question_id)
    if forms.ActionForm().validate_on_submit():
        builder.delete_question(question)
        flash("The question is deleted from the draft.", "success")
    return back_to(questionnaire_id)


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>/move", methods=["POST"])
@reviewer_required
def move_question(questionnaire_id, question_id):
    question = question_in_draft(questionnaire_id, question_id)
    if forms.ActionForm().validate_on_submit():
        builder.move_question(question, step_requested())
    return back_to(questionnaire_id, f"question-{question_id}")


@bp.route("/<int:questionnaire_id>/questions/<int:question_id>/condition",
          methods=["GET", "POST"])
@reviewer_required
def condition(questionnaire_id, question_id):
    """'Show this question only if': choose the earlier question, then the answers."""
    question = question_in_draft(questionnaire_id, question_id)
    earlier = builder.earlier_choice_questions(question)
    current = condition_of(question) or {}
    source_key = request.values.get("source") or current.get("question")
    source = next((q for q in earlier if q.key == source_key), None)
    form = forms.ConditionForm(data={"answers": current.get("values", [])}
                               if source_key == current.get("question") else None)
    form.answers.choices = builder.answer_choices(source) if source is not None else []
    if request.method == "POST" and form.validate_on_submit():
        if request.form.get("remove"):
            builder.set_condition(question, None, [])
            flash("The question is now always shown.", "success")
            return back_to(questionnaire_id, f"question-{question.id}")
        if source is None:
            form.answers.errors = ["Choose the earlier question first."]
        else:
            try:
                builder.set_condition(question, source.key, form.answers.data or [])
            except builder.BuilderError as error:
                form.answers.errors = [str(error)]
            else:
                flash("Saved: the question is shown only after those answers.", "success")
                return back_to(questionnaire_id, f"question-{question.id}")
    return render_template("builder/condition.html", form=form, question=question,
                           earlier=earlier, source=source, current=current)
