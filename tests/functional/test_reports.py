"""Site reports, before-and-after, recommendations and quotes for partners, through the app.

One site is visited in two rounds (March and September 2026): two environment assessments and
a mystery shop in the first, one assessment in the second. Between them a recommendation is
made from a quote, agreed and done. The tests read what a coproduction worker and a partner
would read.
"""
from __future__ import annotations

import re
import shutil
from datetime import date, datetime, time, timezone

import pytest
import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import (
    Answer, AuditEvent, PartnerQuote, Question, Recommendation, RecommendationEvent, Role)
from tests.builders import Builders
from tests.helpers import page_text

FIRST_ROUND = {"before_from": "2026-03-01", "before_to": "2026-03-31",
               "after_from": "2026-09-01", "after_to": "2026-09-30"}
OVERHEARD = ("The reception desk is open plan and everyone in the queue can hear "
             "why you are there. Ask Dave Jones on 07700 900123.")
KIND_STAFF = "The staff were kind and patient, and the water machine was a nice touch."


def sent_on(response, day: date) -> None:
    Builders().sent_on(response, datetime.combine(day, time(12), tzinfo=timezone.utc))


def answer_of(response, key: str) -> Answer:
    return db.session.scalar(sa.select(Answer).join(Question).where(
        Answer.response_id == response.id, Question.key == key))


@pytest.fixture
def site_visits(builtins, build):
    """A site with a first round (two assessments, one mystery shop) and a second round."""
    site = build.site("Jobcentre Plus", area="Hove", names_to_mask="Dave Jones")
    volunteer = build.user(Role.VOLUNTEER, name="Alex Morgan", email="alex@example.org")
    first_a = build.submitted("environment", {
        "assessment_date": "2026-03-10", "perspective": "lived_experience",
        "reception_staffed": "yes", "reception_private": "no", "reception_barrier": "yes",
        "directional_signs": "no", "reception_welcoming": 2,
        "reception_improve": OVERHEARD, "keep": KIND_STAFF}, respondent=volunteer, site=site)
    first_b = build.submitted("environment", {
        "assessment_date": "2026-03-12", "perspective": "staff",
        "reception_staffed": "yes", "reception_private": "na", "directional_signs": "no",
        "reception_welcoming": 3,
        "top_changes": "Somewhere private to talk, Alex says the signs are confusing."},
        respondent=build.user(), site=site)
    shop = build.submitted("mystery_shop", {
        "visit_date": "2026-03-15", "feelings_before": ["nervous", "fearful"],
        "feelings_after": ["judged", "powerless"], "overall_rating": 2,
        "one_change": "Let people say why they are there somewhere private."},
        respondent=volunteer, site=site, scenario=build.scenario("Sam, sofa surfing"))
    second = build.submitted("environment", {
        "assessment_date": "2026-09-08", "perspective": "lived_experience",
        "reception_staffed": "yes", "reception_private": "yes", "reception_barrier": "no",
        "directional_signs": "yes", "reception_welcoming": 4},
        respondent=volunteer, site=site)
    for response, day in ((first_a, date(2026, 3, 10)), (first_b, date(2026, 3, 12)),
                          (shop, date(2026, 3, 15)), (second, date(2026, 9, 8))):
        sent_on(response, day)
    other_site = build.site("Housing Options")
    build.submitted("environment", {"assessment_date": "2026-03-11", "perspective": "staff",
                                    "reception_staffed": "no"}, respondent=volunteer,
                    site=other_site)
    return {"site": site, "first_a": first_a, "first_b": first_b, "shop": shop,
            "second": second, "volunteer": volunteer}


@pytest.fixture
def worker(build, login):
    person = build.user(Role.REVIEWER, name="Priya Shah")
    login(person)
    return person


def tag(client, response, key, themes, sentiment):
    """A coproduction worker's theme and sentiment decision, through the review page."""
    answer = answer_of(response, key)
    result = client.post(f"/review/responses/{response.id}/answers/{answer.id}",
                         data={"themes": themes, "sentiment": sentiment})
    assert result.status_code == 302
    return answer


