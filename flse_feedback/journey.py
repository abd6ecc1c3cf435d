"""The page-by-page journey shared by the three forms: a section per page, Back, save for
later, check your answers, submit once, confirmation.

Each form's blueprint calls :func:`register_journey` with who may open a response, so the three
blueprints stay thin and the journey is written once.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from .extensions import csrf
from .models import Response
from .questionnaires.conditions import hidden_question_ids
from .questionnaires.forms import (
    TIMED_OUT, display_value, error_summary, initial_data, plan_page, settle_page)
from .services import journey_rows, pending, responses, version_cache
from .services.journey_rows import ResponseRow

NEXT, BACK, SAVE = "next", "back", "save"
PENDING_KEY = "pending_answers"  # session key: answers typed while logged out, see services.pending


@dataclass(frozen=True)
class JourneyRules:
    """What differs between the forms.

    :param load: token -> response, aborting 403/404 when the visitor may not open it
    :param guard: decorator declaring who may use the journey's routes
    :param exit_endpoint: where Back on the first page and "save and finish later" go
    :param can_save_for_later: offer "Save and finish later" (only with an account to come back to)
    :param needs_login: pages need a login; a page sent after the login expired is held for the
        person to find again once they log back in
    """

    load: Callable[[str], ResponseRow]
    guard: Callable
    exit_endpoint: str | None
    can_save_for_later: bool
    needs_login: bool = False


class SubmitForm(FlaskForm):
    """The Submit button on the check-your-answers page (CSRF only)."""


def register_journey(bp: Blueprint, rules: JourneyRules) -> "_JourneyViews":
    """Add the journey's routes to ``bp``: resume, each page, check, done."""
    views = _JourneyViews(bp.name, rules)
    for rule, endpoint, view, methods in (
        ("/r/<token>/", "resume", views.resume, ["GET"]),
        ("/r/<token>/<int:page>", "page", views.page, ["GET", "POST"]),
        ("/r/<token>/check", "check", views.check, ["GET", "POST"]),
        ("/r/<token>/done", "done", views.done, ["GET"]),
    ):
        wrapped = rules.guard(_as_view_function(view))
        if rules.needs_login and endpoint == "page":
            wrapped = _hold_answers_when_logged_out(wrapped)
        if "POST" in methods:
            # The page's own form checks CSRF, so a stale token re-shows the page with every
            # answer kept instead of failing before the view runs.
            csrf.exempt(wrapped)
        bp.add_url_rule(rule, endpoint, wrapped, methods=methods)
    return views


def _hold_answers_when_logged_out(view):
    """If a page arrives after the login expired, keep what was typed and ask to log in."""

    @wraps(view)
    def wrapped(token, page):
        if request.method == "POST" and not current_user.is_authenticated:
            if journey_rows.find_by_token(token) is None:
                abort(404)  # nothing is held for a response that does not exist
            session[PENDING_KEY] = pending.hold(token, page, request.form)
            flash("You were logged out, but what you typed is safe. Log in to carry on.", "info")
            return redirect(url_for("auth.login", next=request.path))
        return view(token=token, page=page)

    return wrapped


def _as_view_function(method):
    """A plain function around a bound method, so decorators can set attributes on it."""

    @wraps(method)
    def view(**kwargs):
        return method(**kwargs)

    return view


