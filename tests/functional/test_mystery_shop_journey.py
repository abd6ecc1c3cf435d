"""A volunteer records a mystery shop on a phone, page by page, and can stop and come back."""
import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import Response, Role
from flse_feedback.services import questionnaires
from tests.helpers import (
    checked_values, field, field_value, page_text, response_by_token, token_from, walk_to_check)


def start_visit(client, site, scenario):
    started = client.post("/mystery-shop/new",
                          data={"site_id": site.id, "scenario_id": scenario.id})
    assert started.status_code == 302, page_text(started)
    return token_from(started.headers["Location"])


def test_anonymous_visitors_are_sent_to_log_in(client, builtins):
    response = client.get("/mystery-shop/new")
    assert response.status_code == 302
    assert "/auth/login" in response.headers["Location"]


def test_start_page_without_sites_explains_instead_of_dead_end(client, builtins, build, login):
    login(build.user(Role.VOLUNTEER))
    page = page_text(client.get("/mystery-shop/new"))
    assert "No services or characters have been added yet" in page


def test_required_date_and_bad_input_keep_everything_typed(client, builtins, build, login):
    login(build.user())
    token = start_visit(client, build.site("Jobcentre Plus, Hove"), build.scenario())
    date_field, arrived = field("mystery_shop", "visit_date"), field("mystery_shop", "time_arrived")
    contact = field("mystery_shop", "contact_type")

    empty = client.post(f"/mystery-shop/r/{token}/1", data={
        arrived: "10:15", contact: "in_person", "action": "next"})
    assert empty.status_code == 200
    assert "Enter a date to carry on." in page_text(empty)
    assert field_value(empty, arrived) == "10:15"
    assert checked_values(empty, contact) == ["in_person"]

    wrong = client.post(f"/mystery-shop/r/{token}/1", data={
        date_field: "yesterday", arrived: "10:15", "action": "next"})
    assert "Enter a real date" in page_text(wrong)
    assert field_value(wrong, date_field) == "yesterday"


def test_bad_number_and_overlong_text_are_explained_on_the_same_page(
        client, builtins, build, login):
    login(build.user())
    token = start_visit(client, build.site(), build.scenario())
    version = questionnaires.published_version("mystery_shop")
    minutes_q = next(q for q in version.questions() if q.key == "minutes_to_acknowledge")
    page = next(i for i, s in enumerate(version.sections, 1) if minutes_q in s.questions)

    data = {minutes_q.field_name: "about ten", "action": "next"}
    result = client.post(f"/mystery-shop/r/{token}/{page}", data=data)
    assert result.status_code == 200
    assert "Enter a number, like 15." in page_text(result)
    assert field_value(result, minutes_q.field_name) == "about ten"

    comments = field("mystery_shop", "best_thing")
    best_page = next(i for i, s in enumerate(version.sections, 1)
                     if any(q.key == "best_thing" for q in s.questions))
    too_long = "word " * 2500
    result = client.post(f"/mystery-shop/r/{token}/{best_page}", data={
        comments: too_long, "action": "next"})
    assert "Keep this to 10,000 characters or fewer" in page_text(result)
    assert field_value(result, comments) == too_long


def test_save_and_finish_later_then_resume_on_another_device(app, client, builtins, build, login):
    volunteer = build.user()
    login(volunteer)
    token = start_visit(client, build.site("Housing Options"), build.scenario())
    client.post(f"/mystery-shop/r/{token}/1", data={
        field("mystery_shop", "visit_date"): "2026-11-20", "action": "next"})
    saved = client.post(f"/mystery-shop/r/{token}/2", data={"action": "save"})
    assert saved.headers["Location"].endswith("/mystery-shop/")
    listing = page_text(client.get("/mystery-shop/"))
    assert "Housing Options" in listing and "Not sent yet" in listing

    other_device = app.test_client()
    other_device.post("/auth/login", data={"email": volunteer.email,
                                           "password": build.PASSWORD})
    resumed = other_device.get(f"/mystery-shop/r/{token}/")
    assert resumed.headers["Location"].endswith(f"/mystery-shop/r/{token}/2")
    first = other_device.get(f"/mystery-shop/r/{token}/1")
    assert field_value(first, field("mystery_shop", "visit_date")) == "2026-11-20"


def test_complete_visit_is_stored_tagged_and_listed_as_sent(client, builtins, build, login):
    volunteer = build.user()
    login(volunteer)
    site, scenario = build.site("Jobcentre Plus, Brighton"), build.scenario("Sam")
    token = start_visit(client, site, scenario)
    sections = len(questionnaires.published_version("mystery_shop").sections)
    walk_to_check(client, "/mystery-shop", token, sections, {
        field("mystery_shop", "visit_date"): "2026-11-20",
        field("mystery_shop", "one_change"):
            "Let people talk somewhere private, not at the desk where everyone can hear.",
        field("mystery_shop", "treated_with_respect"): "4",
    })

    check = client.get(f"/mystery-shop/r/{token}/check")
    assert "Check your answers" in page_text(check)
    done = client.post(f"/mystery-shop/r/{token}/check")
    assert done.headers["Location"].endswith("/done")

    response = response_by_token(token)
    assert response.is_submitted
    assert (response.respondent_id, response.site_id, response.scenario_id) == (
        volunteer.id, site.id, scenario.id)
    change = next(a for a in response.answers if a.question.key == "one_change")
    assert "privacy" in [t.theme_id for t in change.themes]
    assert "Sent" in page_text(client.get("/mystery-shop/"))
    # A submitted visit is locked: its pages lead to the confirmation, not an editable form.
    assert client.get(f"/mystery-shop/r/{token}/1").headers["Location"].endswith("/done")


def test_submit_with_a_required_answer_missing_links_to_its_page(client, builtins, build, login):
    login(build.user())
    token = start_visit(client, build.site(), build.scenario())
    sections = len(questionnaires.published_version("mystery_shop").sections)
    for page in range(2, sections + 1):
        client.post(f"/mystery-shop/r/{token}/{page}", data={"action": "next"})

    refused = client.post(f"/mystery-shop/r/{token}/check")

    assert refused.status_code == 200
    text = page_text(refused)
    assert "needs an answer before you send" in text
    assert f'/mystery-shop/r/{token}/1#{field("mystery_shop", "visit_date")}' in \
        refused.get_data(as_text=True)
    assert not response_by_token(token).is_submitted


def test_volunteers_cannot_open_each_others_visits(app, client, builtins, build, login):
    login(build.user(email="first@example.org"))
    token = start_visit(client, build.site(), build.scenario())

    other = app.test_client()
    other.post("/auth/login", data={"email": build.user(email="second@example.org").email,
                                    "password": build.PASSWORD})
    assert other.get(f"/mystery-shop/r/{token}/1").status_code == 403
    assert other.post(f"/mystery-shop/r/{token}/check").status_code == 403
    assert "first" not in page_text(other.get("/mystery-shop/"))
    count = db.session.scalar(sa.select(sa.func.count()).select_from(Response))
    assert count == 1
