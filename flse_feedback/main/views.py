"""Routes at the top level: the home page that shows each role where to start, and /healthz."""
from __future__ import annotations

import logging

import sqlalchemy as sa
from flask import Blueprint, jsonify, render_template
from flask_login import current_user

from ..access import public
from ..extensions import db
from ..models import Kind
from ..services import responses

bp = Blueprint("main", __name__)
log = logging.getLogger(__name__)


@bp.route("/")
@public
def home():
    """Where to start, for students, volunteers, coproduction workers and admins."""
    drafts = []
    if current_user.is_authenticated:
        drafts = [r for kind in (Kind.MYSTERY_SHOP, Kind.ENVIRONMENT)
                  for r in responses.drafts_and_submissions(current_user, kind)
                  if not r.is_submitted]
    return render_template("main/home.html", drafts=drafts)


@bp.route("/accessibility")
@public
def accessibility():
    """The accessibility statement, in the UK public-sector format."""
    return render_template("main/accessibility.html")


@bp.route("/healthz")
@public
def healthz():
    """200 once the database answers a query, 503 while it does not."""
    try:
        db.session.execute(sa.text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any database failure means 'not healthy'
        db.session.rollback()
        log.exception("Health check could not reach the database")
        return jsonify({"status": "unavailable"}), 503
    return jsonify({"status": "ok"})
