"""In a real browser: the copy kept on the phone comes back after a dropped signal and is gone
once sent or logged out; and hostile answers never run as script on any review page."""
import pytest

from flse_feedback.models import Role
from tests.browser.support import login_as
from tests.helpers import field

pytestmark = pytest.mark.browser

TYPED = "The guard stood right by the door and watched everyone who came in."
HOSTILE = [
    "<script>window.__xss = 'script'</script>",
    '"><img src=x onerror="window.__xss=\'img\'">',
    "<svg onload=\"window.__xss='svg'\"></svg>",
]


def drafts_on_device(page) -> list[str]:
    return page.evaluate(
        "Object.keys(localStorage).filter(key => key.startsWith('flse-draft:'))")


def test_typed_answers_survive_a_reload_and_are_cleared_when_sent(page, builtins, build):
    build.training_session(slug="device")
    page.goto("/training/device")
    page.get_by_role("button", name="Continue").click()  # page 2 now has a draft on the server
    box = page.locator(f"#{field('training', 'engagement')}-0")
    box.check()
    page.wait_for_timeout(3500)  # the script keeps a copy every few seconds

    page.reload()  # as if the signal dropped before Continue was pressed

    assert page.locator(f"#{field('training', 'engagement')}-0").is_checked()
    assert page.get_by_text("We have put back what you typed earlier").is_visible()
    assert drafts_on_device(page)
    while page.get_by_role("button", name="Continue").count():
        page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Check your answers").click()
    page.get_by_role("button", name="Send my answers").click()
    assert page.get_by_text("your answers have been sent").is_visible()
    assert drafts_on_device(page) == []


def test_logging_out_clears_every_copy_on_a_shared_phone(page, builtins, build):
    volunteer = build.user()
    build.site("Jobcentre Plus, Hove")
    build.scenario("Sam")
    login_as(page, volunteer)
    page.goto("/mystery-shop/new")
    page.get_by_label("Which service did you visit?").select_option(index=1)
    page.get_by_label("Which character did you play?").select_option(index=1)
    page.get_by_role("button", name="Start the checklist").click()
    page.get_by_label("What time did you arrive?").fill("10:15")
    page.wait_for_timeout(3500)
    assert drafts_on_device(page)

    page.get_by_role("button", name="Log out").click()

    assert drafts_on_device(page) == []


def test_hostile_answers_never_run_on_any_review_page(new_page, builtins, build):
    session = build.training_session(slug="xss", title="Session")
    site = build.site("Site <b>bold</b>", names_to_mask="")
    responses = [
        build.submitted("training", {"could_improve": text, "other_comments": text},
                        training_session=session) for text in HOSTILE]
    responses.append(build.submitted(
        "mystery_shop", {"visit_date": "2026-11-20", "one_change": HOSTILE[1],
                         "best_thing": HOSTILE[0]},
        respondent=build.user(), site=site, scenario=build.scenario(HOSTILE[2])))
    page = new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    login_as(page, build.user(Role.ADMIN))
    pages = ["/review/", "/review/?q=script", "/review/summary",
             f"/review/summary?session={session.id}", "/review/summary?kind=mystery_shop",
             "/admin/sites/", "/admin/scenarios/", "/admin/audit"]
    pages += [f"/review/responses/{response.id}" for response in responses]
    for path in pages:
        page.goto(path)
        assert page.evaluate("window.__xss === undefined"), f"script ran on {path}"
        assert page.locator("img[src=x], svg[onload]").count() == 0, path
    assert dialogs == []
    page.goto(f"/review/responses/{responses[0].id}")
    assert page.get_by_text(HOSTILE[0]).first.is_visible()  # shown as text, exactly as typed
