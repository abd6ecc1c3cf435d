"""Coproduction workers edit the codebook; stored answers are re-tagged without touching
reviewers' decisions, at once when there are few, otherwise in batches with progress."""
import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import Answer, HumanTheme, MachineTheme, Role, Theme
from flse_feedback.review import codebook_views
from flse_feedback.services import review
from tests.helpers import field_value, page_text


def comment(build, text):
    response = build.submitted("training", {"other_comments": text},
                               training_session=build.training_session())
    return next(a for a in response.answers if a.question.key == "other_comments").id


def machine_themes(answer_id):
    return set(db.session.scalars(sa.select(MachineTheme.theme_id).where(
        MachineTheme.answer_id == answer_id)))


def test_adding_a_theme_tags_stored_answers_at_once_when_there_are_few(
        client, builtins, build, login):
    answer_id = comment(build, "There was no tea or coffee and no biscuits at the break.")
    login(build.user(Role.REVIEWER))

    saved = client.post("/review/codebook/new", data={
        "theme_id": "food_and_drink", "name": "Food & drink",
        "definition": "Refreshments at the venue.", "keywords": "tea\ncoffee, biscuits",
        "active": "y"})

    assert saved.status_code == 302
    theme = db.session.get(Theme, "food_and_drink")
    assert theme.keywords == ["tea", "coffee", "biscuits"]
    assert "food_and_drink" in machine_themes(answer_id)
    assert "Food &amp; drink" in client.get("/review/codebook/").get_data(as_text=True)


def test_a_bad_or_taken_theme_id_is_explained_and_what_was_typed_kept(
        client, builtins, build, login):
    login(build.user(Role.REVIEWER))
    bad = client.post("/review/codebook/new", data={"theme_id": "Food Drink!", "name": "Food",
                                                    "keywords": "tea"})
    assert "Use lower-case letters, numbers and _ only" in page_text(bad)
    assert field_value(bad, "theme_id") == "Food Drink!"
    taken = client.post("/review/codebook/new", data={"theme_id": "privacy", "name": "Again"})
    assert "A theme with this id already exists." in page_text(taken)


def test_retiring_a_theme_removes_its_suggestions_but_not_reviewers_decisions(
        client, builtins, build, login):
    suggested = comment(build, "I waited two hours in the cold corridor.")
    decided = comment(build, "I waited ages, it was awful.")
    reviewer = build.user(Role.REVIEWER)
    review.decide_tags(db.session.get(Answer, decided), {"waiting_access"}, None, reviewer)
    login(reviewer)
    theme = db.session.get(Theme, "waiting_access")

    client.post("/review/codebook/waiting_access", data={
        "name": theme.name, "definition": theme.definition,
        "keywords": "\n".join(theme.keywords)})  # "active" unticked: retired

    assert db.session.get(Theme, "waiting_access").active is False
    assert "waiting_access" not in machine_themes(suggested)
    assert db.session.get(HumanTheme, (decided, "waiting_access")).present is True
    assert "waiting_access" in db.session.get(Answer, decided).effective_theme_ids()


def test_many_answers_are_re_tagged_in_batches_with_progress(
        client, builtins, build, login, monkeypatch):
    monkeypatch.setattr(codebook_views, "INLINE_RETAG_LIMIT", 0)
    monkeypatch.setattr(codebook_views, "RETAG_BATCH", 2)
    answers = [comment(build, f"Answer number {n}, the tea was cold.") for n in range(3)]
    login(build.user(Role.REVIEWER))
    changed = client.post("/review/codebook/new", data={
        "theme_id": "food_and_drink", "name": "Food & drink", "keywords": "tea",
        "active": "y"})
    assert changed.headers["Location"].endswith("/review/codebook/retag")
    assert not any("food_and_drink" in machine_themes(a) for a in answers)

    first = client.post("/review/codebook/retag", data={"after": "0", "done": "0"})
    assert "2 of 3 answers re-tagged." in page_text(first)
    after = field_value(first, "after")
    second = client.post("/review/codebook/retag", data={"after": after, "done": "2"})

    assert "Finished: 3 answers re-tagged." in page_text(second)
    assert all("food_and_drink" in machine_themes(a) for a in answers)


def test_volunteers_cannot_edit_the_codebook(client, builtins, build, login):
    login(build.user(Role.VOLUNTEER))
    assert client.get("/review/codebook/").status_code == 403
    assert client.post("/review/codebook/new", data={"theme_id": "x_y", "name": "X"}
                       ).status_code == 403
    assert db.session.get(Theme, "x_y") is None
