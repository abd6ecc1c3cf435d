"""Each process keeps published versions' wording and page forms; drafts and the choice of
the current version always come from the database."""
import copy
from datetime import date

import pytest
import sqlalchemy as sa

from config import TestingConfig
from flse_feedback import create_app
from flse_feedback.extensions import db
from flse_feedback.models import Question, QuestionnaireVersion, TrainingSession
from flse_feedback.questionnaires.forms import plan_page
from flse_feedback.services import builder, questionnaires, version_cache
from tests.helpers import page_text

DEFINITION = {
    "key": "cache_check", "kind": "training", "title": "Cache check", "sections": [
        {"key": "first", "title": "First page", "questions": [
            {"key": "useful", "type": "long_text", "text": "What was useful?"},
            {"key": "again", "type": "yes_no_na", "text": "Would you come again?",
             "required": True},
        ]},
        {"key": "second", "title": "Second page", "questions": [
            {"key": "why", "type": "short_text", "text": "Why not?",
             "show_if": {"question": "again", "op": "equals", "values": ["no"]}},
        ]},
    ],
}


def install(definition=DEFINITION):
    version, _ = questionnaires.install_definition(definition)
    db.session.commit()
    return version


def reworded(text):
    changed = copy.deepcopy(DEFINITION)
    changed["sections"][0]["questions"][0]["text"] = text
    return changed


@pytest.fixture
def statements(app):
    """A list that grows by one for every SQL statement sent while the test runs."""
    sent = []

    def count(*_args, **_kwargs):
        sent.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", count)
    yield sent
    sa.event.remove(db.engine, "before_cursor_execute", count)


def cache():
    return version_cache._cache()


def test_a_published_version_is_read_once_and_matches_the_database(app, statements):
    version = install()
    first = version_cache.content_of(version)
    statements.clear()

    again = version_cache.content_of(version)

    assert again is first and not statements
    assert first.id == version.id and first.title == "Cache check"
    assert [s.title for s in first.sections] == ["First page", "Second page"]
    assert [(q.id, q.key, q.field_name, q.required) for q in first.questions()] == [
        (q.id, q.key, q.field_name, q.required) for q in version.questions()]
    assert first.section_at(2).questions[0].options["show_if"]["values"] == ("no",)
    assert first.section_at(3) is None


def test_cached_wording_cannot_be_changed(app):
    content = version_cache.content_of(install())
    question = content.questions()[2]
    with pytest.raises(TypeError):
        question.options["show_if"]["values"] = ["yes"]
    with pytest.raises(AttributeError):
        question.text = "Something else"


def test_a_retired_version_is_still_served_its_own_wording(app):
    old = install()
    old_content = version_cache.content_of(old)

    new = install(reworded("What helped you most?"))
    db.session.refresh(old)

    assert old.status == "retired" and new.status == "published"
    assert version_cache.content_of(old) is old_content
    assert old_content.questions()[0].text == "What was useful?"
    assert version_cache.content_of(new).questions()[0].text == "What helped you most?"


def test_a_draft_is_never_kept(app):
    version = install()
    draft = builder.start_draft(version.questionnaire)
    kept_before = dict(cache().versions)  # the test app is shared by every test
    first = version_cache.content_of(draft)
    question = db.session.scalar(sa.select(Question).join(Question.section).where(
        Question.key == "useful", Question.section.has(version_id=draft.id)))
    builder.update_question(question, {"text": "Edited in the builder", "hint": "",
                                       "required": False})

    assert first.cache_key is None
    assert version_cache.content_of(draft).questions()[0].text == "Edited in the builder"
    assert cache().versions == kept_before
    section = first.sections[0]
    plan = plan_page(first, section, {})
    assert version_cache.section_form(first, section, True, plan) is not \
        version_cache.section_form(first, section, True, plan)


def test_a_new_version_reusing_a_deleted_versions_id_is_not_served_the_old_wording(app):
    version = install()
    old_id = version.id
    assert version_cache.content_of(version).questions()[0].text == "What was useful?"
    questionnaire = version.questionnaire
    for older in list(questionnaire.versions):
        db.session.delete(older)
    db.session.delete(questionnaire)
    db.session.commit()

    fresh = install(reworded("Something different"))

    # SQLite gives the freed id out again; PostgreSQL does not. Either way the wording is new.
    assert fresh.id >= old_id
    assert version_cache.content_of(fresh).questions()[0].text == "Something different"


def test_page_forms_are_built_once_per_page_and_kind_of_check(app):
    content = version_cache.content_of(install())
    section = content.sections[0]
    plan = plan_page(content, section, {})
    with app.test_request_context():
        enforcing = version_cache.section_form(content, section, True, plan)
        lenient = version_cache.section_form(content, section, False, plan)

        assert version_cache.section_form(content, section, True, plan) is enforcing
        assert lenient is not enforcing
        assert not enforcing().validate()  # the required question is enforced...
        assert lenient().validate()        # ...only when continuing


def test_a_conditional_page_gets_a_form_per_set_of_shown_questions(app):
    content = version_cache.content_of(install())
    section = content.sections[1]
    shown = plan_page(content, section, {content.questions()[1].id: "no"})
    hidden = plan_page(content, section, {content.questions()[1].id: "yes"})
    with app.test_request_context():
        with_question = version_cache.section_form(content, section, True, shown)
        without = version_cache.section_form(content, section, True, hidden)
        assert [f.name for f in with_question() if f.name != "csrf_token"] == ["q_%d" % (
            content.questions()[2].id)]
        assert [f.name for f in without() if f.name != "csrf_token"] == []


def test_every_app_starts_with_an_empty_cache(app, database_uri):
    version_cache.content_of(install())
    assert cache().versions

    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)

    assert other.extensions[version_cache.EXTENSION].versions == {}
    assert other.extensions[version_cache.EXTENSION] is not cache()
    with other.app_context():
        db.engine.dispose()


def test_a_version_published_elsewhere_reaches_the_form_at_once(client):
    install()
    session = TrainingSession(slug="cache-week", title="A session", delivered_on=date(2026, 11, 20),
                              questionnaire=questionnaires.questionnaire_by_key("cache_check"))
    db.session.add(session)
    db.session.commit()
    assert "What was useful?" in page_text(client.get("/training/cache-week"))

    # Another server process publishes a new wording: only the database knows.
    install(reworded("What helped you most?"))
    db.session.expire_all()

    text = page_text(client.get("/training/cache-week"))
    assert "What helped you most?" in text and "What was useful?" not in text
    assert session.questionnaire.key == "cache_check"
    published = db.session.scalars(sa.select(QuestionnaireVersion).where(
        QuestionnaireVersion.status == "published",
        QuestionnaireVersion.questionnaire_id == session.questionnaire_id)).all()
    assert len(published) == 1
