"""Every page of every role, in a real browser on a phone: axe-core (WCAG 2.2 A and AA), no
sideways scrolling at 320 px, valid HTML (Nu HTML checker), and nothing fetched from elsewhere;
then the 30 KB first-visit budget of the pages respondents see.

Each test walks a group of pages and reports every failure of every page in one assertion, so
one run shows everything that is wrong.
"""
from __future__ import annotations

import gc
import re
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from flse_feedback.models import Role
from flse_feedback.services import questionnaires, responses, tagging, users
from tests.browser.support import (
    BUDGET_BYTES, IGNORE_STATIC_FILE_LEAK, axe_violations, count_favicon, expect, html_errors,
    login_as, page_html, sideways_scroll, traffic)

pytestmark = [pytest.mark.browser, IGNORE_STATIC_FILE_LEAK]

TOKEN = re.compile(r"/r/[^/]+/")
VISIT_DATE = "2026-11-20"


def _where(page) -> str:
    parts = urlsplit(page.url)
    path = TOKEN.sub("/r/<token>/", parts.path)
    return path + (f"?{parts.query}" if parts.query else "")


class Audit:
    """Checks each page it is shown and keeps every failure, to report them all at the end."""

    def __init__(self, page):
        self.page = page
        self.failures: dict[str, list[str]] = {}
        self.documents: dict[str, str] = {}
        self.foreign_seen: set[str] = set()

    def visit(self, path: str, note: str = "", status: int = 200) -> None:
        self.page.goto(path)
        self.check(note, status)

    def check(self, note: str = "", status: int = 200) -> None:
        """Check the page now shown (``note`` tells apart two states of one address)."""
        page = self.page
        page.wait_for_load_state("load")
        label = _where(page) + (f" ({note})" if note else "")
        problems = self.failures.setdefault(label, [])
        received = traffic(page).documents[-1].status
        if received != status:
            problems.append(f"HTTP status {received}, expected {status}")
        problems.extend(axe_violations(page))
        scroll = sideways_scroll(page)
        if scroll:
            problems.append(scroll)
        self.documents[label] = page_html(page)
        for url in traffic(page).foreign():
            if url not in self.foreign_seen:
                self.foreign_seen.add(url)
                problems.append(f"request left the live server: {url}")

    def report(self) -> None:
        for label, errors in html_errors(self.documents).items():
            self.failures[label].extend(errors)
        failing = {label: problems for label, problems in self.failures.items() if problems}
        print(f"\naudited {len(self.failures)} page states: axe, 320 px, Nu checker, origin")
        lines = []
        for label, problems in failing.items():
            lines.append(f"{label}:")
            lines.extend(f"  - {problem}" for problem in problems)
        assert not failing, (f"{len(failing)} of {len(self.failures)} pages fail:\n"
                             + "\n".join(lines))


