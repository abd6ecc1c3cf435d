"""Coproduction workers build a questionnaire in the browser, publish it, change it, and
students answer each version; reviewers see every response with the questions it answered."""
import csv
import io
import re

import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import (
    AuditEvent, Question, Questionnaire, Role, Section, TrainingSession)
from flse_feedback.services import questionnaires
from tests.helpers import page_text, response_by_token, token_from

SCALE = ["Not at all", "A little", "Somewhat", "Mostly", "Completely"]


def questionnaire_named(title) -> Questionnaire:
    db.session.expire_all()
    return db.session.scalar(sa.select(Questionnaire).where(Questionnaire.title == title))


def question_keyed(questionnaire, key, number=None) -> Question:
    versions = questionnaire.versions
    version = versions[-1] if number is None else next(v for v in versions if v.number == number)
    return next(q for q in version.questions() if q.key == key)


def add_section(client, qid, title) -> int:
    made = client.post(f"/builder/{qid}/sections/new", data={"title": title})
    assert made.status_code == 302, page_text(made)[:400]
    return int(re.search(r"/sections/(\d+)/questions/new", made.headers["Location"]).group(1))


def add_question(client, qid, section_id, qtype, **data) -> None:
    added = client.post(f"/builder/{qid}/sections/{section_id}/questions/new?type={qtype}",
                        data=data)
    assert added.status_code == 302, page_text(added)[:600]


def build_gp_questionnaire(client) -> Questionnaire:
    """Through the pages: a two-page training questionnaire with a condition."""
    made = client.post("/builder/new", data={"title": "GP reception course", "kind": "training"})
    assert made.status_code == 302
    qid = questionnaire_named("GP reception course").id
    first = add_section(client, qid, "The session")
    add_question(client, qid, first, "yes_no_na", text="Did you feel welcome?", required="y")
    add_question(client, qid, first, "scale", text="How useful was it?",
                 **{f"scale_{n}": word for n, word in enumerate(SCALE, start=1)})
    add_question(client, qid, first, "single_choice", text="Pace",
                 choices="Too slow\nAbout right | right\nToo fast")
    add_question(client, qid, first, "multi_choice", text="Which parts helped?",
                 choices="Stories\nRole play\nSlides")
    second = add_section(client, qid, "What next")
    add_question(client, qid, second, "long_text", text="Why not?", required="y",
                 hint="Tell us in your own words.")
    add_question(client, qid, second, "number", text="How many years in your job?",
                 minimum="0", maximum="60")
    add_question(client, qid, second, "date", text="When will you use it?")
    questionnaire = questionnaire_named("GP reception course")
    why = question_keyed(questionnaire, "why_not")
    shown = client.post(f"/builder/{qid}/questions/{why.id}/condition",
                        data={"source": "did_you_feel_welcome", "answers": ["no"]})
    assert shown.status_code == 302, page_text(shown)[:400]
    return questionnaire_named("GP reception course")


def session_for(questionnaire, slug) -> TrainingSession:
    session = TrainingSession(slug=slug, title="GP reception, week 1",
                              questionnaire_id=questionnaire.id)
    db.session.add(session)
    db.session.commit()
    return session


def field_of(questionnaire, key) -> str:
    """The form field of ``key`` in the published version."""
    number = questionnaires.published_version(questionnaire.key).number
    return f"q_{question_keyed(questionnaire, key, number).id}"


def answer_as_student(app, questionnaire, slug, first_page, second_page):
    student = app.test_client()
    first = student.post(f"/training/{slug}", data={
        **{field_of(questionnaire, k): v for k, v in first_page.items()}, "action": "next"})
    assert first.status_code == 302, page_text(first)[:600]
    token = token_from(first.headers["Location"])
    second = student.post(f"/training/r/{token}/2", data={
        **{field_of(questionnaire, k): v for k, v in second_page.items()}, "action": "next"})
    assert second.status_code == 302, page_text(second)[:600]
    sent = student.post(f"/training/r/{token}/check")
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/done")
    return response_by_token(token)


