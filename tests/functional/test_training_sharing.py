"""Organisers show a session's link and QR code on a lecture-theatre screen, or print it."""
from flse_feedback.models import Role
from tests.helpers import page_text


def test_share_page_shows_the_public_link_and_an_svg_qr_code(client, builtins, build, login):
    build.training_session(slug="week-12", title="Working with dual diagnosis")
    login(build.user(Role.REVIEWER))

    page = client.get("/training/week-12/share")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "http://localhost/training/week-12" in page_text(page)
    assert '<svg role="img"' in html and "QR code for the feedback form" in html
    assert "<img" not in html  # drawn inline: no extra request on a projector laptop


def test_print_sheet_has_the_code_and_no_navigation(client, builtins, build, login):
    build.training_session(slug="week-13", title="Trauma-informed practice")
    login(build.user(Role.ADMIN))

    sheet = client.get("/training/week-13/share/print")

    html = sheet.get_data(as_text=True)
    assert sheet.status_code == 200
    assert '<svg role="img"' in html and "Trauma-informed practice" in html
    assert "<nav" not in html and "Log out" not in html


def test_volunteers_and_students_cannot_open_the_organiser_pages(client, builtins, build, login):
    build.training_session(slug="week-14")
    anonymous = client.get("/training/week-14/share")
    assert anonymous.status_code == 302 and "/auth/login" in anonymous.headers["Location"]
    login(build.user(Role.VOLUNTEER))
    assert client.get("/training/week-14/share").status_code == 403
    assert client.get("/training/week-14/share/print").status_code == 403
