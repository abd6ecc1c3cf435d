"""Routes under /mystery-shop/: my visits, start a visit, then the shared journey."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from ..access import volunteer_required
from ..extensions import db
from ..journey import JourneyRules, owned_by_current_user, register_journey
from ..models import Kind, Scenario, Site
from ..services import fieldwork, questionnaires, responses
from .forms import StartVisitForm

KIND = Kind.MYSTERY_SHOP
bp = Blueprint("mystery_shop", __name__)


@bp.route("/")
@volunteer_required
def index():
    """My visits: drafts to carry on with and checklists already sent."""
    return render_template("visits/index.html", kind=KIND, start_endpoint="mystery_shop.new",
                           visits=responses.drafts_and_submissions(current_user, KIND))


@bp.route("/new", methods=["GET", "POST"])
@volunteer_required
def new():
    """Choose the service and the character, then start the checklist."""
    sites, scenarios = fieldwork.active_sites(), fieldwork.active_scenarios()
    form = StartVisitForm().fill_choices(sites, scenarios)
    version = questionnaires.published_version(KIND.value)
    if form.validate_on_submit() and version is not None:
        response = responses.start_response(
            version, respondent=current_user, site=db.session.get(Site, form.site_id.data),
            scenario=db.session.get(Scenario, form.scenario_id.data))
        return redirect(url_for(".page", token=response.token, page=1))
    return render_template("mystery_shop/new.html", form=form, version=version,
                           has_choices=bool(sites and scenarios))


register_journey(bp, JourneyRules(
    load=owned_by_current_user(KIND.value), guard=volunteer_required,
    exit_endpoint="mystery_shop.index", can_save_for_later=True))
