"""Submitting stores a response and its machine tags in one go; a tagging fault never loses it."""
import logging

import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import (
    Answer, MachineFlag, MachineSentiment, MachineTheme, Response, Status)
from flse_feedback.services import tagging

USEFUL = "The trainer was friendly and the talk was really useful."
WORRY = "I am scared he will hurt the children again."


def machine_rows(model, response):
    return db.session.scalars(sa.select(model).join(model.answer).where(
        sa.literal_column("answers.response_id") == response.id)).all()


def test_a_submitted_response_has_its_tags_as_soon_as_it_is_stored(builtins, build):
    session = build.training_session()
    response = build.submitted("training", {"most_useful": USEFUL, "could_improve": WORRY},
                               training_session=session)

    db.session.expire_all()
    stored = db.session.get(Response, response.id)
    assert stored.status == Status.SUBMITTED.value
    labels = {row.answer.question.key: row.label for row in machine_rows(MachineSentiment, stored)}
    assert labels["most_useful"] == "positive"
    assert {row.theme_id for row in machine_rows(MachineTheme, stored)} >= {"staff_attitude"}
    # A safeguarding phrase marks the response for a person's attention in the same commit.
    assert machine_rows(MachineFlag, stored)
    assert stored.needs_attention is True


def test_an_analysis_fault_still_submits_the_answers(builtins, build, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("analyser broke")

    monkeypatch.setattr(tagging, "analyse_text", broken)
    session = build.training_session()
    with caplog.at_level(logging.ERROR):
        response = build.submitted("training", {"most_useful": USEFUL},
                                   training_session=session)

    db.session.expire_all()
    stored = db.session.get(Response, response.id)
    assert stored.status == Status.SUBMITTED.value
    assert [a.value for a in stored.answers] == [USEFUL]
    assert machine_rows(MachineSentiment, stored) == []
    assert "can be re-tagged later" in caplog.text
    # `flask retag` (and the codebook's re-tag button) then adds the missing tags.
    monkeypatch.undo()
    tagging.retag()
    assert [row.label for row in machine_rows(MachineSentiment, stored)] == ["positive"]


def test_tags_that_cannot_be_stored_do_not_stop_the_submission(builtins, build, monkeypatch,
                                                               caplog):
    real = tagging.prepare_new_tags

    def with_a_deleted_theme(answers, *args, **kwargs):
        prepared = real(answers, *args, **kwargs)
        prepared.themes.append({"answer_id": prepared.sentiments[0]["answer_id"],
                                "theme_id": "a_theme_deleted_a_moment_ago", "matched": ["x"]})
        return prepared

    monkeypatch.setattr(tagging, "prepare_new_tags", with_a_deleted_theme)
    session = build.training_session()
    with caplog.at_level(logging.ERROR):
        response = build.submitted("training", {"most_useful": USEFUL},
                                   training_session=session)

    db.session.expire_all()
    stored = db.session.get(Response, response.id)
    assert stored.status == Status.SUBMITTED.value
    assert [a.value for a in stored.answers] == [USEFUL]
    assert machine_rows(MachineTheme, stored) == []
    assert "submitting without tags" in caplog.text


def test_text_changed_in_another_tab_while_being_analysed_is_tagged_as_stored(
        builtins, build, monkeypatch):
    """Submit analyses the text before claiming the response; an answer saved from another tab
    in between must not be stored with the old text's tags."""
    real = tagging.prepare_new_tags
    session = build.training_session()
    changed = []

    def meanwhile_another_tab_saves(answers, *args, **kwargs):
        prepared = real(answers, *args, **kwargs)
        if not changed:
            answer = next(a for a in answers if a.value == USEFUL)
            db.session.execute(sa.update(Answer).where(Answer.id == answer.id)
                               .values(value=WORRY))
            changed.append(answer.id)
        return prepared

    monkeypatch.setattr(tagging, "prepare_new_tags", meanwhile_another_tab_saves)
    response = build.submitted("training", {"most_useful": USEFUL}, training_session=session)

    db.session.expire_all()
    stored = db.session.get(Response, response.id)
    assert stored.status == Status.SUBMITTED.value
    assert [a.value for a in stored.answers] == [WORRY]
    assert machine_rows(MachineFlag, stored) and stored.needs_attention is True
    assert [row.label for row in machine_rows(MachineSentiment, stored)] != ["positive"]


def test_a_hidden_answer_is_dropped_and_the_response_sent_even_when_analysis_fails(
        builtins, build, monkeypatch):
    """An answer hidden by a changed earlier answer is removed at submit; if the analysis then
    fails, the submission must still happen, without that answer."""
    from flse_feedback.services import builder, questionnaires, responses

    made = builder.create_questionnaire("Feedback", "training")
    section = builder.add_section(builder.draft_of(made), "About the session")
    asked = builder.add_question(section, "yes_no_na", {"text": "Was anything hard?"})
    follow_up = builder.add_question(section, "long_text", {"text": "What was hard?"})
    builder.set_condition(follow_up, asked.key, ["yes"])
    other = builder.add_question(section, "long_text", {"text": "Anything else?"})
    builder.publish(builder.draft_of(made))
    version = questionnaires.published_version(made.key)
    by_key = {q.key: q.id for q in version.questions()}
    response = responses.start_response(version)
    responses.save_answers(response, {by_key[asked.key]: "yes", by_key[other.key]: USEFUL,
                                      by_key[follow_up.key]: "The stairs."}, resume_page=2)
    responses.save_answers(response, {by_key[asked.key]: "no"}, resume_page=2)

    def broken(*args, **kwargs):
        raise ValueError("analyser broke")

    monkeypatch.setattr(tagging, "analyse_text", broken)
    assert responses.submit(response) is True

    db.session.expire_all()
    stored = db.session.get(Response, response.id)
    assert stored.status == Status.SUBMITTED.value
    assert {a.question.key: a.value for a in stored.answers} == {
        asked.key: "no", other.key: USEFUL}