# --- the site report ----------------------------------------------------------------------------

def test_site_report_gives_each_area_and_visit_score_leaving_out_not_applicable(
        client, site_visits, worker):
    site = site_visits["site"]

    page = client.get(f"/reports/sites/{site.id}?from=2026-03-01&to=2026-03-31")
    text = page_text(page)

    assert page.status_code == 200
    assert ("3 visits sent from 1 Mar 2026 to 31 Mar 2026 (Environment walk-through: 2; "
            "Mystery shop visit: 1).") in text
    assert "About this assessment" not in text and "how are you?" not in text
    # Reception, both assessments: yes 3 (staffed twice, barrier), no 3, one n/a left out.
    assert re.search(r"Reception 50% 3 3 1", text)
    # Each visit on its own: the first 2 yes of 4, the second 1 yes of 2 (n/a left out).
    assert re.search(r"Reception 50% 50%", text)
    assert "Visit 1 10 Mar 2026, Person with lived experience" in text
    assert "Visit 2 12 Mar 2026, Staff" in text
    # The September assessment and the other site's are not in it.
    assert "8 Sep 2026" not in text


def test_site_report_counts_feelings_and_lists_what_works_and_changes(
        client, site_visits, worker):
    site = site_visits["site"]
    tag(client, site_visits["first_a"], "reception_improve", ["privacy"], "negative")
    tag(client, site_visits["shop"], "one_change", ["privacy"], "negative")
    tag(client, site_visits["first_b"], "top_changes", ["information_signposting"], "negative")

    text = page_text(client.get(f"/reports/sites/{site.id}?from=2026-03-01&to=2026-03-31"))

    feelings = text[text.index("How shoppers felt"):text.index("Themes in what people wrote")]
    assert "Before going in, I felt... (1 answered) Word Shoppers Nervous 1 Fearful 1" in feelings
    assert "Judged 1 Powerless 1" in feelings
    works = text[text.index("What works and should be kept"):
                 text.index("Changes people asked for")]
    assert KIND_STAFF in works
    assert "Reception: Is reception staffed whenever the building is open? 100% yes (2 of 2)" \
        in works
    changes = text[text.index("Changes people asked for"):text.rindex("Recommendations")]
    # Privacy was asked about twice, signposting once: the bigger group comes first.
    assert changes.index("Privacy & confidentiality: 2 answers") \
        < changes.index("Information, explanation (incl. jargon) & signposting: 1 answer")
    assert "Let people say why they are there somewhere private." in changes


def test_quotes_for_partners_carry_no_identity(client, site_visits, worker):
    site = site_visits["site"]

    page = client.get(f"/reports/sites/{site.id}")
    html = page.get_data(as_text=True)

    assert "everyone in the queue can hear why you are there. Ask [name] on [phone]." in html
    assert "Somewhere private to talk, [name] says the signs are confusing." in html
    for identity in ("Dave", "07700", "Alex", "Morgan", "alex@example.org",
                     f"respondent={site_visits['volunteer'].id}"):
        assert identity not in html


def test_a_reworded_quote_is_shown_and_audited_and_the_answer_stays(
        client, site_visits, worker):
    site, response = site_visits["site"], site_visits["first_a"]
    answer = tag(client, response, "reception_improve", ["privacy"], "negative")

    page = client.get(f"/reports/quotes/{answer.id}")
    assert "The answer as it was given" in page_text(page)
    saved = client.post(f"/reports/quotes/{answer.id}", data={
        "chosen": "y", "text": "Everyone in the queue can hear why you are there."})
    assert saved.status_code == 302

    report = page_text(client.get(f"/reports/sites/{site.id}"))
    privacy = report[report.index("Privacy & confidentiality"):]
    assert "Chosen quote (negative) Everyone in the queue can hear why you are there." in privacy
    db.session.expire_all()
    assert answer_of(response, "reception_improve").value == OVERHEARD
    stored = db.session.get(PartnerQuote, answer.id)
    assert stored.chosen and stored.text == "Everyone in the queue can hear why you are there."
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "quote"))
    assert event.target == f"answer {answer.id}" and event.details["reworded"] is True
    assert "queue" not in str(event.details)


