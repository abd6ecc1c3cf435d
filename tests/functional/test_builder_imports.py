"""Questionnaires travel as JSON definitions and arrive from KoboToolbox / ODK as XLSForms."""
import io
import json

import sqlalchemy as sa
from openpyxl import Workbook

from flse_feedback.extensions import db
from flse_feedback.models import AuditEvent, Questionnaire, Role
from flse_feedback.questionnaires.definitions import builtin_definitions
from flse_feedback.services import builder, questionnaires
from tests.helpers import page_text


def newest_questionnaire() -> Questionnaire:
    db.session.expire_all()
    return db.session.scalar(sa.select(Questionnaire).order_by(Questionnaire.id.desc()))


def without_key(definition):
    return {k: v for k, v in definition.items() if k != "key"}


def normalised(definition):
    """A definition as the builder exports it (empty hints and intros written out)."""
    return {**definition, "intro": definition.get("intro", ""), "sections": [
        {**s, "intro": s.get("intro", ""), "questions": [
            {**q, "hint": q.get("hint", ""), "required": bool(q.get("required"))}
            for q in s["questions"]]}
        for s in definition["sections"]]}


def test_a_builtin_exports_as_its_own_file_and_round_trips(client, builtins, build, login):
    login(build.user(Role.REVIEWER))
    training = questionnaires.questionnaire_by_key("training")
    exported = client.get(f"/builder/{training.id}/versions/1.json")
    assert exported.status_code == 200
    assert exported.mimetype == "application/json"
    assert "attachment" in exported.headers["Content-Disposition"]
    definition = json.loads(exported.get_data(as_text=True))
    shipped = next(d for d in builtin_definitions() if d["key"] == "training")
    assert definition == normalised(shipped)

    imported = client.post("/builder/import", data={
        "file": (io.BytesIO(exported.get_data()), "training.json")},
        content_type="multipart/form-data")
    assert imported.status_code == 302
    copy = newest_questionnaire()
    assert copy.key == "training_2" and copy.versions[0].status == "draft"
    again = json.loads(client.get(f"/builder/{copy.id}/versions/1.json").get_data(as_text=True))
    assert without_key(again) == without_key(definition)
    assert "questionnaire_import" in db.session.scalars(sa.select(AuditEvent.action)).all()


def test_pasted_definition_with_a_condition_imports(client, build, login):
    login(build.user(Role.REVIEWER))
    definition = {"key": "refuge_visit", "kind": "environment", "title": "Refuge visit",
                  "sections": [{"key": "entrance", "title": "Entrance", "questions": [
                      {"key": "buzzer", "type": "yes_no_na", "text": "Is there a buzzer?"},
                      {"key": "buzzer_works", "type": "single_choice", "text": "Did it work?",
                       "choices": [{"value": "first", "label": "First time"},
                                   {"value": "later", "label": "After a few tries"}],
                       "show_if": {"question": "buzzer", "op": "equals", "values": ["yes"]}},
                  ]}]}
    done = client.post("/builder/import", data={"pasted": json.dumps(definition, indent=2)})
    assert done.status_code == 302
    made = newest_questionnaire()
    assert made.key == "refuge_visit"
    works = made.versions[0].questions()[1]
    assert works.options["show_if"] == {"question": "buzzer", "op": "equals", "values": ["yes"]}
    page = page_text(client.get(done.headers["Location"]))
    assert "Answer this only if you answered “Yes” to “Is there a buzzer?”" in page


BROKEN = """{
  "key": "broken",
  "kind": "training",
  "title": "Broken",
  "sections": [
    {
      "key": "one",
      "title": "One",
      "questions": [
        {"key": "mood", "type": "emoji", "text": "Mood?"},
        {"key": "follow", "type": "short_text", "text": "Why?",
         "show_if": {"question": "later", "op": "equals", "values": ["yes"]}}
      ]
    }
  ]
}"""


