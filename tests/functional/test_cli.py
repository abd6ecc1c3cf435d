"""The command-line contract in the README: create-user, load-questionnaires, seed-demo, export,
analyse and setup-link."""
import csv
import io
import json

import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import MachineSentiment, QuestionnaireVersion, Response, Theme, User
from flse_feedback.services import exports


def count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_create_user_makes_an_account_that_can_log_in(runner, client):
    result = runner.invoke(args=["create-user", "--email", "Volunteer@Example.org",
                                 "--role", "volunteer", "--password", "a long passphrase"])
    assert result.exit_code == 0, result.output
    login = client.post("/auth/login", data={"email": "volunteer@example.org",
                                             "password": "a long passphrase"})
    assert login.status_code == 302


def test_create_user_refuses_short_passwords_duplicates_and_unknown_roles(runner):
    short = runner.invoke(args=["create-user", "--email", "a@example.org", "--role", "admin",
                                "--password", "short"])
    assert short.exit_code != 0 and "at least 8 characters" in short.output
    runner.invoke(args=["create-user", "--email", "b@example.org", "--role", "reviewer",
                        "--password", "long enough"])
    again = runner.invoke(args=["create-user", "--email", "B@example.org", "--role", "reviewer",
                                "--password", "long enough"])
    assert again.exit_code != 0 and "already exists" in again.output
    role = runner.invoke(args=["create-user", "--email", "c@example.org", "--role", "boss",
                               "--password", "long enough"])
    assert role.exit_code != 0
    assert count(User) == 1


def test_load_questionnaires_is_idempotent(runner):
    first = runner.invoke(args=["load-questionnaires"])
    assert first.exit_code == 0, first.output
    assert "mystery_shop: version 1 loaded" in first.output
    second = runner.invoke(args=["load-questionnaires"])
    assert "mystery_shop: version 1 unchanged" in second.output
    assert "0 themes added" in second.output
    assert count(QuestionnaireVersion) == 3
    assert count(Theme) == 22


def test_seed_demo_is_idempotent_and_serves_the_demo_training_form(runner, client):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    submitted = count(Response, Response.status == "submitted")
    assert submitted == 36
    runner.invoke(args=["seed-demo"])
    assert count(Response, Response.status == "submitted") == 36

    form = client.get("/training/demo")
    assert form.status_code == 200
    assert "Section 1 of" in form.get_data(as_text=True)
    # The demo's free text was tagged at submit time, like any real response.
    assert count(MachineSentiment) > 0


def test_seed_demo_generates_synthetic_responses_for_benchmarks(runner):
    result = runner.invoke(args=["seed-demo", "--responses", "40"])
    assert result.exit_code == 0, result.output
    assert "Generated 40 synthetic responses" in result.output
    assert count(Response, Response.status == "submitted") == 36 + 40
    assert count(MachineSentiment) > 40


def test_export_jsonl_has_every_submitted_response_with_tags(runner, builtins, build):
    session = build.training_session()
    build.submitted("training", {"most_useful": "The case studies were really helpful.",
                                 "relevance": 4}, training_session=session)
    build.submitted("training", {"could_improve": "=HYPERLINK(\"http://x\")"},
                    training_session=session)

    result = runner.invoke(args=["export", "--format", "jsonl"])

    lines = [json.loads(line) for line in result.output.splitlines()]
    assert len(lines) == 2
    first = lines[0]
    assert first["kind"] == "training" and first["questionnaire_version"] == 1
    assert first["training_session"] == session.slug and first["submitted_at"]
    answers = {a["question_key"]: a for a in first["answers"]}
    assert answers["relevance"]["value"] == 4 and answers["relevance"]["question"]
    assert answers["most_useful"]["sentiment"]["label"] == "positive"
    assert "training_quality" in answers["most_useful"]["themes"]


def test_export_csv_is_one_row_per_answer_and_formula_safe(runner, builtins, build):
    build.submitted("training", {"could_improve": "=HYPERLINK(\"http://x\")", "relevance": 2},
                    training_session=build.training_session())

    result = runner.invoke(args=["export", "--format", "csv"])

    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert list(rows[0].keys()) == exports.CSV_COLUMNS
    assert len(rows) == 2
    improve = next(r for r in rows if r["question_key"] == "could_improve")
    assert improve["answer"].startswith("'=")
    relevance = next(r for r in rows if r["question_key"] == "relevance")
    assert relevance["answer"].startswith("2")