def test_a_too_long_rewording_is_explained_and_kept(client, site_visits, worker):
    answer = answer_of(site_visits["first_a"], "reception_improve")
    typed = "word " * 1100

    page = client.post(f"/reports/quotes/{answer.id}", data={"text": typed})

    assert page.status_code == 200
    assert "Keep the quote to 5,000 characters or fewer" in page_text(page)
    assert "word word word" in page.get_data(as_text=True)
    assert db.session.get(PartnerQuote, answer.id) is None


def test_the_report_prints_without_navigation(client, site_visits, worker):
    html = client.get(f"/reports/sites/{site_visits['site'].id}").get_data(as_text=True)

    assert "<nav" not in html and "site-header" not in html
    assert 'class="report-tools no-print"' in html
    assert "reports.css" in html


def test_bad_dates_are_explained_with_what_was_typed_kept(client, site_visits, worker):
    site = site_visits["site"]

    page = client.get(f"/reports/sites/{site.id}?from=31/02/2026&to=2026-01-01")
    text = page_text(page)

    assert page.status_code == 200
    assert "Error: Site report" in text
    assert "Enter a real date" in text
    assert 'value="31/02/2026"' in page.get_data(as_text=True)
    later = page_text(client.get(f"/reports/sites/{site.id}?from=2026-05-01&to=2026-01-01"))
    assert "The end date must be on or after the start date." in later


# --- recommendations ----------------------------------------------------------------------------

def make_recommendation(client, site_visits) -> Recommendation:
    site = site_visits["site"]
    answer = answer_of(site_visits["first_a"], "reception_improve")
    form = client.get(f"/reports/sites/{site.id}/recommendations/new?answer={answer.id}")
    assert 'value="Reception"' in form.get_data(as_text=True)
    made = client.post(f"/reports/sites/{site.id}/recommendations/new?answer={answer.id}", data={
        "text": "Add a private reception desk.", "area": "Reception",
        "owner": "Site manager", "due_on": "2026-06-30", "happened_on": "2026-03-20",
        "note": "Raised at the March meeting."})
    assert made.status_code == 302
    return db.session.scalar(sa.select(Recommendation))


def move(client, recommendation, status, note, day):
    return client.post(f"/reports/recommendations/{recommendation.id}",
                       data={"status": status, "note": note, "happened_on": day})


def test_a_recommendation_is_made_from_a_quote_and_moved_on_with_dated_notes(
        client, site_visits, worker):
    recommendation = make_recommendation(client, site_visits)
    assert move(client, recommendation, "agreed", "Agreed with the manager.",
                "2026-04-02").status_code == 302
    assert move(client, recommendation, "in_progress", "Builders booked.",
                "2026-05-01").status_code == 302
    assert move(client, recommendation, "done", "Desk fitted.", "2026-06-01").status_code == 302

    text = page_text(client.get(f"/reports/recommendations/{recommendation.id}"))

    assert "Where it has got to Done" in text
    history = text[text.index("History"):]
    assert re.search(r"20 Mar 2026 : proposed, by Priya Shah Raised at the March meeting\..*"
                     r"2 Apr 2026 : moved from proposed to agreed, by Priya Shah "
                     r"Agreed with the manager\..*1 May 2026 : moved from agreed to in progress"
                     r".*1 Jun 2026 : moved from in progress to done, by Priya Shah Desk fitted\.",
                     history)
    evidence = text[text.index("Evidence"):text.index("Move it on")]
    assert "everyone in the queue can hear" in evidence and "Dave" not in evidence
    events = db.session.scalars(sa.select(RecommendationEvent).order_by(
        RecommendationEvent.id)).all()
    assert [(e.from_status, e.to_status) for e in events] == [
        ("", "proposed"), ("proposed", "agreed"), ("agreed", "in_progress"),
        ("in_progress", "done")]