def test_invalid_definitions_are_refused_naming_the_line_and_field(client, build, login):
    login(build.user(Role.REVIEWER))
    refused = client.post("/builder/import", data={"pasted": BROKEN})
    text = page_text(refused)
    assert refused.status_code == 200
    assert "This definition cannot be imported" in text
    assert "Line 10, sections[0].questions[0].type: unknown type 'emoji'" in text
    assert ("Line 12, sections[0].questions[1].show_if: 'show_if' must name an earlier "
            "question, not 'later'") in text
    assert BROKEN.splitlines()[9].strip() in refused.get_data(as_text=True).replace(
        "&#34;", '"')  # what was pasted is still in the box

    syntax = client.post("/builder/import", data={"pasted": '{\n  "key": "x",\n  "kind" "x"\n}'})
    assert "Line 3, column 10: this is not valid JSON" in page_text(syntax)
    long_title = client.post("/builder/import", data={"pasted": json.dumps({
        "key": "long", "kind": "training", "title": "x" * 201, "sections": [
            {"title": "A", "questions": [{"key": "a", "type": "date", "text": "When?"}]}]})})
    assert "Line 1, title: 'title' is longer than 200 characters" in page_text(long_title)
    nothing = client.post("/builder/import", data={"pasted": "  "})
    assert "Choose a file or paste a definition." in page_text(nothing)
    assert db.session.scalar(sa.select(sa.func.count(Questionnaire.id))) == 0


def test_definitions_with_the_wrong_kind_of_value_are_refused_not_stored(client, build, login):
    """Values a page could not show, or would read the wrong way, are faults named by line."""
    login(build.user(Role.REVIEWER))
    wrong = json.dumps({
        "key": "wrong", "kind": "training", "title": "Wrong types", "intro": ["a list"],
        "sections": [{"title": "A", "questions": [
            {"key": "a", "type": "yes_no_na", "text": ["Is", "this", "a", "list?"]},
            {"key": "b", "type": "date", "text": "When?", "hint": {"an": "object"},
             "required": "false"}]}]}, indent=2)

    text = page_text(client.post("/builder/import", data={"pasted": wrong}))

    assert "Line 5, intro: 'intro' must be text" in text
    assert "sections[0].questions[0].text: 'text' must be text" in text
    assert "sections[0].questions[1].hint: 'hint' must be text" in text
    assert "sections[0].questions[1].required: 'required' must be true or false" in text
    deep = client.post("/builder/import", data={"pasted": "[" * 100_000 + "]" * 100_000})
    assert deep.status_code == 200
    assert "nested far deeper than any questionnaire" in page_text(deep)
    assert db.session.scalar(sa.select(sa.func.count(Questionnaire.id))) == 0


def sample_xlsform() -> bytes:
    """A KoboToolbox-style form: groups, choices, required, hints, relevant, and some things
    this app does not support (a note, a GPS point, a constraint column, a repeat)."""
    workbook = Workbook()
    survey = workbook.active
    survey.title = "survey"
    rows = [
        ("type", "name", "label::English (en)", "hint::English (en)", "required", "relevant",
         "constraint", "appearance"),
        ("start", "start", None, None, None, None, None, None),
        ("begin group", "visit", "About the visit", None, None, None, None, None),
        ("date", "visit_date", "Date of the visit", None, "yes", None, None, None),
        ("select_one yes_no", "greeted", "Were you greeted?", "At the front desk", None, None,
         None, None),
        ("text", "greeter", "Who greeted you?", None, "yes", "${greeted} = 'yes'", None,
         None),
        ("select_multiple barriers", "Barriers", "What got in the way?", None, None, None,
         None, None),
        ("text", "barrier_other", "Which other barrier?", None, None,
         "selected(${Barriers}, 'other') or selected(${Barriers}, 'stairs')", None, None),
        ("note", "thanks", "Thank you", None, None, None, None, None),
        ("end group", None, None, None, None, None, None, None),
        ("begin_group", "after", "Afterwards", None, None, None, None, None),
        ("integer", "wait", "Minutes waited", None, None, None, ". < 600", None),
        ("decimal", "fare", "Bus fare", None, None, None, None, None),
        ("text", "comments", "Anything else?", None, None, "${wait} > 30", None, "multiline"),
        ("geopoint", "where", "Where were you?", None, None, None, None, None),
        ("end_group", None, None, None, None, None, None, None),
    ]
    for row in rows:
        survey.append(row)
    choices = workbook.create_sheet("choices")
    for row in [("list_name", "name", "label::English (en)"), ("yes_no", "yes", "Yes"),
                ("yes_no", "no", "No"), ("barriers", "stairs", "Stairs"),
                ("barriers", "signs", "No signs"), ("barriers", "other", "Something else")]:
        choices.append(row)
    settings = workbook.create_sheet("settings")
    settings.append(("form_title", "form_id"))
    settings.append(("Jobcentre visit (Kobo)", "jobcentre_visit"))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def test_an_xlsform_imports_with_a_list_of_what_was_skipped(client, build, login):
    login(build.user(Role.REVIEWER))
    done = client.post("/builder/import-xlsform", data={
        "file": (io.BytesIO(sample_xlsform()), "jobcentre.xlsx"), "kind": "mystery_shop"},
        content_type="multipart/form-data")
    text = page_text(done)
    assert done.status_code == 200, text[:500]
    assert "“Jobcentre visit (Kobo)” is imported" in text
    for skipped in ("Row 2: type “start”", "Row 9: type “note”", "Row 15: type “geopoint”",
                    "the condition “${wait} > 30”", "column “constraint” is not supported"):
        assert skipped in text, skipped

    made = newest_questionnaire()
    assert (made.key, made.kind, made.title) == ("jobcentre_visit", "mystery_shop",
                                                 "Jobcentre visit (Kobo)")
    version = made.versions[0]
    assert [s.title for s in version.sections] == ["About the visit", "Afterwards"]
    questions = {q.key: q for q in version.questions()}
    assert [q.key for q in version.questions()] == [
        "visit_date", "greeted", "greeter", "barriers", "barrier_other", "wait", "fare",
        "comments"]
    assert questions["visit_date"].type == "date" and questions["visit_date"].required
    assert questions["greeted"].type == "single_choice"
    assert questions["greeted"].hint == "At the front desk"
    assert questions["greeter"].options["show_if"] == {
        "question": "greeted", "op": "equals", "values": ["yes"]}
    assert questions["barriers"].type == "multi_choice"
    assert questions["barrier_other"].options["show_if"] == {
        "question": "barriers", "op": "one_of", "values": ["other", "stairs"]}
    assert questions["wait"].type == "number" and questions["wait"].options["decimals"] == 0
    assert questions["fare"].options["decimals"] == 2
    assert questions["comments"].type == "long_text"
    assert "show_if" not in questions["comments"].options
    builder.publish(version)  # what was imported is a valid questionnaire


