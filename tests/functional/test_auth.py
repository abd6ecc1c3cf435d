"""Logging in and out, changing a password, the first-admin link, and CSRF on the auth forms."""
import re
from urllib.parse import urlsplit

import pytest

from flse_feedback.models import Role
from flse_feedback.services import users
from tests.builders import Builders
from tests.helpers import field_value, page_text

NO_MATCH = "That email and password do not match an account."
NEW_PASSWORD = "a brand new passphrase"


def log_in(client, email, password=Builders.PASSWORD, next_url=None):
    query = {"next": next_url} if next_url is not None else None
    return client.post("/auth/login", query_string=query,
                       data={"email": email, "password": password})


def redirect_path(response) -> str:
    assert response.status_code == 302, page_text(response)[:300]
    location = urlsplit(response.headers["Location"])
    assert location.netloc in ("", "localhost"), response.headers["Location"]
    return location.path


def is_logged_in(client) -> bool:
    return client.get("/mystery-shop/").status_code == 200


def test_login_goes_home_and_names_the_person(client, build):
    person = build.user(name="Ada Jones")

    result = log_in(client, person.email)

    assert redirect_path(result) == "/"
    assert "Ada Jones" in page_text(client.get("/"))


def test_wrong_password_and_unknown_email_look_the_same_and_keep_the_email(client, build):
    build.user(email="known@example.org")

    wrong_password = log_in(client, "known@example.org", "not the password")
    unknown_email = log_in(client, "nobody@example.org")

    for result, typed in ((wrong_password, "known@example.org"),
                          (unknown_email, "nobody@example.org")):
        assert result.status_code == 200
        assert NO_MATCH in page_text(result)
        assert field_value(result, "email") == typed
    assert page_text(wrong_password).replace("known", "") == \
        page_text(unknown_email).replace("nobody", "")
    assert not is_logged_in(client)


def test_inactive_account_cannot_log_in(client, build):
    person = build.user()
    users.update_user(person, role=person.role, active=False, name="")

    result = log_in(client, person.email)

    assert result.status_code == 200
    assert NO_MATCH in page_text(result)
    assert not is_logged_in(client)


def test_email_case_does_not_matter_at_login(client, build):
    build.user(email="sam.taylor@example.org")

    assert redirect_path(log_in(client, "Sam.Taylor@EXAMPLE.org")) == "/"
    assert is_logged_in(client)


def test_next_page_is_followed_after_login(client, build):
    person = build.user()

    assert redirect_path(log_in(client, person.email, next_url="/mystery-shop/")) == \
        "/mystery-shop/"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil.example"])
def test_next_pointing_to_another_site_goes_home_instead(client, build, target):
    person = build.user()

    result = log_in(client, person.email, next_url=target)

    assert redirect_path(result) == "/"
    assert "evil" not in result.headers["Location"]


def test_logout_is_post_only_and_ends_the_session(client, build, login):
    login(build.user())

    assert client.get("/auth/logout").status_code == 405
    assert is_logged_in(client)
    assert redirect_path(client.post("/auth/logout")) == "/"
    protected = client.get("/mystery-shop/")
    assert protected.status_code == 302
    assert "/auth/login" in protected.headers["Location"]


def test_login_starts_a_fresh_session(client, build):
    person = build.user()
    with client.session_transaction() as session:
        session["planted"] = "by someone else"
    before = client.get_cookie("session").value

    log_in(client, person.email)

    assert client.get_cookie("session").value != before
    with client.session_transaction() as session:
        assert "planted" not in session


def test_wrong_current_password_is_explained_and_keeps_you_logged_in(client, build, login):
    login(build.user())

    result = client.post("/auth/password", data={
        "current_password": "not my password", "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})

    assert result.status_code == 200
    assert "That is not your current password." in page_text(result)
    assert is_logged_in(client)


def test_mismatched_new_passwords_are_explained(client, build, login):
    login(build.user())

    result = client.post("/auth/password", data={
        "current_password": Builders.PASSWORD, "new_password": NEW_PASSWORD,
        "confirm": "something else entirely"})

    assert result.status_code == 200
    assert "The two new passwords do not match." in page_text(result)


def test_changed_password_replaces_the_old_one(app, client, build, login):
    person = build.user()
    login(person)

    changed = client.post("/auth/password", data={
        "current_password": Builders.PASSWORD, "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD})

    assert redirect_path(changed) == "/"
    assert redirect_path(log_in(app.test_client(), person.email, NEW_PASSWORD)) == "/"
    old = log_in(app.test_client(), person.email, Builders.PASSWORD)
    assert old.status_code == 200 and NO_MATCH in page_text(old)


def test_first_admin_link_creates_an_admin_once(client, app):
    token = users.issue_setup_token()
    assert token

    form = client.get(f"/auth/setup/{token}")
    assert form.status_code == 200
    assert "Create the first admin account" in page_text(form)

    created = client.post(f"/auth/setup/{token}", data={
        "name": "First Admin", "email": "first.admin@example.org",
        "password": "a long passphrase"})
    assert redirect_path(created) == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert users.find_by_email("first.admin@example.org").role == Role.ADMIN.value
    assert client.get(f"/auth/setup/{token}").status_code == 404
    assert app.test_client().get(f"/auth/setup/{token}").status_code == 404


def test_made_up_setup_link_is_not_found(client):
    assert users.issue_setup_token()

    assert client.get("/auth/setup/made-up-token").status_code == 404
    assert client.post("/auth/setup/made-up-token", data={
        "email": "intruder@example.org", "password": "a long passphrase"}).status_code == 404
    assert users.find_by_email("intruder@example.org") is None


def test_no_setup_link_is_issued_once_an_admin_exists(build):
    build.user(Role.ADMIN)

    assert users.issue_setup_token() is None


def csrf_token(page) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True))[1]


def test_login_without_csrf_token_does_not_log_in(csrf_client, build):
    person = build.user()

    result = log_in(csrf_client, person.email)

    assert result.status_code in (200, 400)
    assert not is_logged_in(csrf_client)


def test_logout_without_csrf_token_is_refused(csrf_client, build):
    person = build.user()
    token = csrf_token(csrf_client.get("/auth/login"))
    logged_in = csrf_client.post("/auth/login", data={
        "email": person.email, "password": Builders.PASSWORD, "csrf_token": token})
    assert redirect_path(logged_in) == "/"

    refused = csrf_client.post("/auth/logout")

    assert refused.status_code == 400
    assert is_logged_in(csrf_client)