def test_a_move_needs_a_note_and_an_allowed_status(client, site_visits, worker):
    recommendation = make_recommendation(client, site_visits)

    no_note = move(client, recommendation, "agreed", "", "")
    skipped = move(client, recommendation, "done", "Done already?", "")
    future = move(client, recommendation, "agreed", "Agreed.", "2099-01-01")

    assert "Write a note saying what happened or why." in page_text(no_note)
    assert "Choose where this recommendation has got to." in page_text(skipped)
    assert "The date cannot be in the future." in page_text(future)
    assert 'Agreed.</textarea>' in future.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Recommendation, recommendation.id).status == "proposed"


def test_editing_a_recommendation_records_what_changed(client, site_visits, worker):
    recommendation = make_recommendation(client, site_visits)

    empty = client.post(f"/reports/recommendations/{recommendation.id}/edit",
                        data={"text": "", "owner": "Someone"})
    changed = client.post(f"/reports/recommendations/{recommendation.id}/edit", data={
        "text": "Add a private reception desk.", "area": "Reception",
        "owner": "Facilities team", "due_on": "2026-07-31"})

    assert "Write the recommendation." in page_text(empty)
    assert changed.status_code == 302
    text = page_text(client.get(f"/reports/recommendations/{recommendation.id}"))
    assert "details changed, by Priya Shah Changed who will act, due date." in text
    assert "Who will act on it Facilities team" in text


def test_the_partner_list_names_nobody_and_prints_without_navigation(
        client, site_visits, worker):
    recommendation = make_recommendation(client, site_visits)
    move(client, recommendation, "agreed", "Agreed with the manager.", "2026-04-02")

    page = client.get(f"/reports/sites/{site_visits['site'].id}/recommendations/print")
    html = page.get_data(as_text=True)
    text = page_text(page)

    assert "1 recommendation: 1 agreed." in text
    assert "Add a private reception desk." in text and "Who will act: Site manager" in text
    assert "2 Apr 2026 : moved from proposed to agreed Agreed with the manager." in text
    for identity in ("Priya", "Alex", "Dave", "07700", "@example.org", "<nav"):
        assert identity not in html


# --- before and after ---------------------------------------------------------------------------

def test_before_and_after_shows_each_score_its_change_and_what_was_done(
        client, site_visits, worker):
    recommendation = make_recommendation(client, site_visits)
    move(client, recommendation, "agreed", "Agreed.", "2026-04-02")
    move(client, recommendation, "done", "Desk fitted.", "2026-06-01")
    site = site_visits["site"]

    text = page_text(client.get(f"/reports/sites/{site.id}/compare", query_string=FIRST_ROUND))

    assert "First round: 3 visits sent from 1 Mar 2026 to 31 Mar 2026." in text
    assert "Second round: 1 visit sent from 1 Sep 2026 to 30 Sep 2026." in text
    done = text[text.index("Done between the rounds"):]
    assert "Add a private reception desk. Area: Reception · done 1 Jun 2026" in done
    # Reception: 50% (3 of 6) then 75% (3 of 4).
    assert "Reception 50% (3 of 6) 75% (3 of 4) +25 points (better)" in text
    assert ("Does the reception layout stop conversations being overheard? "
            "0% (0 of 1) 100% (1 of 1) +100 points (better)") in text
    assert "How welcoming does reception feel? 2.5 (2 rated) 4 (1 rated) +1.5 (better)" in text
    # An item where "yes" is the worse answer: fewer yeses is the improvement.
    barrier = text[text.index("Is there a barrier between staff and visitors"):][:160]
    assert "(lower is better) 100% (1 of 1) 0% (0 of 1)" in barrier and "(better)" in barrier