def test_build_publish_answer_change_and_review_both_versions(app, client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    qid = questionnaire.id
    page = page_text(client.get(f"/builder/{qid}/"))
    assert "Did you feel welcome?" in page and "Needs an answer" in page
    assert "Answer this only if you answered “No” to “Did you feel welcome?”" in page
    assert questionnaires.published_version(questionnaire.key) is None

    published = client.post(f"/builder/{qid}/publish")
    assert published.status_code == 302
    assert "Version 1 is published" in page_text(client.get(published.headers["Location"]))
    assert questionnaires.published_version(questionnaire.key).number == 1
    session_for(questionnaire, "gp-week-1")

    first = answer_as_student(app, questionnaire, "gp-week-1",
                              {"did_you_feel_welcome": "no", "how_useful_was_it": "4",
                               "pace": "right", "which_parts_helped": ["stories", "role_play"]},
                              {"why_not": "Nobody said hello.", "how_many_years_in_your_job": "3"})
    stored = {a.question.key: a.value for a in first.answers}
    assert stored == {"did_you_feel_welcome": "no", "how_useful_was_it": 4, "pace": "right",
                      "which_parts_helped": ["stories", "role_play"],
                      "why_not": "Nobody said hello.", "how_many_years_in_your_job": 3}

    # Version 2: reword a question and add one; version 1's answers keep their wording.
    assert client.post(f"/builder/{qid}/draft").status_code == 302
    questionnaire = questionnaire_named("GP reception course")
    draft_welcome = question_keyed(questionnaire, "did_you_feel_welcome", 2)
    changed = client.post(f"/builder/{qid}/questions/{draft_welcome.id}",
                          data={"text": "Did you feel welcome when you arrived?",
                                "required": "y"})
    assert changed.status_code == 302
    second_section = questionnaire.versions[-1].sections[1]
    add_question(client, qid, second_section.id, "short_text", text="One word for today")
    assert client.post(f"/builder/{qid}/publish").status_code == 302
    questionnaire = questionnaire_named("GP reception course")
    assert questionnaires.published_version(questionnaire.key).number == 2
    assert [v.status for v in questionnaire.versions] == ["retired", "published"]

    second = answer_as_student(app, questionnaire, "gp-week-1",
                               {"did_you_feel_welcome": "yes"},
                               {"one_word_for_today": "Hopeful"})
    assert second.version.number == 2 and first.version.number == 1

    inbox = page_text(client.get("/review/"))
    assert inbox.count("Training feedback: GP reception course") == 2
    old = page_text(client.get(f"/review/responses/{first.id}"))
    assert "version 1" in old and "Did you feel welcome?" in old
    assert "when you arrived" not in old and "Nobody said hello." in old
    assert "One word for today" not in old
    new = page_text(client.get(f"/review/responses/{second.id}"))
    assert "version 2" in new and "Did you feel welcome when you arrived?" in new
    assert "Hopeful" in new
    assert "Why not? Not asked: it depends on an earlier answer" in new
    summary = page_text(client.get("/review/summary?kind=training"))
    assert "1 to version 2, 1 to version 1" in summary
    assert "Did you feel welcome when you arrived? (wording changed between versions)" in summary
    # The spreadsheet keeps a reworded question in one column, under its newest wording.
    sheet = list(csv.reader(io.StringIO(
        client.get("/review/export/responses.csv?kind=training").get_data(as_text=True))))
    column = sheet[0].index("Did you feel welcome when you arrived?")
    assert sorted(row[column] for row in sheet[1:]) == ["No", "Yes"]
    assert "Did you feel welcome?" not in sheet[0]
    actions = db.session.scalars(sa.select(AuditEvent.action)).all()
    assert actions.count("questionnaire_publish") == 2


def test_conditions_are_decided_on_the_server(app, client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    assert client.post(f"/builder/{questionnaire.id}/publish").status_code == 302
    session_for(questionnaire, "gp-week-2")
    welcome = field_of(questionnaire, "did_you_feel_welcome")
    why = field_of(questionnaire, "why_not")

    student = app.test_client()
    first = student.post("/training/gp-week-2", data={welcome: "yes", "action": "next"})
    token = token_from(first.headers["Location"])
    page_two = student.get(f"/training/r/{token}/2")
    assert f'name="{why}"' not in page_two.get_data(as_text=True)
    # A required question that is hidden is not required, and an answer sent anyway is dropped.
    sneaky = student.post(f"/training/r/{token}/2", data={why: "sent anyway", "action": "next"})
    assert sneaky.status_code == 302
    check = page_text(student.get(f"/training/r/{token}/check"))
    assert "Why not?" not in check
    assert student.post(f"/training/r/{token}/check").status_code == 302
    assert "why_not" not in {a.question.key for a in response_by_token(token).answers}

    # "No" asks the follow-up, and then it is required.
    other = app.test_client()
    first = other.post("/training/gp-week-2", data={welcome: "no", "action": "next"})
    token = token_from(first.headers["Location"])
    assert f'name="{why}"' in other.get(f"/training/r/{token}/2").get_data(as_text=True)
    refused = other.post(f"/training/r/{token}/2", data={"action": "next"})
    assert refused.status_code == 200
    assert "Write an answer to carry on." in page_text(refused)


def test_changing_an_earlier_answer_drops_the_follow_up(app, client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    client.post(f"/builder/{questionnaire.id}/publish")
    session_for(questionnaire, "gp-week-3")
    welcome = field_of(questionnaire, "did_you_feel_welcome")
    why = field_of(questionnaire, "why_not")
    student = app.test_client()
    token = token_from(student.post("/training/gp-week-3", data={
        welcome: "no", "action": "next"}).headers["Location"])
    student.post(f"/training/r/{token}/2", data={why: "Nobody looked up.", "action": "next"})
    student.post(f"/training/r/{token}/1", data={welcome: "yes", "action": "next"})
    assert "Nobody looked up." not in page_text(student.get(f"/training/r/{token}/check"))
    student.post(f"/training/r/{token}/check")
    assert "why_not" not in {a.question.key for a in response_by_token(token).answers}


def test_same_page_conditions_are_explained_and_settled_on_send(app, client, build, login):
    login(build.user(Role.REVIEWER))
    client.post("/builder/new", data={"title": "One page", "kind": "training"})
    qid = questionnaire_named("One page").id
    section = add_section(client, qid, "All of it")
    add_question(client, qid, section, "yes_no_na", text="Were you greeted?")
    add_question(client, qid, section, "short_text", text="Who greeted you?", required="y")
    questionnaire = questionnaire_named("One page")
    who = question_keyed(questionnaire, "who_greeted_you")
    client.post(f"/builder/{qid}/questions/{who.id}/condition",
                data={"source": "were_you_greeted", "answers": ["yes"]})
    client.post(f"/builder/{qid}/publish")
    session_for(questionnaire, "one-page")
    greeted = field_of(questionnaire, "were_you_greeted")
    who_field = field_of(questionnaire, "who_greeted_you")
    student = app.test_client()
    shown = page_text(student.get("/training/one-page"))
    assert "Answer this only if you answered “Yes” to “Were you greeted?”" in shown
    html = student.get("/training/one-page").get_data(as_text=True)
    assert f'data-show-if="{greeted}" data-show-values=\'["yes"]\'' in html
    assert "conditions.js" in html
    refused = student.post("/training/one-page", data={greeted: "yes", "action": "next"})
    assert refused.status_code == 200 and "Write an answer to carry on." in page_text(refused)
    sent = student.post("/training/one-page",
                        data={greeted: "no", who_field: "The guard", "action": "next"})
    assert sent.status_code == 302
    response = response_by_token(token_from(sent.headers["Location"]))
    assert {a.question.key for a in response.answers} == {"were_you_greeted"}


def test_sections_and_questions_move_and_delete(client, build, login):
    login(build.user(Role.ADMIN))
    client.post("/builder/new", data={"title": "Order", "kind": "environment"})
    qid = questionnaire_named("Order").id
    one, two = add_section(client, qid, "One"), add_section(client, qid, "Two")
    for text in ("First", "Second"):
        add_question(client, qid, one, "short_text", text=text)
    add_question(client, qid, two, "short_text", text="Third")

    def order():
        db.session.expire_all()
        version = questionnaire_named("Order").versions[-1]
        return [[q.text for q in s.questions] for s in version.sections]

    second = question_keyed(questionnaire_named("Order"), "second")
    client.post(f"/builder/{qid}/questions/{second.id}/move", data={"direction": "up"})
    assert order() == [["Second", "First"], ["Third"]]
    first = question_keyed(questionnaire_named("Order"), "first")
    client.post(f"/builder/{qid}/questions/{first.id}/move", data={"direction": "down"})
    assert order() == [["Second"], ["First", "Third"]]
    client.post(f"/builder/{qid}/sections/{two}/move", data={"direction": "up"})
    assert order() == [["First", "Third"], ["Second"]]
    client.post(f"/builder/{qid}/questions/{first.id}/delete")
    client.post(f"/builder/{qid}/sections/{one}/delete")
    assert order() == [["Third"]]
    assert db.session.get(Section, one) is None


def test_bad_input_is_explained_with_what_was_typed_kept(client, build, login):
    login(build.user(Role.REVIEWER))
    client.post("/builder/new", data={"title": "Checks", "kind": "training"})
    qid = questionnaire_named("Checks").id
    section = add_section(client, qid, "Only")
    url = f"/builder/{qid}/sections/{section}/questions/new"
    one_choice = client.post(f"{url}?type=single_choice",
                             data={"text": "Pick one", "choices": "Only this"})
    assert one_choice.status_code == 200
    assert "Give at least two choices" in page_text(one_choice)
    assert "Pick one" in one_choice.get_data(as_text=True)
    scale = client.post(f"{url}?type=scale", data={"text": "Rate", "scale_1": "Bad"})
    assert "Enter the words for point 2." in page_text(scale)
    numbers = client.post(f"{url}?type=number", data={"text": "How many", "minimum": "ten",
                                                      "maximum": "5"})
    assert "Enter a number, like 0 or 100" in page_text(numbers)
    empty = client.post(f"/builder/{qid}/publish")
    assert empty.status_code == 200
    assert "section 1: it has no questions" in page_text(empty)
    assert client.get(f"{url}?type=emoji").status_code == 200  # back to choosing a type
    nul = client.post(f"/builder/{qid}/sections/{section}", data={"title": "Bad\x00title"})
    assert nul.status_code == 200
    assert "Remove the invisible control character (NUL)" in page_text(nul)


def test_builtins_are_copied_not_changed(client, builtins, build, login):
    login(build.user(Role.REVIEWER))
    training = questionnaires.questionnaire_by_key("training")
    refused = client.post(f"/builder/{training.id}/draft")
    assert refused.status_code == 302
    assert len(questionnaires.questionnaire_by_key("training").versions) == 1
    copied = client.post(f"/builder/{training.id}/copy", data={"title": "Our training form"})
    assert copied.status_code == 302
    copy = questionnaire_named("Our training form")
    original = questionnaires.published_version("training")
    assert [q.key for q in copy.versions[0].questions()] == [q.key for q in original.questions()]
    assert copy.versions[0].status == "draft"
    assert client.post(f"/builder/{copy.id}/publish").status_code == 302
    assert questionnaires.published_version(copy.key).number == 1


def test_preview_shows_the_respondents_page_and_stores_nothing(client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    preview = client.get(f"/builder/{questionnaire.id}/versions/1/preview/1")
    text = page_text(preview)
    assert preview.status_code == 200
    assert "Section 1 of 2" in text and "Did you feel welcome?" in text
    assert "Nothing you enter here is stored" in text
    refused = client.post(f"/builder/{questionnaire.id}/versions/1/preview/1",
                          data={"action": "next"})
    assert "Choose an answer to carry on." in page_text(refused)
    welcome = question_keyed(questionnaire, "did_you_feel_welcome")
    moved = client.post(f"/builder/{questionnaire.id}/versions/1/preview/1",
                        data={f"q_{welcome.id}": "yes", "action": "next"})
    assert moved.headers["Location"].endswith("/preview/2")
    page_two = page_text(client.get(moved.headers["Location"]))
    assert "Answer this only if you answered “No”" in page_two


def test_admin_can_point_a_training_session_at_a_built_questionnaire(
        client, build, login, builtins):
    login(build.user(Role.ADMIN))
    questionnaire = build_gp_questionnaire(client)
    form = client.get("/admin/training-sessions/new").get_data(as_text=True)
    assert "GP reception course" not in form  # not published yet
    client.post(f"/builder/{questionnaire.id}/publish")
    form = client.get("/admin/training-sessions/new").get_data(as_text=True)
    assert "GP reception course" in form


def test_volunteers_and_anonymous_people_reach_no_builder_page(app, client, build, login):
    owner = app.test_client()
    owner.post("/auth/login", data={"email": build.user(Role.REVIEWER).email,
                                    "password": build.PASSWORD})
    questionnaire = build_gp_questionnaire(owner)
    question = questionnaire.versions[-1].questions()[0]
    values = {"questionnaire_id": questionnaire.id, "section_id": question.section_id,
              "question_id": question.id, "number": 1, "page": 1}
    rules = [rule for rule in app.url_map.iter_rules() if rule.endpoint.startswith("builder.")]
    assert len(rules) >= 15
    for who in ("anonymous", "volunteer"):
        if who == "volunteer":
            login(build.user(Role.VOLUNTEER))
        for rule in rules:
            url = rule.build({k: v for k, v in values.items() if k in rule.arguments})[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                result = client.open(url, method=method)
                if who == "anonymous":
                    assert result.status_code == 302, (method, url)
                    assert "/auth/login" in result.headers["Location"]
                else:
                    assert result.status_code == 403, (method, url)
    db.session.expire_all()
    assert len(questionnaire_named("GP reception course").versions) == 1


def test_volunteers_choose_a_built_checklist_when_starting_a_visit(
        app, client, builtins, build, login):
    from flse_feedback.services import builder

    made = builder.create_questionnaire("GP surgery visit", "mystery_shop")
    section = builder.add_section(builder.draft_of(made), "Arriving")
    builder.add_question(section, "yes_no_na", {"text": "Was the door open?"})
    site, scenario = build.site("Park Surgery"), build.scenario("Sam")
    login(build.user(Role.VOLUNTEER))
    assert "Which checklist" not in page_text(client.get("/mystery-shop/new"))  # not published
    builder.publish(builder.draft_of(made))

    offered = page_text(client.get("/mystery-shop/new"))
    assert "Which checklist are you filling in?" in offered and "GP surgery visit" in offered
    version = questionnaires.published_version(made.key)
    started = client.post("/mystery-shop/new", data={
        "site_id": site.id, "scenario_id": scenario.id, "version_id": version.id})
    assert started.status_code == 302
    first = page_text(client.get(started.headers["Location"]))
    assert "Was the door open?" in first and "Section 1 of 1" in first
    # Once there are two checklists, the volunteer must say which one they are filling in.
    plain = client.post("/mystery-shop/new", data={"site_id": site.id,
                                                   "scenario_id": scenario.id})
    assert plain.status_code == 200 and "Choose the checklist." in page_text(plain)
    stale = client.post("/mystery-shop/new", data={
        "site_id": site.id, "scenario_id": scenario.id, "version_id": version.id + 1000})
    assert "Choose the checklist again: the list has just changed." in page_text(stale)


def test_a_learning_objective_adds_a_before_and_now_pair(client, build, login):
    login(build.user(Role.REVIEWER))
    client.post("/builder/new", data={"title": "Housing course", "kind": "training"})
    qid = questionnaire_named("Housing course").id
    section = add_section(client, qid, "What you learned")
    for _ in range(2):
        added = client.post(f"/builder/{qid}/sections/{section}/objective",
                            data={"objective": "explaining homelessness duties."})
        assert added.status_code == 302
    questions = questionnaire_named("Housing course").versions[-1].questions()
    assert [(q.key, q.text) for q in questions[:2]] == [
        ("confidence_explaining_homelessness_duties_before",
         "Before this session, my confidence in explaining homelessness duties was"),
        ("confidence_explaining_homelessness_duties_now",
         "Now, my confidence in explaining homelessness duties is")]
    assert questions[2].key == "confidence_explaining_homelessness_duties_2_before"
    assert questions[0].options["scale"] == ["Very low", "Low", "Some", "High", "Very high"]
    assert client.post(f"/builder/{qid}/publish").status_code == 302
    empty = client.post(f"/builder/{qid}/draft")
    assert empty.status_code == 302
    draft_section = questionnaire_named("Housing course").versions[-1].sections[0]
    refused = client.post(f"/builder/{qid}/sections/{draft_section.id}/objective",
                          data={"objective": " "})
    assert "Enter the learning objective." in page_text(refused)


def test_a_draft_can_be_thrown_away(client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    qid = questionnaire.id
    only = client.post(f"/builder/{qid}/draft/discard")
    assert only.status_code == 302
    assert len(questionnaire_named("GP reception course").versions) == 1  # nothing to go back to
    client.post(f"/builder/{qid}/publish")
    client.post(f"/builder/{qid}/draft")
    assert len(questionnaire_named("GP reception course").versions) == 2
    client.post(f"/builder/{qid}/draft/discard")
    versions = questionnaire_named("GP reception course").versions
    assert [(v.number, v.status) for v in versions] == [(1, "published")]
    discarded = db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "questionnaire_discard_draft"))
    assert discarded is not None and discarded.details["version"] == 2
    stale = client.get(f"/builder/{qid}/details")
    assert stale.status_code == 302
    assert "Start a new draft" in page_text(client.get(stale.headers["Location"]))


def test_another_questionnaires_parts_cannot_be_changed_through_this_one(client, build, login):
    login(build.user(Role.REVIEWER))
    mine = build_gp_questionnaire(client)
    client.post("/builder/new", data={"title": "Other", "kind": "training"})
    other = questionnaire_named("Other")
    section = add_section(client, other.id, "Theirs")
    add_question(client, other.id, section, "date", text="When?")
    theirs = questionnaire_named("Other").versions[0].questions()[0]
    for url in (f"/builder/{mine.id}/questions/{theirs.id}",
                f"/builder/{mine.id}/questions/{theirs.id}/delete",
                f"/builder/{mine.id}/sections/{section}/delete",
                f"/builder/{mine.id}/sections/{section}/questions/new?type=date"):
        assert client.post(url, data={"text": "Hijacked"}).status_code == 404, url
    assert client.get("/builder/9999/").status_code == 404
    assert client.get(f"/builder/{mine.id}/versions/1/preview/9").status_code == 404
    assert client.get(f"/builder/{mine.id}/versions/7.json").status_code == 404
    assert questionnaire_named("Other").versions[0].questions()[0].text == "When?"


def test_builder_changes_need_the_forms_csrf_token(csrf_client, build):
    from flse_feedback.services import builder

    made = builder.create_questionnaire("Guarded", "training")
    section = builder.add_section(builder.draft_of(made), "Only")
    builder.add_question(section, "date", {"text": "When?"})
    user = build.user(Role.REVIEWER)
    login_page = csrf_client.get("/auth/login").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', login_page).group(1)
    logged_in = csrf_client.post("/auth/login", data={
        "email": user.email, "password": build.PASSWORD, "csrf_token": token})
    assert logged_in.status_code == 302
    assert csrf_client.get(f"/builder/{made.id}/").status_code == 200
    refused = csrf_client.post(f"/builder/{made.id}/publish")
    assert refused.status_code == 400
    assert questionnaires.published_version(made.key) is None


def test_a_questionnaire_never_takes_a_built_in_key(client, build, login):
    login(build.user(Role.REVIEWER))
    client.post("/builder/new", data={"title": "Training", "kind": "training"})
    made = questionnaire_named("Training")
    assert made.key == "training_2"
    assert "built in" not in page_text(client.get(f"/builder/{made.id}/"))
    assert "Build questionnaires" in page_text(client.get("/"))


def test_the_summary_shows_confidence_before_and_now(client, builtins, build, login):
    session = build.training_session()
    for before, now in ((2, 4), (1, 4), (3, 5)):
        build.submitted("training", {"confidence_trauma_before": before,
                                     "confidence_trauma_now": now}, training_session=session)
    login(build.user(Role.REVIEWER))
    summary = page_text(client.get("/review/summary?kind=training"))
    assert "Confidence before and now" in summary
    assert "understanding how trauma affects behaviour 2 4.3 +2.3 3" in summary


def test_an_unanswered_questionnaire_can_be_deleted(app, client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    qid = questionnaire.id
    client.post(f"/builder/{qid}/publish")
    session_for(questionnaire, "gp-delete")
    assert "Delete this questionnaire" in page_text(client.get(f"/builder/{qid}/"))
    kept = client.post(f"/builder/{qid}/delete")
    assert "A training session uses this questionnaire" in page_text(
        client.get(kept.headers["Location"]))
    answer_as_student(app, questionnaire, "gp-delete", {"did_you_feel_welcome": "yes"}, {})
    assert "Delete this questionnaire" not in page_text(client.get(f"/builder/{qid}/"))
    answered = client.post(f"/builder/{qid}/delete")
    assert "People have answered this questionnaire" in page_text(
        client.get(answered.headers["Location"]))

    client.post("/builder/new", data={"title": "A mistake", "kind": "environment"})
    mistake = questionnaire_named("A mistake")
    add_section(client, mistake.id, "Oops")
    gone = client.post(f"/builder/{mistake.id}/delete")
    assert gone.headers["Location"].endswith("/builder/")
    assert "“A mistake” is deleted." in page_text(client.get("/builder/"))
    assert questionnaire_named("A mistake") is None
    assert questionnaire_named("GP reception course") is not None


def test_a_text_question_can_get_a_bigger_box(client, build, login):
    login(build.user(Role.REVIEWER))
    client.post("/builder/new", data={"title": "Boxes", "kind": "training"})
    qid = questionnaire_named("Boxes").id
    section = add_section(client, qid, "Only")
    add_question(client, qid, section, "short_text", text="Anything else?")
    add_question(client, qid, section, "date", text="When?")
    short, when = questionnaire_named("Boxes").versions[0].questions()
    form = page_text(client.get(f"/builder/{qid}/questions/{short.id}"))
    assert "How much room for the answer?" in form
    assert "How much room" not in page_text(client.get(f"/builder/{qid}/questions/{when.id}"))
    client.post(f"/builder/{qid}/questions/{short.id}",
                data={"text": "Anything else?", "size": "long_text"})
    client.post(f"/builder/{qid}/questions/{when.id}", data={"text": "When?", "size": "long_text"})
    changed = questionnaire_named("Boxes").versions[0].questions()
    assert [q.type for q in changed] == ["long_text", "date"]
    bad = client.post(f"/builder/{qid}/questions/{short.id}",
                      data={"text": "Anything else?", "size": "date"})
    assert "Choose one of the sizes shown." in page_text(bad)


def test_an_unchanged_draft_is_not_published_as_a_new_version(client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    client.post(f"/builder/{questionnaire.id}/publish")
    client.post(f"/builder/{questionnaire.id}/draft")
    same = client.post(f"/builder/{questionnaire.id}/publish")
    assert same.status_code == 200
    assert "Nothing has changed since version 1" in page_text(same)
    assert questionnaires.published_version(questionnaire.key).number == 1


def test_a_condition_broken_by_a_move_is_pointed_out_before_publishing(client, build, login):
    login(build.user(Role.REVIEWER))
    questionnaire = build_gp_questionnaire(client)
    why = question_keyed(questionnaire, "why_not")
    for _ in range(5):  # up past the question it depends on
        client.post(f"/builder/{questionnaire.id}/questions/{why.id}/move",
                    data={"direction": "up"})
    page = page_text(client.get(f"/builder/{questionnaire.id}/"))
    assert "Its condition no longer works" in page
    refused = client.post(f"/builder/{questionnaire.id}/publish")
    assert "'show_if' must name an earlier question" in page_text(refused)


def test_a_change_never_lands_in_a_version_published_meanwhile(client, build, login,
                                                               monkeypatch):
    """Two workers on one questionnaire: one publishes while the other's page is open. The
    late change is refused with a plain message; the published questions stay as they were."""
    import pytest

    from flse_feedback.services import builder

    made = builder.create_questionnaire("Hostel visit", "training")
    section = builder.add_section(builder.draft_of(made), "Arriving")
    builder.add_question(section, "yes_no_na", {"text": "Was the door open?"})
    draft = builder.draft_of(made)
    db.session.execute(sa.update(type(draft)).where(type(draft).id == draft.id)
                       .values(status="published"))  # the other worker's publish
    db.session.commit()

    with pytest.raises(builder.DraftGone):
        builder.add_question(section, "short_text", {"text": "Who let you in?"})
    with pytest.raises(builder.DraftGone):
        builder.publish(draft)
    db.session.expire_all()
    assert [q.text for q in db.session.get(Section, section.id).questions] == [
        "Was the door open?"]

    # Through the pages the same refusal is a message, never an error page.
    login(build.user(Role.REVIEWER))
    later = builder.create_questionnaire("Day centre visit", "training")
    raced = builder.draft_of(later)

    def published_meanwhile(*args, **kwargs):
        raise builder.DraftGone(later.id)

    monkeypatch.setattr(builder, "update_details", published_meanwhile)
    sent = client.post(f"/builder/{later.id}/details", data={
        "title": "Day centre", "intro": ""}, follow_redirects=True)
    assert sent.status_code == 200
    assert "published or thrown away a moment ago" in page_text(sent)
    assert raced.status == "draft"


def test_two_taps_on_change_this_questionnaire_make_one_draft(client, build, login):
    """A second "Change this questionnaire" that loses the race for version 2 gets the draft
    the first one made, not an error page."""
    from flse_feedback.services import builder

    made = builder.create_questionnaire("Library visit", "training")
    builder.add_question(builder.add_section(builder.draft_of(made), "Arriving"), "yes_no_na",
                         {"text": "Was the door open?"})
    builder.publish(builder.draft_of(made))
    made_id = made.id
    db.session.remove()
    second_tap = db.session.get(Questionnaire, made_id)
    assert [v.number for v in second_tap.versions] == [1]  # what the second tap saw
    with db.engine.begin() as first_tap:  # the first tap's draft, committed meanwhile
        first_tap.execute(sa.text(
            "INSERT INTO questionnaire_versions (questionnaire_id, number, status, title, intro, "
            "content_hash, created_at) VALUES (:q, 2, 'draft', 'Library visit', '', 'x', "
            ":now)"), {"q": made_id, "now": "2026-11-26 10:00:00"})

    draft = builder.start_draft(second_tap)

    assert (draft.number, draft.status) == (2, "draft")
    db.session.expire_all()
    assert [(v.number, v.status) for v in db.session.get(Questionnaire, made_id).versions] == [
        (1, "published"), (2, "draft")]
