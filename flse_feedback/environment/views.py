"""Routes under /environment/: my assessments, start one, then the shared journey."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..access import volunteer_required
from ..extensions import db
from ..journey import JourneyRules, owned_by_current_user, register_journey
from ..models import Kind, Site
from ..services import fieldwork, questionnaires, responses
from .forms import StartAssessmentForm

KIND = Kind.ENVIRONMENT
bp = Blueprint("environment", __name__)


@bp.route("/")
@volunteer_required
def index():
    """My assessments: drafts to carry on with and assessments already sent."""
    return render_template("visits/index.html", kind=KIND, start_endpoint="environment.new",
                           visits=responses.drafts_and_submissions(current_user, KIND))


@bp.route("/new", methods=["GET", "POST"])
@volunteer_required
def new():
    """Choose the building, then start the walk-through."""
    sites = fieldwork.active_sites()
    form = StartAssessmentForm().fill_choices(sites)
    version = questionnaires.published_version(KIND.value)
    if form.validate_on_submit() and version is not None:
        response = responses.start_response(
            version, respondent=current_user, site=db.session.get(Site, form.site_id.data))
        return redirect(url_for(".page", token=response.token, page=1))
    return render_template("environment/new.html", form=form, version=version,
                           has_choices=bool(sites))


register_journey(bp, JourneyRules(
    load=owned_by_current_user(KIND.value), guard=volunteer_required,
    exit_endpoint="environment.index", can_save_for_later=True))
