"""Routes under /reports/: site reports, recommendations, quotes, comparisons, session reports.

For coproduction workers (reviewers) and admins only.
"""
from __future__ import annotations

from collections import Counter

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from ..access import reviewer_required
from ..extensions import db
from ..models import RecommendationStatus, Site, TrainingSession
from ..models.base import utcnow
from ..services import comparison, fieldwork, quotes, recommendations, reports, training_report
from ..services.recommendations import Details, RecommendationError
from .forms import (
    CompareForm, NewRecommendationForm, PeriodForm, QuoteForm, RecommendationForm, StatusForm)

bp = Blueprint("reports", __name__)
bp.record_once(lambda state: state.app.jinja_env.globals.update(
    status_words={s.value: s.label.lower() for s in RecommendationStatus}))


def _site(site_id: int) -> Site:
    return db.session.get(Site, site_id) or abort(404)


def _recommendation(recommendation_id: int):
    return recommendations.get(recommendation_id) or abort(404)


@bp.route("/")
@reviewer_required
def index():
    """Sites and training sessions, with their reports and recommendations."""
    return render_template("reports/index.html", sites=fieldwork.all_sites(),
                           sessions=fieldwork.all_training_sessions())


@bp.route("/sites/<int:site_id>")
@reviewer_required
def site(site_id):
    """Everything a site's visits found, for a date range; prints as a report for partners."""
    found = _site(site_id)
    form = PeriodForm(request.args)
    report = None
    if form.validate():
        report = reports.site_report(found, reports.Period(form.since.data, form.until.data))
    return render_template("reports/site.html", site=found, form=form, report=report)


@bp.route("/sites/<int:site_id>/compare")
@reviewer_required
def compare(site_id):
    """Two rounds of visits to a site side by side, and what was done in between."""
    found = _site(site_id)
    form = CompareForm(request.args)
    result = None
    if request.args and form.validate():
        result = comparison.compare(
            found, reports.Period(form.before_from.data, form.before_to.data),
            reports.Period(form.after_from.data, form.after_to.data))
    return render_template("reports/compare.html", site=found, form=form, result=result,
                           asked=bool(request.args))


@bp.route("/sites/<int:site_id>/recommendations")
@reviewer_required
def site_recommendations(site_id):
    """The site's recommendations, with where each has got to."""
    found = _site(site_id)
    return render_template("reports/recommendations.html", site=found,
                           recommendations=recommendations.for_site(found))


@bp.route("/sites/<int:site_id>/recommendations/print")
@reviewer_required
def partner_list(site_id):
    """The site's recommendations for the partner: printable, with nobody's identity."""
    found = _site(site_id)
    items = recommendations.for_site(found)
    counts = Counter(r.status for r in items)
    return render_template(
        "reports/partner_list.html", site=found, recommendations=items,
        evidence=_evidence_quotes(items), now=utcnow(),
        counts=[(s.label.lower(), counts[s.value])
                for s in RecommendationStatus if counts[s.value]])


@bp.route("/sites/<int:site_id>/recommendations/new", methods=["GET", "POST"])
@reviewer_required
def new_recommendation(site_id):
    """Turn a finding (an answer or a response, given in the address) into a recommendation."""
    found = _site(site_id)
    evidence = recommendations.evidence_from(
        found, request.args.get("answer", type=int), request.args.get("response", type=int))
    form = NewRecommendationForm()
    if request.method == "GET" and evidence and evidence[0][1]:
        answer = quotes.quotable_answer(evidence[0][1])
        form.area.data = answer.question.section.title if answer else ""
    if form.validate_on_submit():
        try:
            made = recommendations.create(found, _details(form), current_user, evidence,
                                          form.note.data, form.happened_on.data)
        except RecommendationError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash("The recommendation is saved as proposed.", "success")
            return redirect(url_for(".recommendation", recommendation_id=made.id))
    return render_template("reports/recommendation_form.html", site=found, form=form,
                           recommendation=None, evidence=_evidence_preview(evidence))


@bp.route("/recommendations/<int:recommendation_id>", methods=["GET", "POST"])
@reviewer_required
def recommendation(recommendation_id):
    """One recommendation: its evidence, its history, and moving it on with a note."""
    found = _recommendation(recommendation_id)
    form = StatusForm()
    form.status.choices = [(s.value, s.label) for s in recommendations.allowed_moves(found)]
    if form.validate_on_submit():
        try:
            recommendations.move(found, form.status.data or "", form.note.data, current_user,
                                 form.happened_on.data)
        except RecommendationError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash(f"Moved to “{found.status_label}”.", "success")
            return redirect(url_for(".recommendation", recommendation_id=found.id))
    return render_template("reports/recommendation.html", recommendation=found, form=form,
                           evidence=_evidence_quotes([found]))


@bp.route("/recommendations/<int:recommendation_id>/edit", methods=["GET", "POST"])
@reviewer_required
def edit_recommendation(recommendation_id):
    """Change a recommendation's wording, area, owner or due date; the history says what."""
    found = _recommendation(recommendation_id)
    form = RecommendationForm(obj=found) if request.method == "GET" else RecommendationForm()
    if request.method == "GET":
        form.note.data = ""
    if form.validate_on_submit():
        try:
            changed = recommendations.update(found, _details(form), current_user,
                                             form.note.data)
        except RecommendationError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            flash("Saved: changed " + ", ".join(changed) + "." if changed
                  else "Nothing was changed.", "success")
            return redirect(url_for(".recommendation", recommendation_id=found.id))
    return render_template("reports/recommendation_form.html", site=found.site, form=form,
                           recommendation=found, evidence=[])


@bp.route("/quotes/<int:answer_id>", methods=["GET", "POST"])
@reviewer_required
def quote(answer_id):
    """Choose a written answer as a quote for partners, and reword it for anonymity."""
    answer = quotes.quotable_answer(answer_id) or abort(404)
    saved = quotes.partner_quotes([answer.id]).get(answer.id)
    form = QuoteForm()
    if request.method == "GET":
        form.chosen.data = bool(saved and saved.chosen)
        form.text.data = quotes.partner_text(answer, saved)
    if form.validate_on_submit():
        try:
            quotes.save_partner_quote(answer, form.chosen.data, form.text.data, current_user)
        except quotes.QuoteError as error:
            form.text.errors.append(str(error))
        else:
            flash("The quote is saved. The answer as given is unchanged.", "success")
            return redirect(url_for(".quote", answer_id=answer.id))
    return render_template("reports/quote.html", answer=answer, form=form, saved=saved,
                           shown=quotes.partner_text(answer, saved))


@bp.route("/sessions/<int:session_id>")
@reviewer_required
def session(session_id):
    """A training session's feedback for the lecturer; prints cleanly."""
    found = db.session.get(TrainingSession, session_id) or abort(404)
    return render_template("reports/session.html", report=training_report.session_report(found))


def _details(form: RecommendationForm) -> Details:
    return Details(form.text.data or "", form.area.data or "", form.owner.data or "",
                   form.due_on.data)


def _evidence_preview(evidence):
    answer_ids = [answer_id for _, answer_id in evidence if answer_id]
    answers = [quotes.quotable_answer(i) for i in answer_ids]
    return quotes.as_quotes([a for a in answers if a is not None])


def _evidence_quotes(items) -> dict[int, list]:
    """recommendation id -> the quotes it rests on (as partners may read them)."""
    answers = [e.answer for r in items for e in r.evidence if e.answer is not None]
    by_answer = {q.answer_id: q for q in quotes.as_quotes(answers)}
    return {r.id: [by_answer[e.answer_id] for e in r.evidence if e.answer_id in by_answer]
            for r in items}
