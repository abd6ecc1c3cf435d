"""Routes under /mystery-shop/: my visits, start a visit, then the shared journey."""
from __future__ import annotations

from flask import Blueprint, render_template

from ..access import volunteer_required
from ..extensions import db
from ..journey import (
    JourneyRules, my_responses_page, owned_by_current_user, register_journey, start_and_open)
from ..models import Kind, Scenario, Site
from ..services import fieldwork, questionnaires
from .forms import StartVisitForm

KIND = Kind.MYSTERY_SHOP
bp = Blueprint("mystery_shop", __name__)


@bp.route("/")
@volunteer_required
def index():
    """My visits: drafts to carry on with and checklists already sent."""
    return my_responses_page(KIND, "mystery_shop.new")


@bp.route("/new", methods=["GET", "POST"])
@volunteer_required
def new():
    """Choose the service and the character, then start the checklist."""
    sites, scenarios = fieldwork.active_sites(), fieldwork.active_scenarios()
    versions = questionnaires.published_versions(KIND.value)
    form = StartVisitForm().fill_choices(sites, scenarios)
    form.offer_versions(versions)
    version = versions[0] if versions else None
    if form.validate_on_submit() and form.chosen_version(versions) is not None:
        version = form.chosen_version(versions)
        return start_and_open(version, site=db.session.get(Site, form.site_id.data),
                              scenario=db.session.get(Scenario, form.scenario_id.data))
    return render_template("mystery_shop/new.html", form=form, version=version,
                           has_choices=bool(sites and scenarios))


register_journey(bp, JourneyRules(
    load=owned_by_current_user(KIND.value), guard=volunteer_required,
    exit_endpoint="mystery_shop.index", can_save_for_later=True,
    needs_login=True))
