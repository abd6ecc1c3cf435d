"""Worrying answers are flagged in the inbox for a person; exports for partners can be masked."""
import csv
import io
import json

from flse_feedback.extensions import db
from flse_feedback.models import Role, SafeguardingCategory
from tests.helpers import page_text


def test_flagged_response_stands_out_in_the_inbox_and_the_response(
        client, builtins, build, login):
    session = build.training_session()
    flagged = build.submitted("training", {"other_comments": "Some days I feel suicidal."},
                              training_session=session)
    calm = build.submitted("training", {"other_comments": "Great session, thank you."},
                           training_session=session)
    login(build.user(Role.REVIEWER))

    only_flagged = page_text(client.get("/review/?attention=1"))
    assert "1 response: this one matches the filters" in only_flagged
    assert flagged.needs_attention and not calm.needs_attention

    shown = page_text(client.get(f"/review/responses/{flagged.id}"))
    assert "Flagged for attention" in shown
    assert "Flagged: Self-harm or suicide (words: suicidal)" in shown
    assert "Flagged for attention" not in page_text(client.get(f"/review/responses/{calm.id}"))


def test_admin_edits_a_phrase_list_and_new_answers_use_it(client, builtins, build, login):
    login(build.user(Role.ADMIN))
    page = client.post("/admin/safeguarding/violence", data={
        "phrases": "hit me\nthrew a chair at me\n\n"})
    assert page.status_code == 302
    assert db.session.get(SafeguardingCategory, "violence").phrases == [
        "hit me", "threw a chair at me"]

    answer = build.submitted("training", {"other_comments": "Someone threw a chair at me."},
                             training_session=build.training_session())
    assert answer.needs_attention


def test_masked_exports_hide_contact_details_and_listed_names_but_keep_the_original(
        client, runner, builtins, build, login):
    site = build.site("Jobcentre Plus, Hove", names_to_mask="Sharon\nMr Patel")
    text = "Sharon was rude. Call me on 07700 900123 or sam@example.org, BN3 2AB."
    visit = build.submitted("mystery_shop", {"visit_date": "2026-11-20", "one_change": text},
                            respondent=build.user(), site=site, scenario=build.scenario())
    login(build.user(Role.REVIEWER))

    masked_csv = client.get("/review/export.csv?mask=1").get_data(as_text=True)
    row = next(r for r in csv.DictReader(io.StringIO(masked_csv)) if r["question_key"] ==
               "one_change")
    assert row["answer"] == "[name] was rude. Call me on [phone] or [email], [postcode]."

    masked_jsonl = runner.invoke(args=["export", "--format", "jsonl", "--mask"]).output
    assert "Sharon" not in masked_jsonl and "07700" not in masked_jsonl
    plain = json.loads(runner.invoke(args=["export", "--format", "jsonl"]).output)
    assert text in json.dumps(plain, ensure_ascii=False)
    stored = next(a for a in visit.answers if a.question.key == "one_change")
    assert stored.value == text
