"""The XLSForm converter on its own: what each row becomes, and what it says it skipped."""
import io

import pytest
from openpyxl import Workbook

from flse_feedback.questionnaires.definitions import check_definition
from flse_feedback.questionnaires.xlsform import XLSFormError, convert

SURVEY_HEADER = ("type", "name", "label", "hint", "required", "relevant")


def workbook(survey_rows, choice_rows=(), settings=None) -> bytes:
    book = Workbook()
    survey = book.active
    survey.title = "survey"
    survey.append(SURVEY_HEADER)
    for row in survey_rows:
        survey.append(row)
    choices = book.create_sheet("choices")
    choices.append(("list_name", "name", "label"))
    for row in choice_rows:
        choices.append(row)
    if settings:
        sheet = book.create_sheet("settings")
        sheet.append(tuple(settings))
        sheet.append(tuple(settings.values()))
    stream = io.BytesIO()
    book.save(stream)
    return stream.getvalue()


YES_NO = [("yn", "yes", "Yes"), ("yn", "no", "No")]


def test_questions_outside_groups_get_a_section_titled_like_the_form():
    converted = convert(workbook([("text", "Name", None, None, "TRUE", None),
                                  ("integer", "2nd_age", "Age", None, "no", None)]),
                        "training", "My form")
    definition = converted.definition
    check_definition(definition)
    [section] = definition["sections"]
    assert section["title"] == "My form"
    first, second = section["questions"]
    assert (first["key"], first["text"], first["required"]) == ("name", "Name", True)
    assert (second["key"], second["type"], second["required"]) == ("q_2nd_age", "number", False)
    assert converted.skipped == []


def test_numbers_as_choice_names_and_repeated_names_are_kept_apart():
    converted = convert(workbook(
        [("select_one rating", "r", "Rate", None, None, None),
         ("text", "r", "Again", None, None, None)],
        [("rating", 1, "One"), ("rating", 2, "Two"), ("rating", 2, "Duplicate")]), "training")
    first, second = converted.definition["sections"][0]["questions"]
    assert first["choices"] == [{"value": "1", "label": "One"}, {"value": "2", "label": "Two"}]
    assert (first["key"], second["key"]) == ("r", "r_2")


@pytest.mark.parametrize("relevant, expected", [
    ("${a} = 'yes'", {"question": "a", "op": "equals", "values": ["yes"]}),
    ('${a}="no"', {"question": "a", "op": "equals", "values": ["no"]}),
    ("${a} = 'yes' or ${a} = 'no'", {"question": "a", "op": "one_of", "values": ["yes", "no"]}),
    ("selected( ${a} , 'yes' )", {"question": "a", "op": "equals", "values": ["yes"]}),
    ("${a} = 'yes' and ${a} = 'no'", None),
    ("${a} != 'yes'", None),
    ("${a} = 'maybe'", None),
    ("${b} = 'x'", None),
    ("${later} = 'yes'", None),
])
def test_the_supported_relevant_subset(relevant, expected):
    converted = convert(workbook(
        [("select_one yn", "a", "A?", None, None, None),
         ("text", "b", "B", None, None, None),
         ("text", "follow", "Follow up", None, None, relevant),
         ("select_one yn", "later", "Later?", None, None, None)], YES_NO), "training")
    follow = converted.definition["sections"][0]["questions"][2]
    assert follow.get("show_if") == expected
    assert any("the condition" in item for item in converted.skipped) == (expected is None)
    check_definition(converted.definition)


def test_what_cannot_come_over_is_listed_row_by_row():
    converted = convert(workbook([
        ("begin repeat", "people", "People", None, None, None),
        ("select_one yn or_other", "ok", "OK?", None, None, None),
        ("select_one missing", "lost", "Lost?", None, None, None),
        ("text", "why", "Why?", None, "${ok} = 'no'", None),
        ("end repeat", None, None, None, None, None),
        ("begin group", "empty", "Empty", None, None, "${ok} = 'yes'"),
        ("calculate", "sum", None, None, None, None),
        ("end group", None, None, None, None, None),
    ], YES_NO), "environment")
    skipped = "\n".join(converted.skipped)
    assert "Row 2: the repeat “people” became a plain section, answered once" in skipped
    assert "Row 3: “or_other”" in skipped
    assert "Row 4: select_one “lost”: the choice list “missing” is missing" in skipped
    assert "Row 5: “required” = “${ok} = 'no'”" in skipped
    assert "Row 7: the group’s condition" in skipped
    assert "Row 8: type “calculate”" in skipped
    assert "The group “Empty” had no questions we could import" in skipped
    assert [s["title"] for s in converted.definition["sections"]] == ["People"]


def test_settings_name_the_form_and_unreadable_files_are_refused():
    converted = convert(workbook([("date", "d", "When?", None, None, None)],
                                 settings={"form_title": "Kobo form", "form_id": "KoboForm-1"}),
                        "training")
    assert converted.definition["title"] == "Kobo form"
    assert converted.definition["key"] == "koboform_1"
    with pytest.raises(XLSFormError, match="not an .xlsx"):
        convert(b"not a zip", "training")


def test_a_file_that_unpacks_to_a_huge_size_is_refused_before_it_is_read():
    """A few hundred KB that unpack to 50 MB (a "zip bomb") never reaches openpyxl."""
    import zipfile

    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", b"<sst>" + b"a" * 50_000_000 + b"</sst>")
    assert len(stream.getvalue()) < 1_000_000

    with pytest.raises(XLSFormError, match="unpacks to 50 MB"):
        convert(stream.getvalue(), "training", "Bomb")


def test_faults_found_after_conversion_point_at_the_spreadsheet_row():
    converted = convert(workbook([
        ("begin group", "arrival", "Arriving", None, None, None),
        ("text", "who", "Who greeted you?", None, None, None),
        ("select_one yn", "door", "Was the door open?", None, None, None),
        ("end group", None, None, None, None, None),
    ], YES_NO), "training", "Visit")

    assert converted.rows == {"sections[0]": 2, "sections[0].questions[0]": 3,
                              "sections[0].questions[1]": 4}
    assert converted.explain([
        ("sections[0].questions[1].choices", "'choices' needs two or more"),
        ("sections[0].title", "'title' is empty"),
        ("title", "'title' is empty"),
    ]) == ["Row 4 (survey sheet): 'choices' needs two or more",
           "Row 2 (survey sheet): 'title' is empty",
           "The form (survey sheet): 'title' is empty"]
