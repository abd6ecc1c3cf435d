"""Routes under /environment/: my assessments, start one, then the shared journey."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..access import volunteer_required
from ..extensions import db
from ..journey import (
    JourneyRules, my_responses_page, owned_by_current_user, register_journey, start_and_open)
from ..models import Kind, Site
from ..services import fieldwork, questionnaires
from .forms import StartAssessmentForm

KIND = Kind.ENVIRONMENT
bp = Blueprint("environment", __name__)


@bp.route("/")
@volunteer_required
def index():
    """My assessments: drafts to carry on with and assessments already sent."""
    return my_responses_page(KIND, "environment.new")


@bp.route("/new", methods=["GET", "POST"])
@volunteer_required
def new():
    """Choose the building, then start the walk-through."""
    sites = fieldwork.active_sites()
    versions = questionnaires.published_versions(KIND.value)
    form = StartAssessmentForm().fill_choices(sites)
    form.offer_versions(versions)
    version = versions[0] if versions else None
    if form.validate_on_submit() and form.chosen_version(versions) is not None:
        version = form.chosen_version(versions)
        return start_and_open(version, site=db.session.get(Site, form.site_id.data))
    return render_template("environment/new.html", form=form, version=version,
                           has_choices=bool(sites))


register_journey(bp, JourneyRules(
    load=owned_by_current_user(KIND.value), guard=volunteer_required,
    exit_endpoint="environment.index", can_save_for_later=True,
    needs_login=True))