def tap(page, name: str) -> None:
    """Tap a button that sends a form, and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def question(kind: str, key: str) -> str:
    return next(q.text for q in questionnaires.published_version(kind).questions()
                if q.key == key)


def section_count(kind: str) -> int:
    return len(questionnaires.published_version(kind).sections)


def token_in(url: str) -> str:
    return re.search(r"/r/([^/]+)/", url).group(1)


# --- every page, every role --------------------------------------------------------------------

def test_public_pages(page, builtins, build):
    setup_token = users.issue_setup_token()
    audit = Audit(page)
    audit.visit("/", "anonymous")
    audit.visit("/auth/login")
    tap(page, "Log in")
    audit.check("error shown")
    audit.visit("/accessibility")
    audit.visit(f"/auth/setup/{setup_token}")
    audit.visit("/no-such-page", status=404)
    audit.report()


def test_training_form_pages(page, builtins, build):
    build.training_session(slug="open-session", title="Trauma-informed practice")
    build.training_session(slug="closed-session", title="Last year's session", is_open=False)
    total = section_count("training")
    email = question("training", "follow_up_email")
    audit = Audit(page)

    audit.visit("/training/closed-session", "closed")
    audit.visit("/training/open-session")
    tap(page, "Continue")
    token = token_in(page.url)
    for number in range(1, total + 1):
        audit.visit(f"/training/r/{token}/{number}")
    page.get_by_label(email).fill("not an email address")
    tap(page, "Check your answers")
    audit.check("error shown")
    page.get_by_label(email).fill("")
    tap(page, "Check your answers")
    audit.check()
    tap(page, "Send my answers")
    audit.check()
    audit.report()


def _walk_volunteer_form(page, audit, prefix: str, kind: str, start_button: str, answer_first):
    """My list, start, every section (and an error), check (with a missing answer), done."""
    total = section_count(kind)
    audit.visit(f"{prefix}/", "nothing yet")
    audit.visit(f"{prefix}/new")
    tap(page, start_button)  # nothing chosen yet: the page explains what is missing
    audit.check("nothing chosen")
    for select in page.locator("select").all():
        select.select_option(index=1)  # the first real choice after "Choose ..."
    tap(page, start_button)
    token = token_in(page.url)
    tap(page, "Continue")
    audit.check("error shown")
    for number in range(1, total + 1):
        audit.visit(f"{prefix}/r/{token}/{number}")
    audit.visit(f"{prefix}/r/{token}/check")
    tap(page, "Send my answers")
    audit.check("answers missing")
    audit.visit(f"{prefix}/", "a draft")
    audit.visit("/", "logged in, with a draft")
    page.goto(f"{prefix}/r/{token}/1")
    answer_first(page)
    tap(page, "Continue")
    page.goto(f"{prefix}/r/{token}/check")
    tap(page, "Send my answers")
    audit.check()
    audit.visit(f"{prefix}/", "one sent")


def test_mystery_shop_pages(page, builtins, build):
    volunteer = build.user(Role.VOLUNTEER, name="Alex")
    build.site("Jobcentre Plus", area="Hove")
    build.scenario("Sam, sofa surfing", character_name="Sam")
    visit_date = question("mystery_shop", "visit_date")
    audit = Audit(page)
    login_as(page, volunteer)

    _walk_volunteer_form(page, audit, "/mystery-shop", "mystery_shop", "Start the checklist",
                         lambda p: p.get_by_label(visit_date).fill(VISIT_DATE))
    audit.report()


def test_environment_pages(page, builtins, build):
    volunteer = build.user(Role.VOLUNTEER, name="Jo")
    build.site("Housing Options", area="Brighton")
    assessed_on = question("environment", "assessment_date")

    def answer_first(p):
        p.get_by_label(assessed_on).fill(VISIT_DATE)
        p.get_by_label("Person with lived experience", exact=True).check()

    audit = Audit(page)
    login_as(page, volunteer)
    _walk_volunteer_form(page, audit, "/environment", "environment", "Start the assessment",
                         answer_first)
    audit.report()


def test_account_pages(page, builtins, build):
    volunteer = build.user(Role.VOLUNTEER, name="Alex")
    audit = Audit(page)
    login_as(page, volunteer)
    audit.visit("/", "volunteer")
    audit.visit("/auth/password")
    tap(page, "Change password")
    audit.check("error shown")
    audit.visit("/admin/", "a volunteer may not", status=403)
    audit.report()


def test_review_pages(page, builtins, build):
    reviewer = build.user(Role.REVIEWER, name="Sam")
    session = build.training_session(slug="week-6", title="Trauma-informed practice")
    sent = [
        build.submitted("training", {"participant_role": "housing",
                                     "could_improve": "More time for questions, please."},
                        training_session=session),
        build.submitted("mystery_shop", {
            "visit_date": VISIT_DATE, "one_change": "Let people talk somewhere private.",
            "best_thing": "The receptionist was kind and patient."},
            respondent=build.user(), site=build.site(), scenario=build.scenario()),
        build.submitted("environment", {
            "assessment_date": VISIT_DATE, "perspective": "staff",
            "waiting_improve": "The waiting room is loud and there is nowhere quiet to sit."},
            respondent=build.user(), site=build.site()),
    ]
    response_ids = [response.id for response in sent]
    audit = Audit(page)
    login_as(page, reviewer)
    audit.visit("/", "reviewer")
    audit.visit("/review/")
    audit.visit("/review/?kind=mystery_shop")
    audit.visit(f"/review/?session={session.id}&sentiment=positive&q=time")
    for response_id in response_ids:
        audit.visit(f"/review/responses/{response_id}")
    audit.visit(f"/review/responses/{response_ids[1]}?kind=mystery_shop")
    audit.visit("/review/summary")
    audit.visit(f"/review/summary?session={session.id}")
    audit.visit("/review/summary?kind=mystery_shop")
    audit.visit("/review/codebook/")
    audit.visit("/review/codebook/new")
    audit.visit("/review/codebook/privacy")
    audit.visit("/review/codebook/retag")
    audit.visit("/training/week-6/share")
    audit.visit("/training/week-6/share/print")
    audit.report()


def test_admin_pages(page, builtins, build):
    if hasattr(tagging, "install_default_safeguarding"):
        tagging.install_default_safeguarding()
    admin = build.user(Role.ADMIN, name="Ada")
    records = {"sites": build.site("Jobcentre Plus", area="Hove").id,
               "scenarios": build.scenario("Sam, sofa surfing").id,
               "training-sessions": build.training_session(slug="week-6").id}
    other = build.user(Role.VOLUNTEER, name="Alex").id
    categories = [category.id for category in tagging.safeguarding_categories()] \
        if hasattr(tagging, "safeguarding_categories") else []
    audit = Audit(page)
    login_as(page, admin)
    audit.visit("/", "admin")
    audit.visit("/admin/")
    for kind, record_id in records.items():
        audit.visit(f"/admin/{kind}/")
        audit.visit(f"/admin/{kind}/new")
        audit.visit(f"/admin/{kind}/{record_id}")
    page.goto("/admin/sites/new")
    tap(page, "Save")
    audit.check("error shown")
    audit.visit("/admin/users/")
    audit.visit("/admin/users/new")
    audit.visit(f"/admin/users/{other}")
    audit.visit(f"/admin/users/{other}/delete")
    audit.visit("/admin/audit")
    audit.visit("/admin/safeguarding/")
    for category_id in categories[:1]:
        audit.visit(f"/admin/safeguarding/{category_id}")
    audit.report()


def test_report_pages(page, builtins, build):
    reviewer = build.user(Role.REVIEWER, name="Sam")
    site = build.site("Jobcentre Plus", area="Hove", names_to_mask="Dave")
    volunteer = build.user()
    sent = [build.submitted("environment", {
        "assessment_date": VISIT_DATE, "perspective": perspective,
        "reception_staffed": "yes", "reception_private": private, "reception_welcoming": 3,
        "reception_improve": "Everyone can hear you at the desk. Dave was kind though.",
        "keep": "The staff were kind."}, respondent=volunteer, site=site)
        for perspective, private in (("staff", "no"), ("lived_experience", "yes"),
                                     ("manager", "na"), ("commissioner", "no"))]
    build.submitted("mystery_shop", {
        "visit_date": VISIT_DATE, "feelings_before": ["nervous"], "feelings_after": ["safe"],
        "one_change": "Let people talk somewhere private.", "best_thing": "A kind welcome."},
        respondent=volunteer, site=site, scenario=build.scenario())
    session = build.training_session(slug="week-6", title="Trauma-informed practice")
    build.submitted("training", {"relevance": 4, "confidence_trauma_before": 2,
                                 "confidence_trauma_now": 4,
                                 "do_differently": "Ask what happened, not what is wrong."},
                    training_session=session)
    answer = next(a for a in sent[0].answers if a.question.key == "reception_improve")
    rounds = "before_from=2026-11-01&before_to=2026-11-30&after_from=2026-12-01&after_to=2026-12-31"
    audit = Audit(page)
    login_as(page, reviewer)
    audit.visit("/reports/")
    audit.visit(f"/reports/sites/{site.id}")
    audit.visit(f"/reports/sites/{site.id}?from=2026-13-01&to=", "error shown")
    audit.visit(f"/reports/sites/{site.id}/compare")
    audit.visit(f"/reports/sites/{site.id}/compare?{rounds}")
    audit.visit(f"/reports/sites/{site.id}/compare?before_from=x", "error shown")
    audit.visit(f"/reports/quotes/{answer.id}")
    page.get_by_label("Use this quote in reports for partners").check()
    tap(page, "Save the quote")
    audit.check("saved")
    audit.visit(f"/reports/sites/{site.id}/recommendations", "none yet")
    audit.visit(f"/reports/sites/{site.id}/recommendations/new?answer={answer.id}")
    page.locator("#text").fill("")
    tap(page, "Save as proposed")
    audit.check("error shown")
    page.locator("#text").fill("Add a private reception desk.")
    tap(page, "Save as proposed")
    audit.check("made")
    tap(page, "Save")
    audit.check("error shown")
    page.get_by_label("Agreed", exact=True).check()
    page.locator("#note").fill("Agreed with the manager.")
    tap(page, "Save")
    audit.check("moved")
    recommendation_path = urlsplit(page.url).path
    audit.visit(f"{recommendation_path}/edit")
    audit.visit(f"/reports/sites/{site.id}/recommendations")
    audit.visit(f"/reports/sites/{site.id}/recommendations/print")
    audit.visit(f"/reports/sessions/{session.id}")


def test_builder_pages(page, builtins, build):
    from flse_feedback.services import builder

    reviewer = build.user(Role.REVIEWER, name="Sam")
    made = builder.create_questionnaire("GP surgery visit", "mystery_shop")
    draft = builder.draft_of(made)
    section = builder.add_section(draft, "Arriving", "What you saw first.")
    asked = builder.add_question(section, "yes_no_na", {"text": "Were you greeted?",
                                                        "required": True})
    follow_up = builder.add_question(section, "short_text", {"text": "Who greeted you?"})
    builder.set_condition(follow_up, asked.key, ["yes"])
    builder.add_question(section, "scale", {"text": "How calm was it?", "options": {
        "scale": ["Very tense", "Tense", "Neither", "Calm", "Very calm"]}})
    training = questionnaires.questionnaire_by_key("training")
    base = f"/builder/{made.id}"
    audit = Audit(page)
    login_as(page, reviewer)
    audit.visit("/builder/")
    audit.visit("/builder/new")
    tap(page, "Make it")
    audit.check("error shown")
    audit.visit("/builder/import")
    tap(page, "Import")
    audit.check("nothing chosen")
    page.get_by_label("Or paste the definition here").fill('{"key": "x", "sections": [}')
    tap(page, "Import")
    audit.check("faults listed")
    audit.visit("/builder/import-xlsform")
    audit.visit(f"{base}/")
    audit.visit(f"/builder/{training.id}/", "built in")
    audit.visit(f"/builder/{training.id}/copy")
    copied = builder.copy_questionnaire(questionnaires.published_version("training"), "Ours")
    learning = builder.draft_of(copied).sections[-1]
    audit.visit(f"/builder/{copied.id}/sections/{learning.id}/objective")
    tap(page, "Add the two questions")
    audit.check("error shown")
    audit.visit(f"{base}/details")
    audit.visit(f"{base}/sections/new")
    audit.visit(f"{base}/sections/{section.id}")
    audit.visit(f"{base}/sections/{section.id}/questions/new")
    audit.visit(f"{base}/sections/{section.id}/questions/new?type=scale")
    audit.visit(f"{base}/sections/{section.id}/questions/new?type=single_choice")
    tap(page, "Add the question")
    audit.check("error shown")
    audit.visit(f"{base}/questions/{asked.id}")
    audit.visit(f"{base}/questions/{follow_up.id}", "text")
    audit.visit(f"{base}/questions/{follow_up.id}/condition")
    audit.visit(f"{base}/questions/{asked.id}/condition", "nothing earlier")
    audit.visit(f"{base}/versions/1/preview/1")
    tap(page, "Check your answers")
    audit.check("error shown")
    page.goto(f"{base}/")
    tap(page, "Publish version 1")
    audit.check("published")
    audit.report()


# Endpoints the tests above visit, and the routes that are not pages a person reads.
AUDITED = {
    "main.home", "main.accessibility", "auth.login", "auth.change_password", "auth.first_admin",
    "training.start", "training.page", "training.check", "training.done", "training.share",
    "training.share_print", "mystery_shop.index", "mystery_shop.new", "mystery_shop.page",
    "mystery_shop.check", "mystery_shop.done", "environment.index", "environment.new",
    "environment.page", "environment.check", "environment.done", "review.inbox",
    "review.response", "admin.index", "admin.records", "admin.edit_record", "admin.user_list",
    "admin.new_user", "admin.edit_user", "admin.delete_user", "admin.audit_log",
    "admin.safeguarding", "admin.edit_safeguarding", "review.summary", "review.themes",
    "review.new_theme", "review.edit_theme", "review.retag", "reports.index", "reports.site",
    "reports.compare", "reports.quote", "reports.site_recommendations",
    "reports.new_recommendation", "reports.recommendation", "reports.edit_recommendation",
    "reports.partner_list", "reports.session",
    "builder.index", "builder.new", "builder.import_json", "builder.import_xlsform",
    "builder.questionnaire", "builder.copy", "builder.details", "builder.preview",
    "builder.new_section", "builder.edit_section", "builder.new_question",
    "builder.edit_question", "builder.condition", "builder.new_objective",
}
NOT_PAGES = {
    "static", "main.healthz", "review.export", "review.legacy_export", "admin.user_data",
    "auth.logout",
    "training.resume", "mystery_shop.resume", "environment.resume", "builder.export",
}


def test_every_page_is_audited(session_app):
    """A new page must be added to the audits above (or to NOT_PAGES if nobody reads it)."""
    endpoints = {rule.endpoint for rule in session_app.url_map.iter_rules()
                 if "GET" in rule.methods}
    assert endpoints - AUDITED - NOT_PAGES == set()


def test_compressed_static_files_are_closed(app):
    """Sending a static file compressed must close the file (else ResourceWarning, fd leak)."""
    client = app.test_client()
    leaks = []
    for path in sorted(Path(app.static_folder).iterdir()):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            response = client.get(f"/static/{path.name}",
                                  headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
            response.get_data()
            encoding = response.headers.get("Content-Encoding", "none")
            response.close()
            del response
            gc.collect()
        leaks += [f"/static/{path.name} (Content-Encoding: {encoding}): {w.message}"
                  for w in caught if issubclass(w.category, ResourceWarning)]
    assert not leaks, "static files left open:\n  " + "\n  ".join(leaks)


# --- the 30 KB first-visit budget --------------------------------------------------------------

def first_visit(new_page, path: str, cookies=None):
    """Open ``path`` in a fresh context (cold cache) and return (page, transfers)."""
    page = new_page(cookies=cookies)
    page.goto(path)
    page.wait_for_load_state("networkidle")
    count_favicon(page)
    return page, traffic(page).transfers()


def _breakdown(transfers) -> str:
    return ", ".join(f"{urlsplit(t.url).path} [{t.kind}, {t.status}] {t.bytes:,} B"
                     for t in sorted(transfers, key=lambda t: -t.bytes))


def _training_pages(new_page, build):
    build.training_session(slug="budget", title="Trauma-informed practice")
    yield "/training/budget", None
    setup = new_page()
    setup.goto("/training/budget")
    tap(setup, "Continue")
    token, cookies = token_in(setup.url), setup.context.cookies()
    for number in range(2, section_count("training") + 1):
        yield f"/training/r/{token}/{number}", cookies
    yield f"/training/r/{token}/check", cookies
    setup.goto(f"/training/r/{token}/check")
    tap(setup, "Send my answers")
    expect(setup.get_by_role("heading", name="Thank you, your answers have been sent")
           ).to_be_visible()
    yield f"/training/r/{token}/done", cookies


def _volunteer_pages(new_page, build, kind: str, prefix: str):
    volunteer = build.user(Role.VOLUNTEER)
    context = {"site": build.site(), "respondent": volunteer}
    if kind == "mystery_shop":
        context["scenario"] = build.scenario()
    token = responses.start_response(questionnaires.published_version(kind), **context).token
    setup = new_page()
    login_as(setup, volunteer)
    cookies = setup.context.cookies()
    for number in range(1, section_count(kind) + 1):
        yield f"{prefix}/r/{token}/{number}", cookies


def _login_pages(new_page, build):
    yield "/auth/login", None


PAGE_GROUPS = {
    "login": _login_pages,
    "training": _training_pages,
    "mystery_shop": lambda new_page, build: _volunteer_pages(
        new_page, build, "mystery_shop", "/mystery-shop"),
    "environment": lambda new_page, build: _volunteer_pages(
        new_page, build, "environment", "/environment"),
}


@pytest.mark.parametrize("group", list(PAGE_GROUPS))
def test_first_visit_fits_in_30_kb(group, new_page, builtins, build):
    rows, failures = [], []
    for path, cookies in PAGE_GROUPS[group](new_page, build):
        page, transfers = first_visit(new_page, path, cookies)
        total = sum(t.bytes for t in transfers)
        label = TOKEN.sub("/r/<token>/", path)
        rows.append((label, len(transfers), total))
        if traffic(page).documents[-1].status != 200:
            failures.append(f"{label}: HTTP status {traffic(page).documents[-1].status}")
        if total > BUDGET_BYTES:
            failures.append(
                f"{label}: {total:,} bytes > {BUDGET_BYTES:,} ({_breakdown(transfers)})")
        for url in traffic(page).foreign():
            failures.append(f"{label}: request left the live server: {url}")
    width = max(len(label) for label, _, _ in rows)
    print(f"\nFirst visit, cold cache ({group}): page, requests, bytes over the wire")
    for label, count, total in rows:
        flag = "  OVER BUDGET" if total > BUDGET_BYTES else ""
        print(f"  {label:<{width}}  {count:>2}  {total:>7,}{flag}")
    assert not failures, "\n".join(failures)
