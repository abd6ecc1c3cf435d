"""A volunteer walks a building area by area and records what they found."""
from flse_feedback.services import questionnaires
from tests.helpers import page_text, field, response_by_token, token_from, walk_to_check


def test_environment_assessment_end_to_end(client, builtins, build, login):
    volunteer = build.user()
    login(volunteer)
    site = build.site("Day Centre, Hastings")
    started = client.post("/environment/new", data={"site_id": site.id})
    token = token_from(started.headers["Location"])
    version = questionnaires.published_version("environment")

    first = page_text(client.get(f"/environment/r/{token}/1"))
    assert f"Section 1 of {len(version.sections)}" in first
    assert "Day Centre, Hastings" in first

    missing = client.post(f"/environment/r/{token}/1", data={
        field("environment", "assessment_date"): "2026-11-21", "action": "next"})
    assert "Choose an answer to carry on." in page_text(missing)  # perspective is required

    walk_to_check(client, "/environment", token, len(version.sections), {
        field("environment", "assessment_date"): "2026-11-21",
        field("environment", "perspective"): "lived_experience",
        field("environment", "waiting_improve"):
            "Soft seating, some plants and art, and water for people waiting.",
        field("environment", "toilets_improve"): "Keep the toilet unlocked.",
    })
    assert client.post(f"/environment/r/{token}/check").headers["Location"].endswith("/done")

    response = response_by_token(token)
    assert response.is_submitted and response.site_id == site.id
    answers = {a.question.key: a for a in response.answers}
    assert answers["perspective"].value == "lived_experience"
    assert "physical_environment" in [t.theme_id for t in answers["waiting_improve"].themes]


def test_start_requires_choosing_a_building(client, builtins, build, login):
    login(build.user())
    build.site("Seaside Medical Centre")
    page = client.post("/environment/new", data={})
    assert page.status_code == 200
    assert "Choose the building you are assessing." in page_text(page)