class _JourneyViews:
    def __init__(self, blueprint: str, rules: JourneyRules):
        self.bp = blueprint
        self.rules = rules

    def url(self, endpoint: str, response: ResponseRow | Response, **values) -> str:
        return self._url_of(response.token, endpoint, **values)

    def _url_of(self, token: str, endpoint: str, **values) -> str:
        return url_for(f"{self.bp}.{endpoint}", token=token, **values)

    def resume(self, token):
        """Go back to the page where the person left off."""
        response = self.rules.load(token)
        if response.is_submitted:
            return redirect(self.url("done", response))
        if response.last_page > len(version_cache.content_of(response.version).sections):
            return redirect(self.url("check", response))
        return redirect(self.url("page", response, page=response.last_page))

    def page(self, token, page):
        """One section of the form."""
        response = self.rules.load(token)
        if response.is_submitted:
            return redirect(self.url("done", response))
        version = version_cache.content_of(response.version)
        section = version.section_at(page) or abort(404)
        action = action_requested()
        saved = responses.saved_answers(response)
        stored = responses.values_of(saved)
        plan = plan_page(version, section, stored)
        form_class = version_cache.section_form(version, section, action == NEXT, plan)
        held = pending.claim(session.get(PENDING_KEY), token, page) if request.method == "GET" \
            else None
        if held is not None:
            session.pop(PENDING_KEY, None)
            flash("Here is what you typed before you were logged out. Check it, then carry on.",
                  "info")
            form = form_class(formdata=held)
        else:
            form = form_class(data=initial_data(section, stored))
        answers = submitted_page(form, plan, version, section, stored, action)
        if answers is not None:
            url, resume_page = self.target_after(response.token, version, page, action)
            try:
                responses.save_answers(response, answers, resume_page, saved)
            except responses.ResponseLocked:  # sent from another tab since this page was read
                return redirect(self.url("done", response))
            return redirect(url)
        return render_section_page(form, version, page, response=response,
                                   back_url=self._back_url(response, page), rules=self.rules,
                                   plan=plan)

    def target_after(self, token: str, version, page, action) -> tuple[str, int]:
        """(where to go, page to resume at) after saving ``page`` of ``version`` with
        ``action``, for the response with ``token``."""
        total = len(version.sections)
        if action == BACK:
            if page == 1:
                return self._exit_url(), 1
            return self._url_of(token, "page", page=page - 1), page - 1
        if action == SAVE and self.rules.can_save_for_later:
            flash("Your answers are saved. You can carry on from where you left off at any "
                  "time, on this phone or another device.", "success")
            return self._exit_url(), page
        if page >= total:
            return self._url_of(token, "check"), total + 1
        return self._url_of(token, "page", page=page + 1), page + 1

    def _exit_url(self) -> str:
        return url_for(self.rules.exit_endpoint) if self.rules.exit_endpoint else "/"

    def _back_url(self, response, page) -> str | None:
        if page > 1:
            return self.url("page", response, page=page - 1)
        return self._exit_url() if self.rules.exit_endpoint else None

    def check(self, token):
        """Check your answers, then submit."""
        response = self.rules.load(token)
        if response.is_submitted:
            return redirect(self.url("done", response))
        version = version_cache.content_of(response.version)
        form = SubmitForm()
        missing = []
        if form.validate_on_submit():
            # Made before submitting: afterwards the committed response would be read again,
            # with every answer, only for its token.
            done = self.url("done", response)
            try:
                responses.submit(response)
            except responses.MissingAnswers as error:
                missing = error.questions
            else:
                return redirect(done)
        elif request.method == "POST":
            flash(TIMED_OUT, "error")
        return render_template(
            "questionnaires/check.html", response=response, version=version, form=form,
            missing=missing, summary=answer_summary(response, version),
            page_of=_page_of(version))

    def done(self, token):
        """Confirmation that the response was received."""
        response = self.rules.load(token)
        if not response.is_submitted:
            return redirect(self.url("resume", response))
        return render_template("questionnaires/done.html", response=response, rules=self.rules)


def submitted_page(form, plan, version, section, stored, action) -> dict | None:
    """The page's answers when it was sent and is fine, else None (show the page again)."""
    if not form.is_submitted():
        return None
    return settle_page(form, plan, version, section, stored, request.form,
                       enforce_required=(action == NEXT))


def action_requested() -> str:
    """Which button was pressed: Continue (the default), Back, or Save and finish later.

    Anything else counts as Continue, so an odd value can never skip a required answer.
    """
    if request.method != "POST":
        return NEXT
    if not request.form:
        # Browsers always send the form token and a button; an empty form means the body could
        # not be read (for example bytes that are not UTF-8). Saving would keep stale answers.
        abort(400)
    action = request.form.get("action", NEXT)
    return action if action in (NEXT, BACK, SAVE) else NEXT


def render_section_page(form, version, page, *, response, back_url, rules, plan, **extra):
    """The page for one section; the form posts back to the address it was shown at."""
    return render_template(
        "questionnaires/page.html", form=form, response=response, version=version,
        section=version.section_at(page), page=page, total=len(version.sections),
        rules=rules, back_url=back_url, errors=error_summary(form), shown=plan.shown,
        live_sources=_live_sources(version.section_at(page), plan), **extra)


def _live_sources(section, plan) -> dict[int, str]:
    """Question id -> form field name of the same-page question its condition is about
    (the page's script hides the question until that answer fits)."""
    fields = {q.key: q.field_name for q in section.questions}
    return {question_id: fields[condition["question"]]
            for question_id, condition in plan.live.items()
            if condition.get("question") in fields}


def answer_summary(response: ResponseRow | Response, version) -> list[dict]:
    """Per section: its page number, the answered questions in words, and how many skipped."""
    stored = responses.values_of(responses.saved_answers(response))
    hidden = hidden_question_ids(version.questions(), stored)
    summary = []
    for number, section in enumerate(version.sections, start=1):
        asked = [q for q in section.questions if q.id not in hidden]
        answered = [(q, display_value(q, stored[q.id])) for q in asked if q.id in stored]
        summary.append({"page": number, "section": section, "answered": answered,
                        "skipped": len(asked) - len(answered)})
    return summary


def _page_of(version) -> dict[int, int]:
    """Question id -> page number, so a missing answer can link to its page."""
    return {q.id: number for number, section in enumerate(version.sections, start=1)
            for q in section.questions}


def owned_by_current_user(kind: str) -> Callable[[str], ResponseRow]:
    """Loader for volunteers' forms: only the person who started a response may open it."""
    def load(token: str) -> ResponseRow:
        response = journey_rows.find_by_token(token)
        if response is None or response.kind != kind:
            abort(404)
        if response.respondent_id != current_user.id:
            abort(403)
        return response

    return load


def my_responses_page(kind: str, start_endpoint: str):
    """The volunteer's own drafts and sent responses of one kind ("My visits")."""
    return render_template("visits/index.html", kind=kind, start_endpoint=start_endpoint,
                           visits=responses.drafts_and_submissions(current_user, kind))


def start_and_open(version, **context):
    """Create the current volunteer's draft and open its first page."""
    response = responses.start_response(version, respondent=current_user, **context)
    return redirect(url_for(".page", token=response.token, page=1))
