"""Routes under /review/: the filtered inbox, one response with its tags and decisions, exports."""
from __future__ import annotations

from flask import Blueprint, Response as HttpResponse, abort, current_app, flash, redirect
from flask import render_template, request, stream_with_context, url_for
from flask_login import current_user

from ..access import reviewer_required
from ..extensions import db
from ..models import Answer
from ..questionnaires.conditions import hidden_question_ids
from ..questionnaires.field_types import FREE_TEXT_TYPES
from ..services import audit, exports, fieldwork, review, spreadsheets
from ..services.review_filters import SENTIMENTS, ReviewFilter
from . import codebook_views, summary_view
from .forms import ReviewNoteForm, TagDecisionForm

bp = Blueprint("review", __name__)
summary_view.register(bp)
codebook_views.register(bp)
EXPORTS = {
    # name: (mimetype, file ending, builder(filters, mask))
    "answers.csv": ("text/csv", "csv",
                    lambda f, mask: exports.iter_csv(mask=mask, filters=f)),
    "responses.csv": ("text/csv", "csv", spreadsheets.iter_wide_csv),
    "responses.xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                       "xlsx", spreadsheets.iter_xlsx),
    "responses.jsonl": ("application/x-ndjson", "jsonl",
                        lambda f, mask: exports.iter_jsonl(mask=mask, filters=f)),
}
LEGACY_EXPORTS = {"csv": "answers.csv", "jsonl": "responses.jsonl"}


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
        not_asked=hidden_question_ids(found.version.questions(),
                                      {a.question_id: a.value for a in found.answers}),
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
def legacy_export(fmt):
    """Old export addresses (answers as CSV, responses as JSON lines) keep working."""
    return export(LEGACY_EXPORTS.get(fmt) or abort(404))


@bp.route("/export/<name>")
@reviewer_required
def export(name):
    """Download the filtered responses: answers (CSV), responses (CSV, XLSX) or JSON lines."""
    mimetype, ending, build = EXPORTS.get(name) or abort(404)
    filters = current_filters()
    mask = request.args.get("mask") == "1"
    audit.record("export", current_user, target=f"{name}{', masked' if mask else ''}",
                 filters=filters.to_args())
    filename = f"flse-feedback-{name.replace('.', '-')}.{ending}"
    return HttpResponse(stream_with_context(build(filters, mask)), mimetype=mimetype,
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})
