"""Who may open what: every route declares its rule, and each role sees exactly its own areas."""
import pytest

from flse_feedback.models import Role

SECRET_ANSWER = "The receptionist read my address out to the whole queue."

# url, then the status for: anonymous, volunteer, reviewer, admin (302 = sent to log in).
MATRIX = [
    ("/",                                  200, 200, 200, 200),
    ("/healthz",                           200, 200, 200, 200),
    ("/training/{slug}",                   200, 200, 200, 200),
    ("/mystery-shop/",                     302, 200, 200, 200),
    ("/mystery-shop/new",                  302, 200, 200, 200),
    ("/environment/",                      302, 200, 200, 200),
    ("/environment/new",                   302, 200, 200, 200),
    ("/review/",                           302, 403, 200, 200),
    ("/review/responses/{response_id}",    302, 403, 200, 200),
    ("/review/export.csv",                 302, 403, 200, 200),
    ("/reports/",                          302, 403, 200, 200),
    ("/reports/sessions/{session_id}",     302, 403, 200, 200),
    ("/builder/",                          302, 403, 200, 200),
    ("/builder/new",                       302, 403, 200, 200),
    ("/builder/import",                    302, 403, 200, 200),
    ("/admin/",                            302, 403, 403, 200),
    ("/admin/users/",                      302, 403, 403, 200),
    ("/admin/sites/",                      302, 403, 403, 200),
    ("/admin/scenarios/",                  302, 403, 403, 200),
    ("/admin/training-sessions/",          302, 403, 403, 200),
]
WHO = ["anonymous", "volunteer", "reviewer", "admin"]
CASES = [pytest.param(url, who, statuses[i], id=f"{who} {url}")
         for url, *statuses in MATRIX for i, who in enumerate(WHO)]


def test_every_route_declares_who_may_use_it(app):
    undeclared = sorted(
        f"{rule.rule} ({rule.endpoint})" for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and not hasattr(app.view_functions[rule.endpoint], "access_rule"))
    assert not undeclared, f"Routes with no access rule: {undeclared}"


@pytest.mark.parametrize("url, who, expected", CASES)
def test_each_role_reaches_only_its_own_areas(client, builtins, build, login, url, who, expected):
    session = build.training_session()
    response = build.submitted("training", {"could_improve": SECRET_ANSWER},
                               training_session=session)
    if who != "anonymous":
        login(build.user(Role(who)))

    result = client.get(url.format(slug=session.slug, response_id=response.id,
                                   session_id=session.id))

    assert result.status_code == expected, result.get_data(as_text=True)[:300]
    if expected == 302:
        assert "/auth/login" in result.headers["Location"]


def test_volunteer_export_is_refused_without_any_answers(client, builtins, build, login):
    build.submitted("training", {"could_improve": SECRET_ANSWER},
                    training_session=build.training_session())
    login(build.user(Role.VOLUNTEER))

    for fmt in ("csv", "jsonl"):
        refused = client.get(f"/review/export.{fmt}")
        body = refused.get_data(as_text=True)
        assert refused.status_code == 403
        assert SECRET_ANSWER not in body
        assert "response_id" not in body