def test_files_that_are_not_xlsforms_are_explained(client, build, login):
    login(build.user(Role.REVIEWER))
    not_excel = client.post("/builder/import-xlsform", data={
        "file": (io.BytesIO(b"type,name\ntext,a\n"), "form.csv"), "kind": "training"},
        content_type="multipart/form-data")
    assert "This file is not an .xlsx spreadsheet" in page_text(not_excel)
    workbook = Workbook()
    workbook.active.title = "questions"
    stream = io.BytesIO()
    workbook.save(stream)
    no_survey = client.post("/builder/import-xlsform", data={
        "file": (io.BytesIO(stream.getvalue()), "form.xlsx"), "kind": "training"},
        content_type="multipart/form-data")
    assert "no sheet called “survey”" in page_text(no_survey)
    nothing = client.post("/builder/import-xlsform", data={"kind": "training"})
    assert "Choose an XLSForm spreadsheet" in page_text(nothing)
    assert db.session.scalar(sa.select(sa.func.count(Questionnaire.id))) == 0


def test_the_command_line_exports_and_imports_definitions(runner, builtins, tmp_path):
    exported = runner.invoke(args=["export-questionnaire", "environment"])
    assert exported.exit_code == 0, exported.output
    path = tmp_path / "environment.json"
    path.write_text(exported.output, "utf-8")
    imported = runner.invoke(args=["import-questionnaire", str(path), "--publish"])
    assert imported.exit_code == 0, imported.output
    assert "Imported environment_2 (Environment walk-through): published as version 1" in \
        imported.output
    assert questionnaires.published_version("environment_2").number == 1

    sheet = tmp_path / "jobcentre_visit.xlsx"
    sheet.write_bytes(sample_xlsform())
    needs_kind = runner.invoke(args=["import-questionnaire", str(sheet)])
    assert needs_kind.exit_code != 0 and "--kind" in needs_kind.output
    from_kobo = runner.invoke(args=["import-questionnaire", str(sheet), "--kind", "training"])
    assert from_kobo.exit_code == 0, from_kobo.output
    assert "Skipped: Row 9: type “note”" in from_kobo.output
    assert "a draft, to check and publish" in from_kobo.output

    broken = tmp_path / "broken.json"
    broken.write_text(BROKEN, "utf-8")
    refused = runner.invoke(args=["import-questionnaire", str(broken)])
    assert refused.exit_code == 1
    assert "Line 10, sections[0].questions[0].type: unknown type 'emoji'" in refused.output
    missing = runner.invoke(args=["export-questionnaire", "nothing_here"])
    assert missing.exit_code == 1 and "No questionnaire has the key" in missing.output
