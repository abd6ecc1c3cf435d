"""An admin sets up sites, characters, training sessions and accounts through the real forms."""
import pytest

from flse_feedback.extensions import db
from flse_feedback.models import Role
from flse_feedback.services import questionnaires, users
from tests.builders import Builders
from tests.helpers import field_value, page_text

ONLY_ADMIN = "This is the only admin account. Make another admin first."


@pytest.fixture
def admin(build, login):
    person = build.user(Role.ADMIN, email="admin@example.org")
    login(person)
    return person


def saved(result, list_url):
    assert result.status_code == 302, page_text(result)[:500]
    assert result.headers["Location"].endswith(list_url)
    return True


def training_form(title, slug=""):
    return {"title": title, "slug": slug, "delivered_on": "2026-11-20", "mode": "in_person",
            "questionnaire_id": questionnaires.questionnaire_by_key("training").id,
            "is_open": "y"}


def test_new_site_appears_in_the_list(client, admin):
    assert client.get("/admin/sites/new").status_code == 200
    result = client.post("/admin/sites/new", data={
        "name": "Jobcentre Plus, Hove", "service_type": "Jobcentre", "area": "Hove",
        "active": "y"})

    assert saved(result, "/admin/sites/")
    assert "Jobcentre Plus, Hove" in page_text(client.get("/admin/sites/"))


def test_new_scenario_appears_in_the_list(client, admin):
    assert client.get("/admin/scenarios/new").status_code == 200
    result = client.post("/admin/scenarios/new", data={
        "title": "Sam, sofa surfing", "character_name": "Sam", "age_band": "25-34",
        "barriers": "No photo ID, no phone", "active": "y"})

    assert saved(result, "/admin/scenarios/")
    listing = page_text(client.get("/admin/scenarios/"))
    assert "Sam, sofa surfing" in listing and "25-34" in listing


def test_new_training_session_with_its_own_link_name(client, builtins, admin):
    assert client.get("/admin/training-sessions/new").status_code == 200
    result = client.post("/admin/training-sessions/new",
                         data=training_form("Trauma-informed practice", "trauma-week-6"))

    assert saved(result, "/admin/training-sessions/")
    listing = page_text(client.get("/admin/training-sessions/"))
    assert "Trauma-informed practice" in listing and "trauma-week-6" in listing


def test_empty_link_name_is_made_from_the_title(client, builtins, admin):
    result = client.post("/admin/training-sessions/new",
                         data=training_form("Working With Lived Experience"))

    assert saved(result, "/admin/training-sessions/")
    assert "working-with-lived-experience" in page_text(client.get("/admin/training-sessions/"))
    assert client.get("/training/working-with-lived-experience").status_code == 200


def test_new_account_appears_in_the_list_and_can_log_in(app, client, admin):
    assert client.get("/admin/users/new").status_code == 200
    result = client.post("/admin/users/new", data={
        "email": "worker@example.org", "name": "Coproduction Worker", "role": "reviewer",
        "active": "y", "password": "a long passphrase"})

    assert saved(result, "/admin/users/")
    assert "worker@example.org" in page_text(client.get("/admin/users/"))
    newcomer = app.test_client()
    newcomer.post("/auth/login", data={"email": "worker@example.org",
                                       "password": "a long passphrase"})
    assert newcomer.get("/review/").status_code == 200


def test_duplicate_site_name_is_explained_and_keeps_what_was_typed(client, build, admin):
    build.site("Housing Options")

    result = client.post("/admin/sites/new", data={
        "name": "Housing Options", "service_type": "Council", "area": "Brighton"})

    assert result.status_code == 200
    assert "A site with this name already exists." in page_text(result)
    assert field_value(result, "name") == "Housing Options"
    assert field_value(result, "area") == "Brighton"


def test_duplicate_link_name_is_explained_and_keeps_what_was_typed(
        client, builtins, build, admin):
    build.training_session(slug="taken-link", title="The first session")

    result = client.post("/admin/training-sessions/new",
                         data=training_form("The second session", "taken-link"))

    assert result.status_code == 200
    assert "Another session already uses this link." in page_text(result)
    assert field_value(result, "slug") == "taken-link"
    assert field_value(result, "title") == "The second session"
    assert "The second session" not in page_text(client.get("/admin/training-sessions/"))


def test_link_name_with_spaces_or_capitals_is_refused(client, builtins, admin):
    result = client.post("/admin/training-sessions/new",
                         data=training_form("A session", "My Session!"))

    assert result.status_code == 200
    assert "Use lower-case letters, numbers and single dashes only." in page_text(result)
    assert field_value(result, "slug") == "My Session!"


def test_too_short_password_is_explained_and_keeps_the_email(client, admin):
    result = client.post("/admin/users/new", data={
        "email": "short@example.org", "role": "volunteer", "password": "short"})

    assert result.status_code == 200
    assert "Use at least 8 characters." in page_text(result)
    assert field_value(result, "email") == "short@example.org"
    assert users.find_by_email("short@example.org") is None


def test_email_already_in_use_is_explained_and_kept(client, build, admin):
    build.user(email="taken@example.org")

    result = client.post("/admin/users/new", data={
        "email": "taken@example.org", "role": "volunteer", "password": "a long passphrase"})

    assert result.status_code == 200
    assert "An account with this email already exists." in page_text(result)
    assert field_value(result, "email") == "taken@example.org"


@pytest.mark.parametrize("change", [{"role": "volunteer", "active": "y"}, {"role": "admin"}],
                         ids=["remove own admin role", "deactivate self"])
def test_only_admin_cannot_lock_everyone_out(client, admin, change):
    result = client.post(f"/admin/users/{admin.id}", data={"name": "", **change})

    assert result.status_code == 200
    assert ONLY_ADMIN in page_text(result)
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN.value and admin.active
    assert client.get("/admin/").status_code == 200


def test_admin_can_step_down_once_another_admin_exists(client, build, admin):
    build.user(Role.ADMIN)

    result = client.post(f"/admin/users/{admin.id}", data={
        "name": "", "role": "volunteer", "active": "y"})

    assert saved(result, "/admin/users/")
    assert client.get("/admin/").status_code == 403


def test_admin_can_deactivate_self_once_another_admin_exists(client, build, admin):
    build.user(Role.ADMIN)

    result = client.post(f"/admin/users/{admin.id}", data={"name": "", "role": "admin"})

    assert result.status_code == 302
    db.session.refresh(admin)
    assert not admin.active
    assert client.get("/admin/").status_code == 302


def test_role_change_to_reviewer_opens_the_review_pages(app, client, build, admin):
    volunteer = build.user(Role.VOLUNTEER)
    their_client = app.test_client()
    their_client.post("/auth/login", data={"email": volunteer.email,
                                           "password": Builders.PASSWORD})
    assert their_client.get("/review/").status_code == 403

    result = client.post(f"/admin/users/{volunteer.id}", data={
        "name": "", "role": "reviewer", "active": "y"})

    assert saved(result, "/admin/users/")
    assert their_client.get("/review/").status_code == 200


def test_training_session_page_shows_its_public_link_which_works_without_login(
        app, client, builtins, build, admin):
    session = build.training_session(slug="week-9", title="Language that does not stigmatise")

    edit = client.get(f"/admin/training-sessions/{session.id}")

    assert edit.status_code == 200
    assert "/training/week-9" in page_text(edit)
    student = app.test_client().get("/training/week-9")
    assert student.status_code == 200
    assert "Language that does not stigmatise" in page_text(student)
