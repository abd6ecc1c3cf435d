"""Exports from the review area honour the inbox filter: CSV and XLSX with one row per response
and one column per question, plus a free-text sheet with machine and human tags."""
import csv
import io

from openpyxl import load_workbook

from flse_feedback.extensions import db
from flse_feedback.models import Response, Role
from flse_feedback.services import questionnaires
from flse_feedback.services import review
from flse_feedback.services.spreadsheets import CONTEXT_COLUMNS, TEXT_COLUMNS


def question_text(key: str) -> str:
    version = questionnaires.published_version("training")
    return next(q.text for q in version.questions() if q.key == key)


def test_xlsx_has_a_response_sheet_and_a_free_text_sheet_for_the_filter(
        client, builtins, build, login):
    mine = build.training_session(slug="mine", title="Mine")
    other = build.training_session(slug="other")
    kept = build.submitted("training", {"relevance": 4, "could_improve":
                                        "=HYPERLINK(\"http://evil.example\") waited ages"},
                           training_session=mine)
    build.submitted("training", {"relevance": 1}, training_session=other)
    reviewer = build.user(Role.REVIEWER)
    answer = next(a for a in kept.answers if a.question.key == "could_improve")
    review.decide_tags(answer, {"training_quality"}, "negative", reviewer)
    login(reviewer)

    download = client.get(f"/review/export/responses.xlsx?session={mine.id}")

    assert download.status_code == 200
    assert download.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(download.get_data()), read_only=True)
    responses = list(book["Responses"].iter_rows(values_only=True))
    assert list(responses[0][:len(CONTEXT_COLUMNS)]) == CONTEXT_COLUMNS
    assert len(responses) == 2  # the header and the one response in this session
    assert responses[1][0] == kept.id
    relevance = responses[0].index(question_text("relevance"))
    assert responses[1][relevance].startswith("4 – ")
    texts = list(book["Free text"].iter_rows(values_only=True))
    assert list(texts[0]) == TEXT_COLUMNS
    row = dict(zip(TEXT_COLUMNS, texts[1]))
    assert row["answer"].startswith("'=HYPERLINK")  # never runs as a formula
    assert row["human_sentiment"] == "negative" and row["human_themes_added"] == "training_quality"
    assert "waiting_access" in row["machine_themes"]
    assert row["themes"] == "training_quality" and row["sentiment"] == "negative"


def test_wide_csv_is_one_row_per_response_with_a_column_per_question(
        client, builtins, build, login):
    session = build.training_session()
    build.submitted("training", {"relevance": 5, "most_useful": "The case studies."},
                    training_session=session)
    build.submitted("training", {"relevance": 2}, training_session=session)
    build.submitted("mystery_shop", {"visit_date": "2026-11-20"}, respondent=build.user(),
                    site=build.site(), scenario=build.scenario())
    login(build.user(Role.REVIEWER))

    rows = list(csv.reader(io.StringIO(client.get(
        "/review/export/responses.csv?kind=training").get_data(as_text=True))))

    assert rows[0][:len(CONTEXT_COLUMNS)] == CONTEXT_COLUMNS
    assert len(rows) == 3
    assert {row[1] for row in rows[1:]} == {"training"}
    useful = rows[0].index(question_text("most_useful"))
    assert sorted(row[useful] for row in rows[1:]) == ["", "The case studies."]


def test_filtered_exports_leave_out_what_the_filter_leaves_out(client, builtins, build, login):
    session = build.training_session()
    build.submitted("training", {"could_improve": "I waited far too long."},
                    training_session=session)
    build.submitted("training", {"could_improve": "All good."}, training_session=session)
    login(build.user(Role.REVIEWER))

    answers = client.get("/review/export/answers.csv?theme=waiting_access").get_data(
        as_text=True)

    assert "I waited far too long." in answers and "All good." not in answers


def test_every_export_honours_every_filter_that_looks_beyond_the_response(
        client, builtins, build, login):
    """Filters on reviews, tags and words are sub-queries; each export must keep them apart
    from its own joins (a reviewed-only export once failed half-way through the download)."""
    session = build.training_session()
    waited = build.submitted("training", {"could_improve": "I waited far too long."},
                             training_session=session)
    build.submitted("training", {"could_improve": "All good, lovely trainers."},
                    training_session=session)
    reviewer = build.user(Role.REVIEWER)
    review.save_review(db.session.get(Response, waited.id), True, "", reviewer)
    login(reviewer)
    expected = {"reviewed=yes": {"waited"}, "reviewed=no&q=lovely": {"lovely"},
                "sentiment=negative&reviewed=yes": {"waited"},
                "theme=waiting_access&q=waited": {"waited"}}

    for name in ("answers.csv", "responses.csv", "responses.jsonl", "responses.xlsx"):
        for query, wanted in expected.items():
            download = client.get(f"/review/export/{name}?session={session.id}&{query}")
            assert download.status_code == 200, (name, query)
            body = download.get_data()
            if name.endswith(".xlsx"):
                sheet = load_workbook(io.BytesIO(body), read_only=True)["Responses"]
                text = " ".join(str(cell) for row in sheet.iter_rows(values_only=True)
                                for cell in row)
            else:
                text = body.decode()
            found = {word for word, quote in (("waited", "I waited far too long."),
                                              ("lovely", "All good, lovely trainers."))
                     if quote in text}
            assert found == wanted, (name, query)