def test_before_and_after_asks_for_sensible_rounds(client, site_visits, worker):
    site = site_visits["site"]

    empty = page_text(client.get(f"/reports/sites/{site.id}/compare"))
    overlapping = client.get(f"/reports/sites/{site.id}/compare", query_string={
        **FIRST_ROUND, "after_from": "2026-03-15"})

    assert "Choose the dates of the two rounds above." in empty
    assert overlapping.status_code == 200
    assert "The second round must start after the first ends." in page_text(overlapping)
    assert 'value="2026-03-15"' in overlapping.get_data(as_text=True)


# --- the command line ---------------------------------------------------------------------------

def test_the_report_command_writes_a_self_contained_file(runner, site_visits, tmp_path):
    out = tmp_path / "jobcentre.html"

    by_name = runner.invoke(args=["report", "jobcentre plus", "--out", str(out),
                                  "--from", "2026-03-01", "--to", "2026-03-31"])

    assert by_name.exit_code == 0, by_name.output
    assert "(3 visits sent from 1 Mar 2026 to 31 Mar 2026)" in by_name.output
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!doctype html>") and "<style>" in html and "@page" in html
    assert "<link" not in html and "href=" not in html and "<nav" not in html
    assert "Make a recommendation" not in html and "Dave" not in html
    assert "Reception 50% 3 3 1" in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))
    by_id = runner.invoke(args=["report", str(site_visits["site"].id), "--out", str(out)])
    assert by_id.exit_code == 0 and "(4 visits sent at any time)" in by_id.output


def test_the_report_command_explains_an_unknown_site(runner, site_visits, tmp_path):
    result = runner.invoke(args=["report", "Nowhere", "--out", str(tmp_path / "x.html")])

    assert result.exit_code != 0
    assert "No site has the id or name 'Nowhere'." in result.output


# --- who may see reports ------------------------------------------------------------------------

def report_urls(app, ids: dict) -> list[str]:
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("reports."):
            url = rule.rule
            for name, value in ids.items():
                url = url.replace(f"<int:{name}>", str(value))
            urls.append(url)
    return urls


@pytest.mark.parametrize("who", ["anonymous", "volunteer"])
def test_only_coproduction_workers_and_admins_reach_reports(
        app, client, site_visits, build, login, who):
    session = build.training_session()
    answer = answer_of(site_visits["first_a"], "reception_improve")
    ids = {"site_id": site_visits["site"].id, "session_id": session.id, "answer_id": answer.id,
           "recommendation_id": 1}
    if who == "volunteer":
        login(site_visits["volunteer"])
    for url in report_urls(app, ids):
        for method in ("get", "post"):
            result = getattr(client, method)(url)
            if result.status_code == 405:
                continue
            if who == "anonymous":
                assert result.status_code == 302 and "/auth/login" in result.headers["Location"]
            else:
                assert result.status_code == 403, url
            assert "reception desk" not in result.get_data(as_text=True)


def test_admins_reach_reports(client, site_visits, build, login):
    login(build.user(Role.ADMIN))

    assert client.get("/reports/").status_code == 200
    assert client.get(f"/reports/sites/{site_visits['site'].id}").status_code == 200


# --- the training session report ----------------------------------------------------------------

