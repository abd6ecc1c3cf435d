"""Routes under /training/: the public form of a session, answered without an account.

Nothing identifying is stored: no account, name, email, IP address or browser. The draft is
found again through a random token kept in the person's own session cookie.
"""
from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, request, session, url_for

from ..access import public, reviewer_required
from ..extensions import csrf
from ..journey import (
    NEXT, JourneyRules, action_requested, register_journey, render_section_page, submitted_page)
from ..models import Kind
from ..questionnaires.forms import plan_page
from ..services import fieldwork, journey_rows, questionnaires, responses, version_cache
from ..services.journey_rows import ResponseRow
from .sharing import qr_svg

KIND = Kind.TRAINING
SESSION_KEY = "training_responses"
bp = Blueprint("training", __name__)


def held_token(slug: str) -> str | None:
    return session.get(SESSION_KEY, {}).get(slug)


def hold_token(slug: str, token: str | None) -> None:
    """Remember (or forget) this browser's draft for one training session."""
    held = dict(session.get(SESSION_KEY, {}))
    if token is None:
        held.pop(slug, None)
    else:
        held[slug] = token
    session[SESSION_KEY] = held
    session.permanent = True  # survive the browser being closed mid-form


def load_held_response(token: str) -> ResponseRow:
    """Only the browser that started an anonymous response may open it."""
    if token not in session.get(SESSION_KEY, {}).values():
        abort(404)
    response = journey_rows.find_by_token(token)
    if response is None or response.kind != KIND.value:
        abort(404)
    return response


journey = register_journey(bp, JourneyRules(
    load=load_held_response, guard=public, exit_endpoint=None, can_save_for_later=False))


@bp.route("/<slug>", methods=["GET", "POST"])
@csrf.exempt  # the page's own form checks CSRF, so a stale token keeps every answer shown
@public
def start(slug):
    """The first page of a session's feedback form; the draft is created on the first save."""
    form_row = journey_rows.training_form(slug) or abort(404)
    training_session = form_row.training_session
    if not form_row.is_open:
        return render_template("training/closed.html", training_session=training_session)
    held = journey_rows.find_by_token(held_token(slug) or "")
    if held is not None and not held.is_submitted:
        return redirect(url_for(".resume", token=held.token))
    version = form_row.version or abort(404)
    version = questionnaires.version_shown(version, request.form.get("version_id", type=int))
    content = version_cache.content_of(version)
    action = action_requested()
    section = content.section_at(1)
    plan = plan_page(content, section, {})
    form = version_cache.section_form(content, section, action == NEXT, plan)()
    answers = submitted_page(form, plan, content, section, {}, action)
    if answers is not None:
        token = responses.new_token()
        url, resume_page = journey.target_after(token, content, 1, action)
        responses.start_anonymous(token, KIND.value, version.id, training_session.id, answers,
                                  resume_page)
        hold_token(slug, token)
        return redirect(url)
    return render_section_page(form, content, 1, response=None, back_url=None, rules=journey.rules,
                               plan=plan, intro=training_session, version_field=content.id)


@bp.route("/<slug>/share")
@reviewer_required
def share(slug):
    """The organiser's page: the public link and a QR code big enough for a lecture theatre."""
    return _share_page(slug, "training/share.html")


@bp.route("/<slug>/share/print")
@reviewer_required
def share_print(slug):
    """A printable sheet with the QR code and the link, for handing out or pinning up."""
    return _share_page(slug, "training/share_print.html")


def _share_page(slug, template):
    training_session = fieldwork.training_session_by_slug(slug) or abort(404)
    url = url_for(".start", slug=slug, _external=True)
    return render_template(template, training_session=training_session, url=url,
                           qr=qr_svg(url, f"QR code for the feedback form: {url}"))