def test_analyse_reads_lines_and_writes_one_result_per_line_in_order(runner):
    text = "The staff were lovely and kind.\nI waited two hours in a noisy room.\n\nN/A\n"

    result = runner.invoke(args=["analyse"], input=text)

    assert result.exit_code == 0, result.output
    results = [json.loads(line) for line in result.output.splitlines()]
    assert [r["text"] for r in results] == ["The staff were lovely and kind.",
                                            "I waited two hours in a noisy room.", "", "N/A"]
    assert results[0]["sentiment"]["label"] == "positive"
    assert "staff_attitude" in results[0]["themes"]
    assert {"waiting_access", "physical_environment"} <= set(results[1]["themes"])
    assert results[3]["themes"] == [] and results[3]["sentiment"]["label"] == "neutral"
    assert set(results[0]["sentiment"]) >= {"label", "polarity", "subjectivity"}
    assert set(results[0]) == {"text", "sentiment", "themes", "theme_matches"}
    assert set(results[0]["sentiment"]) == {"label", "polarity", "subjectivity", "mixed",
                                            "sentences", "explanation"}
    assert results[0]["sentiment"]["explanation"] == ["lovely", "kind"]
    assert results[0]["sentiment"]["sentences"][0]["explanation"] == ["lovely", "kind"]
    assert results[0]["theme_matches"][0] == {"id": "staff_attitude",
                                              "matched": ["lovely", "and kind"]}


def test_analyse_jsonl_reports_bad_lines_and_carries_on(runner):
    text = '{"text": "Nobody explained anything."}\nnot json\n{"text": "Great session"}\n'

    result = runner.invoke(args=["analyse", "--jsonl"], input=text)

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3
    assert lines[0]["text"] == "Nobody explained anything."
    assert lines[1] == {"line": 2, "error": "not a JSON object"}
    assert lines[2]["text"] == "Great session"
    assert "line 2: not a JSON object" in result.stderr


def test_analyse_jsonl_reads_the_question_of_each_answer(runner):
    text = ('{"text": "Nothing", "question": "What could we improve?"}\n'
            '{"text": "Nothing", "question": "What was good?"}\n'
            '{"text": "Nothing"}\n')

    result = runner.invoke(args=["analyse", "--jsonl"], input=text)

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["sentiment"]["label"] for line in lines] == ["positive", "negative", "neutral"]
    assert lines[0]["sentiment"]["explanation"] == ["nothing (asked about problems)"]


def test_analyse_plain_lines_can_share_one_question(runner):
    result = runner.invoke(args=["analyse", "--question", "What was good?"],
                           input="Nothing\nThe trainer\n")

    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["sentiment"]["label"] for line in lines] == ["negative", "neutral"]


def test_analyse_csv_gives_one_result_per_row_in_order(runner):
    text = ('id,answer,question\n'
            '1,"Friendly but rushed, I was in and out",Any other comments?\n'
            '2,"Nothing",What could be better?\n'
            '\n'
            '3,"The talk about addiction and prison was eye-opening",\n'
            '4\n'
            '5,"Line one.\nLine two was awful.",\n')

    result = runner.invoke(args=["analyse", "--csv", "answer", "--question-column", "question"],
                           input=text)

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 5
    assert lines[0]["sentiment"]["label"] == "negative"
    assert lines[1]["sentiment"]["label"] == "positive" and lines[1]["themes"] == []
    assert lines[2]["sentiment"]["label"] == "positive"
    assert {"substance_use", "criminal_justice"} <= set(lines[2]["themes"])
    assert lines[3] == {"row": 4, "error": "no 'answer' value"}
    assert [s["label"] for s in lines[4]["sentiment"]["sentences"]] == ["neutral", "negative"]


def test_analyse_csv_names_a_missing_column(runner):
    result = runner.invoke(args=["analyse", "--csv", "comment"], input="answer\nGood\n")

    assert result.exit_code == 2
    assert "column 'comment' is not in the CSV header ('answer')" in result.output
    assert result.stdout.count("{") == 0


def test_analyse_options_that_do_not_go_together_are_refused(runner):
    both = runner.invoke(args=["analyse", "--jsonl", "--csv", "answer"], input="")
    assert both.exit_code == 2 and "either --jsonl or --csv" in both.output
    alone = runner.invoke(args=["analyse", "--question-column", "q"], input="")
    assert alone.exit_code == 2 and "--question-column needs --csv" in alone.output


def test_analyse_survives_bytes_that_are_not_utf8(runner):
    result = runner.invoke(args=["analyse"], input=b"caf\xe9 was lovely\n\xff\xfe\n")

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines[0]["text"] == "caf\ufffd was lovely"
    assert lines[0]["sentiment"]["label"] == "positive"
    assert len(lines) == 2


def test_setup_link_is_printed_only_while_there_is_no_admin(runner, build):
    first = runner.invoke(args=["setup-link", "--base-url", "http://127.0.0.1:5123"])
    assert "http://127.0.0.1:5123/auth/setup/" in first.output
    build.user("admin")
    second = runner.invoke(args=["setup-link"])
    assert "/auth/setup/" not in second.output