def test_session_report_gives_reactions_confidence_change_and_commitments(
        client, builtins, build, worker):
    session = build.training_session(title="Trauma-informed practice", facilitators="Sam and Jo")
    students = [
        {"relevance": 5, "satisfaction": 4, "confidence_trauma_before": 2,
         "confidence_trauma_now": 4, "confidence_language_before": 3,
         "confidence_language_now": 3, "pace": "about_right", "recommend": "likely",
         "do_differently": "I will ask people what happened to them, not what is wrong."},
        {"relevance": 4, "satisfaction": 5, "confidence_trauma_before": 1,
         "confidence_trauma_now": 4, "confidence_language_before": 4,
         "confidence_language_now": 3,
         "do_differently": "Stop using the word addict in my case notes."},
        {"relevance": 3, "confidence_trauma_now": 5, "most_useful": "Hearing from Jo Bloggs."},
    ]
    sent = [build.submitted("training", answers, training_session=session)
            for answers in students]
    build.submitted("training", {"relevance": 1}, training_session=build.training_session())
    tag(client, sent[0], "do_differently", ["trauma_informed"], "positive")
    tag(client, sent[1], "do_differently", ["language_stigma"], "positive")

    page = client.get(f"/reports/sessions/{session.id}")
    text = page_text(page)

    assert page.status_code == 200 and "<nav" not in page.get_data(as_text=True)
    assert "3 responses to the session on 20 Nov 2026" in text
    assert "How relevant was this session to your work or studies? 3 4 out of 5" in text
    # Trauma: before 2 and 1 (1.5), now 4, 4 and 5 (4.3); both who answered both rose.
    assert "understanding how trauma affects behaviour 1.5 4.3 +2.8 2 of 2" in text
    assert "recommend this training to a colleague" in text and "Likely 1 100%" in text
    # Language: 3.5 before, 3 now; one stayed the same, one fell.
    assert re.search(r"stigmatise people 3\.5 3 −0\.5 0 of 2 (?!knowing)", text)
    differently = text[text.index("What students will do differently"):]
    assert "Trauma-informed practice: 1 answer I will ask people what happened" in differently
    assert "Language, labels & stigma: 1 answer Stop using the word addict" in differently


def test_session_report_with_no_responses_says_so(client, builtins, build, worker):
    session = build.training_session()

    text = page_text(client.get(f"/reports/sessions/{session.id}"))

    assert "0 responses" in text and "Nobody has sent feedback for this session yet." in text


# --- valid HTML, on screen and in the file ------------------------------------------------------

def test_report_pages_and_the_file_are_valid_html(client, runner, site_visits, worker, build,
                                                  tmp_path):
    from tests.browser.support import html_errors, vnu_jar

    if shutil.which("java") is None or not vnu_jar().is_file():
        pytest.skip("the Nu HTML checker needs java and vnu-jar (npm install)")
    site = site_visits["site"]
    answer = answer_of(site_visits["first_a"], "reception_improve")
    recommendation = make_recommendation(client, site_visits)
    move(client, recommendation, "agreed", "Agreed.", "2026-04-02")
    session = build.training_session()
    build.submitted("training", {"relevance": 4, "do_differently": "Listen more, talk less."},
                    training_session=session)
    out = tmp_path / "report.html"
    runner.invoke(args=["report", str(site.id), "--out", str(out)])
    urls = [f"/reports/sites/{site.id}", f"/reports/sites/{site.id}?from=bad",
            f"/reports/sites/{site.id}/compare?" + "&".join(
                f"{k}={v}" for k, v in FIRST_ROUND.items()),
            f"/reports/sites/{site.id}/recommendations",
            f"/reports/sites/{site.id}/recommendations/print",
            f"/reports/sites/{site.id}/recommendations/new?answer={answer.id}",
            f"/reports/recommendations/{recommendation.id}",
            f"/reports/recommendations/{recommendation.id}/edit",
            f"/reports/quotes/{answer.id}", f"/reports/sessions/{session.id}", "/reports/",
            f"/review/responses/{site_visits['first_a'].id}"]
    documents = {url: client.get(url).get_data(as_text=True) for url in urls}
    documents["flask report file"] = out.read_text(encoding="utf-8")

    errors = {url: found for url, found in html_errors(documents).items() if found}

    assert not errors, errors


def test_the_review_page_offers_a_recommendation_from_an_answer(client, site_visits, worker):
    response = site_visits["first_a"]
    answer = answer_of(response, "reception_improve")

    html = client.get(f"/review/responses/{response.id}").get_data(as_text=True)

    assert (f'/reports/sites/{site_visits["site"].id}/recommendations/new?answer={answer.id}'
            in html)
    assert f"/reports/quotes/{answer.id}" in html


