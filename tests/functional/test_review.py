"""A coproduction worker reads submitted responses with their tags, and downloads them."""
import csv
import io
import json
import re
from html import unescape

import pytest

from flse_feedback.models import Role
from flse_feedback.services import exports, questionnaires, responses, review
from tests.helpers import page_text, question_ids

PRIVACY = "The room was not private and everyone could hear us talking."
FORMULA = "=SUM(1,2) and the staff were rude."
DRAFT_ONLY = "Half-written thoughts that were never sent."
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def reviewer(build, login):
    return login(build.user(Role.REVIEWER))


def training(build, **answers):
    return build.submitted("training", answers, training_session=build.training_session())


def visit(build, one_change="Let people talk somewhere private.", site=None):
    return build.submitted("mystery_shop", {"visit_date": "2026-11-20", "one_change": one_change},
                           respondent=build.user(), site=site or build.site(),
                           scenario=build.scenario())


def draft(build):
    started = responses.start_response(questionnaires.published_version("training"),
                                       training_session=build.training_session())
    responses.save_answers(started, {question_ids("training")["could_improve"]: DRAFT_ONLY},
                           resume_page=2)
    return started


def listed_ids(page) -> list[int]:
    return [int(i) for i in re.findall(r'href="/review/responses/(\d+)(?:\?[^"]*)?"',
                                       page.get_data(as_text=True))]


def answer_to(response, key):
    return next(a for a in response.answers if a.question.key == key)


def test_inbox_counts_and_lists_newest_first_without_drafts(client, builtins, build, reviewer):
    oldest, middle, newest = training(build), visit(build), training(build)
    unsent = draft(build)

    inbox = client.get("/review/")

    assert "3 responses" in page_text(inbox)
    assert listed_ids(inbox) == [newest.id, middle.id, oldest.id]
    assert client.get(f"/review/responses/{unsent.id}").status_code == 404


def test_inbox_shows_only_the_chosen_kind(client, builtins, build, reviewer):
    first, second, shop = training(build), training(build), visit(build)

    only_shops = client.get("/review/?kind=mystery_shop")
    only_training = client.get("/review/?kind=training")

    assert "1 response" in page_text(only_shops)
    assert listed_ids(only_shops) == [shop.id]
    assert "2 responses" in page_text(only_training)
    assert listed_ids(only_training) == [second.id, first.id]


def test_inbox_pages_through_older_responses(app, client, builtins, build, reviewer,
                                             monkeypatch):
    monkeypatch.setitem(app.config, "REVIEW_PAGE_SIZE", 2)
    first, second, third = training(build), training(build), training(build)

    newest = client.get("/review/")
    assert listed_ids(newest) == [third.id, second.id]
    assert "Older responses" in page_text(newest)
    older_link = re.search(r'href="([^"]+)">Older responses', newest.get_data(as_text=True))[1]

    older = client.get(unescape(older_link))
    assert listed_ids(older) == [first.id]
    assert "Older responses" not in page_text(older)


def test_inbox_service_cursor_leads_to_the_next_page(builtins, build):
    first, second, third = training(build), training(build), training(build)

    page_one = review.inbox(limit=2)
    page_two = review.inbox(limit=2, cursor=page_one.next_cursor)

    assert [r.id for r in page_one.responses] == [third.id, second.id]
    assert page_one.next_cursor is not None and page_one.total == 3
    assert [r.id for r in page_two.responses] == [first.id]
    assert page_two.next_cursor is None


def test_response_page_shows_answers_in_words_with_sentiment_and_theme_names(
        client, builtins, build, reviewer):
    response = training(build, relevance=4, pace="about_right", could_improve=PRIVACY)

    text = page_text(client.get(f"/review/responses/{response.id}"))

    for answer in response.answers:
        assert answer.question.text in text
    assert "Very relevant" in text
    assert "It was about right" in text and "about_right" not in text
    assert PRIVACY in text
    assert answer_to(response, "could_improve").sentiment.label.capitalize() in text
    assert "Privacy & confidentiality" in text


def csv_rows(client):
    download = client.get("/review/export.csv")
    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    return list(csv.reader(io.StringIO(download.get_data(as_text=True))))


def test_csv_export_has_one_row_per_answer_and_neutralises_formulas(
        client, builtins, build, reviewer):
    feedback = training(build, relevance=4, could_improve=PRIVACY)
    shop = visit(build, one_change=FORMULA)
    draft(build)

    header, *rows = csv_rows(client)
    records = [dict(zip(header, row)) for row in rows]

    assert header == exports.CSV_COLUMNS
    assert len(records) == len(feedback.answers) + len(shop.answers)
    assert {r["response_id"] for r in records} == {str(feedback.id), str(shop.id)}
    assert DRAFT_ONLY not in str(rows)
    privacy = next(r for r in records if r["question_key"] == "could_improve")
    assert "privacy" in privacy["themes"].split(";")
    formula = next(r for r in records if r["question_key"] == "one_change")
    assert formula["answer"] == "'" + FORMULA
    polarity = answer_to(shop, "one_change").sentiment.polarity
    assert polarity < 0
    assert formula["polarity"] == str(polarity)


def test_jsonl_export_has_one_object_per_submitted_response(client, builtins, build, reviewer):
    feedback = training(build, relevance=4, could_improve=PRIVACY)
    shop = visit(build)
    draft(build)

    download = client.get("/review/export.jsonl")
    records = [json.loads(line) for line in download.get_data(as_text=True).splitlines()]

    assert download.status_code == 200
    assert sorted(r["response_id"] for r in records) == sorted([feedback.id, shop.id])
    for record in records:
        assert {"response_id", "kind", "questionnaire", "questionnaire_version", "site",
                "training_session", "submitted_at", "answers"} <= record.keys()
    by_id = {r["response_id"]: r for r in records}
    assert by_id[feedback.id]["training_session"] == feedback.training_session.slug
    assert by_id[shop.id]["kind"] == "mystery_shop"
    free_text = next(a for a in by_id[feedback.id]["answers"]
                     if a["question_key"] == "could_improve")
    assert free_text["sentiment"]["label"] == answer_to(feedback, "could_improve").sentiment.label
    assert "privacy" in free_text["themes"]


def test_stored_script_is_shown_as_text_not_run(client, builtins, build, reviewer):
    response = visit(build, one_change=f"{SCRIPT} the door was locked",
                     site=build.site(f"{SCRIPT} Centre"))

    page = client.get(f"/review/responses/{response.id}")

    assert SCRIPT not in page.get_data(as_text=True)
    assert f"{SCRIPT} the door was locked" in page_text(page)
    assert f"{SCRIPT} Centre" in page_text(page)
