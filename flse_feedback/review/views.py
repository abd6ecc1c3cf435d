"""Routes under /review/: the inbox, one response with its tags, and exports."""
from __future__ import annotations

from flask import Blueprint, Response as HttpResponse, abort, current_app, render_template
from flask import request, stream_with_context
from flask_login import current_user

from ..access import reviewer_required
from ..models import Kind
from ..questionnaires.field_types import FREE_TEXT_TYPES
from ..services import audit, exports, review

bp = Blueprint("review", __name__)
EXPORT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv"}


def kind_filter() -> str | None:
    kind = request.args.get("kind") or None
    return kind if kind in {k.value for k in Kind} else None


@bp.route("/")
@reviewer_required
def inbox():
    """Every submitted response, newest first."""
    kind = kind_filter()
    attention = request.args.get("attention") == "1"
    page = review.inbox(kind=kind, cursor=request.args.get("after"),
                        limit=current_app.config["REVIEW_PAGE_SIZE"], needs_attention=attention)
    return render_template("review/inbox.html", page=page, kind=kind, attention=attention)


@bp.route("/responses/<int:response_id>")
@reviewer_required
def response(response_id):
    """All answers of one response, with the machine's sentiment and themes on free text."""
    found = review.submitted_response(response_id) or abort(404)
    answers = found.answers_by_question()
    return render_template("review/response.html", response=found, answers=answers,
                           free_text_types=FREE_TEXT_TYPES)


@bp.route("/export.<fmt>")
@reviewer_required
def export(fmt):
    """Download every submitted response (optionally one kind) as JSON lines or CSV."""
    if fmt not in EXPORT_TYPES:
        abort(404)
    kind = kind_filter()
    mask = request.args.get("mask") == "1"
    audit.record("export", current_user,
                 target=f"{fmt}, {kind or 'all kinds'}{', masked' if mask else ''}")
    rows = exports.iter_jsonl(kind, mask) if fmt == "jsonl" else exports.iter_csv(kind, mask)
    filename = f"flse-feedback-{kind or 'all'}.{fmt}"
    return HttpResponse(stream_with_context(rows), mimetype=EXPORT_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