def test_deleting_a_volunteer_removes_their_evidence_but_keeps_the_recommendation(
        client, site_visits, worker):
    from flse_feedback.services import users

    recommendation = make_recommendation(client, site_visits)
    answer = answer_of(site_visits["first_a"], "reception_improve")
    client.post(f"/reports/quotes/{answer.id}", data={"chosen": "y", "text": "Reworded."})

    users.delete_user_and_data(site_visits["volunteer"])

    db.session.expire_all()
    kept = db.session.get(Recommendation, recommendation.id)
    assert kept is not None and kept.evidence == [] and len(kept.events) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(PartnerQuote)) == 0
    text = page_text(client.get(f"/reports/recommendations/{recommendation.id}"))
    assert "No evidence is linked." in text


def test_a_chosen_quote_with_no_theme_still_reaches_the_report(client, site_visits, worker):
    site, response = site_visits["site"], site_visits["first_a"]
    answer = tag(client, response, "keep", [], "positive")
    client.post(f"/reports/quotes/{answer.id}", data={"chosen": "y", "text": ""})

    text = page_text(client.get(f"/reports/sites/{site.id}"))

    other = text[text.index("Other quotes chosen by a coproduction worker"):]
    assert other.startswith("Other quotes chosen by a coproduction worker "
                            "What works well and should be kept? " + KIND_STAFF)


def test_changes_without_the_form_token_are_refused(csrf_client, site_visits, build):
    person = build.user(Role.REVIEWER)
    login_page = csrf_client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    assert csrf_client.post("/auth/login", data={
        "email": person.email, "password": build.PASSWORD, "csrf_token": token}).status_code == 302
    site = site_visits["site"]
    answer = answer_of(site_visits["first_a"], "reception_improve")

    made = csrf_client.post(f"/reports/sites/{site.id}/recommendations/new",
                            data={"text": "Add a private reception desk."})
    quoted = csrf_client.post(f"/reports/quotes/{answer.id}", data={"chosen": "y"})

    assert made.status_code == 400 and quoted.status_code == 400
    assert "This page timed out" in page_text(made)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Recommendation)) == 0
    assert db.session.get(PartnerQuote, answer.id) is None


def test_partner_quotes_hide_volunteers_names_but_not_the_same_ordinary_words(builtins, build):
    from flse_feedback.services import quotes

    volunteer = build.user(Role.VOLUNTEER, name="Will Hart")
    shop = build.submitted("mystery_shop", {
        "visit_date": "2026-03-02",
        "one_change": "I will go back if Will is not on the desk. will hart was kind."},
        respondent=volunteer, site=build.site("Library"))

    shown = quotes.partner_text(answer_of(shop, "one_change"))

    assert shown == "I will go back if [name] is not on the desk. [name] was kind."


def test_a_site_report_never_quotes_the_sections_about_the_volunteer(
        client, builtins, build, worker):
    """Written answers in the sections left out for partners (the visit itself, the volunteer's
    wellbeing afterwards) are neither counted nor quoted, in a questionnaire built by a worker
    too."""
    from flse_feedback.services import builder, questionnaires, responses

    made = builder.create_questionnaire("Surgery visit", "mystery_shop")
    draft = builder.draft_of(made)
    after = builder.add_section(draft, "After")
    builder.add_question(after, "long_text", {"text": "How are you feeling now?"})
    reception = builder.add_section(draft, "Reception")
    builder.add_question(reception, "long_text", {"text": "What happened at reception?"})
    builder.publish(builder.draft_of(made))
    version = questionnaires.published_version(made.key)
    assert [s.key for s in version.sections] == ["after", "reception"]
    site = build.site("Park Surgery")
    visit = responses.start_response(version, respondent=build.user(), site=site,
                                     scenario=build.scenario())
    feeling, desk = version.sections[0].questions[0], version.sections[1].questions[0]
    responses.save_answers(visit, {
        feeling.id: "I felt awful afterwards, the staff were rude and unhelpful.",
        desk.id: "The receptionist was kind, friendly and really helpful."}, 3)
    responses.submit(visit)

    text = page_text(client.get(f"/reports/sites/{site.id}"))

    assert "1 written answer: 1 positive, 0 neutral, 0 negative" in text
    assert "The receptionist was kind" in text
    assert "I felt awful afterwards" not in text
