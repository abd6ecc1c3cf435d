"""Routes under /review/: the filtered inbox, one response with its tags and decisions, exports."""
from __future__ import annotations

from flask import Blueprint, Response as HttpResponse, abort, current_app, flash, redirect
from flask import render_template, request, stream_with_context, url_for
from flask_login import current_user

from ..access import reviewer_required
from ..extensions import db
from ..models import Answer
from ..questionnaires.field_types import FREE_TEXT_TYPES
from ..services import audit, exports, fieldwork, review
from ..services.review_filters import SENTIMENTS, ReviewFilter
from .forms import ReviewNoteForm, TagDecisionForm

bp = Blueprint("review", __name__)
EXPORT_TYPES = {"jsonl": "application/x-ndjson", "csv": "text/csv"}


def current_filters() -> ReviewFilter:
    return ReviewFilter.from_args(request.args)


@bp.route("/")
@reviewer_required
def inbox():
    """Every submitted response, newest first, narrowed by the filters in the URL."""
    filters = current_filters()
    page = review.inbox(cursor=request.args.get("after"), filters=filters,
                        limit=current_app.config["REVIEW_PAGE_SIZE"])
    return render_template(
        "review/inbox.html", page=page, filters=filters, kind=filters.kind or None,
        attention=filters.attention, sites=fieldwork.all_sites(),
        sessions=fieldwork.all_training_sessions(), themes=review.themes_for_choice(),
        sentiments=SENTIMENTS)


@bp.route("/responses/<int:response_id>")
@reviewer_required
def response(response_id):
    """All answers of one response, with the machine's tags and the reviewers' decisions."""
    found = review.submitted_response(response_id) or abort(404)
    filters = current_filters()
    newer, older = review.neighbours(found, filters)
    return render_template(
        "review/response.html", response=found, answers=found.answers_by_question(),
        free_text_types=FREE_TEXT_TYPES, themes=review.themes_for_choice(),
        filters=filters, newer=newer, older=older, sentiments=SENTIMENTS,
        note_form=ReviewNoteForm(
            reviewed=bool(found.review and found.review.reviewed),
            note=found.review.note if found.review else ""),
        tag_form=TagDecisionForm())


@bp.route("/responses/<int:response_id>/answers/<int:answer_id>", methods=["POST"])
@reviewer_required
def decide(response_id, answer_id):
    """Confirm, remove or add themes and set the sentiment of one answer."""
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.response_id != response_id:
        abort(404)
    form = TagDecisionForm()
    if form.validate_on_submit():
        try:
            review.decide_tags(answer, set(request.form.getlist("themes")),
                               request.form.get("sentiment") or None, current_user)
        except review.ReviewError as error:
            flash(str(error), "error")
        else:
            flash("Your tags for this answer are saved.", "success")
    else:
        flash("This page was open for a long time. Please make your change again.", "error")
    return redirect(url_for(".response", response_id=response_id,
                            **current_filters().to_args()) + f"#answer-{answer_id}")


@bp.route("/responses/<int:response_id>/review", methods=["POST"])
@reviewer_required
def mark_reviewed(response_id):
    """Mark a response reviewed and keep a private note on it."""
    found = review.submitted_response(response_id) or abort(404)
    form = ReviewNoteForm()
    if form.validate_on_submit():
        review.save_review(found, form.reviewed.data, form.note.data, current_user)
        flash("Saved.", "success")
    else:
        flash(" ".join(message for errors in form.errors.values() for message in errors), "error")
    return redirect(url_for(".response", response_id=response_id, **current_filters().to_args()))


@bp.route("/export.<fmt>")
@reviewer_required
def export(fmt):
    """Download every submitted response (optionally one kind) as JSON lines or CSV."""
    if fmt not in EXPORT_TYPES:
        abort(404)
    kind = current_filters().kind or None
    mask = request.args.get("mask") == "1"
    audit.record("export", current_user,
                 target=f"{fmt}, {kind or 'all kinds'}{', masked' if mask else ''}")
    rows = exports.iter_jsonl(kind, mask) if fmt == "jsonl" else exports.iter_csv(kind, mask)
    filename = f"flse-feedback-{kind or 'all'}.{fmt}"
    return HttpResponse(stream_with_context(rows), mimetype=EXPORT_TYPES[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
