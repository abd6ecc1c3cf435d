"""Routes under /admin/: accounts, and the sites, scenarios and training sessions forms use."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable

import sqlalchemy as sa
from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import admin_required
from ..extensions import db
from ..models import (
    Kind, Questionnaire, QuestionnaireVersion, SafeguardingCategory, Scenario, Site,
    TrainingSession, User)
from ..questionnaires.field_types import as_select_choices
from ..services import audit, fieldwork, tagging, users
from .forms import (
    ConfirmDeleteForm, PhraseListForm, ScenarioForm, SiteForm, TrainingSessionForm, UserForm)

bp = Blueprint("admin", __name__)


@dataclass(frozen=True)
class RecordType:
    """One kind of record the generic list / add / edit pages manage."""

    model: type
    form: type
    title: str
    singular: str
    listing: Callable[[], list]
    save: Callable
    columns: tuple[tuple[str, str], ...] = field(default=())


def _training_form(form: TrainingSessionForm) -> TrainingSessionForm:
    """Any published training questionnaire can be a session's form (built or built in)."""
    published = sa.select(QuestionnaireVersion.questionnaire_id).where(
        QuestionnaireVersion.status == "published")
    form.questionnaire_id.choices = as_select_choices(
        (q.id, q.title) for q in db.session.scalars(
            sa.select(Questionnaire).where(Questionnaire.kind == Kind.TRAINING.value,
                                           Questionnaire.id.in_(published))
            .order_by(Questionnaire.title)))
    return form


RECORD_TYPES = {
    "sites": RecordType(
        Site, SiteForm, "Services and sites", "site", fieldwork.all_sites,
        lambda record, values: fieldwork.save_record(
            record, values, unique={"name": "A site with this name already exists."}),
        (("name", "Name"), ("service_type", "Type"), ("area", "Area"))),
    "scenarios": RecordType(
        Scenario, ScenarioForm, "Scenarios and characters", "scenario", fieldwork.all_scenarios,
        lambda record, values: fieldwork.save_record(
            record, values, unique={"title": "A scenario with this name already exists."}),
        (("title", "Scenario"), ("character_name", "Character"), ("age_band", "Age band"))),
    "training-sessions": RecordType(
        TrainingSession, TrainingSessionForm, "Training sessions", "training session",
        fieldwork.all_training_sessions, fieldwork.save_training_session,
        (("title", "Title"), ("delivered_on", "Date"), ("slug", "Link name"))),
}


def record_type_or_404(name: str) -> RecordType:
    return RECORD_TYPES.get(name) or abort(404)


@bp.route("/")
@admin_required
def index():
    """What admins manage."""
    return render_template("admin/index.html", record_types=RECORD_TYPES)


@bp.route("/<kind>/")
@admin_required
def records(kind):
    """List one kind of record."""
    record_type = record_type_or_404(kind)
    return render_template("admin/records.html", kind=kind, record_type=record_type,
                           records=record_type.listing())


@bp.route("/<kind>/new", methods=["GET", "POST"])
@bp.route("/<kind>/<int:record_id>", methods=["GET", "POST"])
@admin_required
def edit_record(kind, record_id=None):
    """Add a record, or change one."""
    record_type = record_type_or_404(kind)
    record = (db.session.get(record_type.model, record_id) or abort(404)) if record_id \
        else record_type.model()
    form = record_type.form(obj=record if record_id else None)
    if kind == "training-sessions":
        _training_form(form)
    if form.validate_on_submit():
        values = {name: f.data for name, f in form._fields.items() if name != "csrf_token"}
        try:
            record_type.save(record, values)
        except fieldwork.FieldworkError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(f"The {record_type.singular} has been saved.", "success")
            return redirect(url_for(".records", kind=kind))
    return render_template("admin/edit_record.html", form=form, kind=kind,
                           record_type=record_type, record=record if record_id else None)


@bp.route("/users/")
@admin_required
def user_list():
    """Every account."""
    return render_template("admin/users.html", users=users.all_users())


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def new_user():
    """Create an account for a volunteer, coproduction worker or admin."""
    form = UserForm()
    if form.validate_on_submit():
        try:
            users.create_user(form.email.data, form.role.data, form.password.data or "",
                              form.name.data or "")
        except users.UserError as error:
            getattr(form, error.field, form.email).errors.append(str(error))
        else:
            flash("The account has been created.", "success")
            return redirect(url_for(".user_list"))
    return render_template("admin/user_form.html", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id):
    """Change an account's name, role, whether it can log in, or its password."""
    user = db.session.get(User, user_id) or abort(404)
    form = UserForm(obj=user)
    del form.email  # an account's email is its login name; it is not changed here
    if form.validate_on_submit():
        try:
            if form.password.data:
                users.check_new_password(form.password.data)
                users.set_password(user, form.password.data)
            users.update_user(user, role=form.role.data, active=form.active.data,
                              name=form.name.data or "", actor=current_user)
        except users.UserError as error:
            getattr(form, error.field, form.password).errors.append(str(error))
        else:
            flash("The account has been updated.", "success")
            return redirect(url_for(".user_list"))
    return render_template("admin/user_form.html", form=form, user=user)


@bp.route("/users/<int:user_id>/data.json")
@admin_required
def user_data(user_id):
    """Everything stored about one person, as a file to give them (subject access request)."""
    user = db.session.get(User, user_id) or abort(404)
    audit.record("export_person", current_user, target=user.email)
    body = json.dumps(users.personal_data(user), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="flse-feedback-person-{user.id}.json"'})


@bp.route("/users/<int:user_id>/delete", methods=["GET", "POST"])
@admin_required
def delete_user(user_id):
    """Delete a person's account and everything they sent, after a confirmation."""
    user = db.session.get(User, user_id) or abort(404)
    form = ConfirmDeleteForm()
    if form.validate_on_submit():
        try:
            removed = users.delete_user_and_data(user, actor=current_user)
        except users.UserError as error:
            form.confirm.errors.append(str(error))
        else:
            flash(f"The account and {removed['responses']} responses have been deleted.",
                  "success")
            return redirect(url_for(".user_list"))
    return render_template("admin/user_delete.html", form=form, user=user)


@bp.route("/audit")
@admin_required
def audit_log():
    """The latest audited actions: logins, exports, deletions and role changes."""
    return render_template("admin/audit.html", events=audit.recent(
        action=request.args.get("action") or None))


@bp.route("/safeguarding/")
@admin_required
def safeguarding():
    """The phrase lists that flag answers for a person's attention."""
    return render_template("admin/safeguarding.html",
                           categories=tagging.safeguarding_categories())


@bp.route("/safeguarding/<category_id>", methods=["GET", "POST"])
@admin_required
def edit_safeguarding(category_id):
    """Change one category's phrases (new answers are checked against the new list)."""
    category = db.session.get(SafeguardingCategory, category_id) or abort(404)
    form = PhraseListForm(data={"phrases": "\n".join(category.phrases)})
    if form.validate_on_submit():
        category.phrases = form.phrase_list()
        audit.record("safeguarding_change", current_user, target=category.name,
                     phrases=len(category.phrases))
        flash(f"The phrases for \u201c{category.name}\u201d have been saved.", "success")
        return redirect(url_for(".safeguarding"))
    return render_template("admin/edit_safeguarding.html", form=form, category=category)
