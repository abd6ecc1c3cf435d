"""The migrations build the same schema as the models, on SQLite and on PostgreSQL."""
import os
import uuid

import pytest
import sqlalchemy as sa
from flask_migrate import check, upgrade

from config import TestingConfig
from flse_feedback import create_app
from flse_feedback.extensions import db


@pytest.fixture
def empty_database_uri(database_uri, tmp_path):
    """An empty database: a new SQLite file, or a fresh schema in the PostgreSQL test database."""
    if not os.environ.get("TEST_DATABASE_URL"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite3'}"
        return
    schema = f"migration_check_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(database_uri)
    with engine.begin() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in database_uri else "?"
    yield f"{database_uri}{separator}options=-csearch_path%3D{schema}"
    with engine.begin() as connection:
        connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()


def test_upgrade_from_empty_matches_the_models(empty_database_uri):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_uri)
    with app.app_context():
        upgrade()
        tables = set(sa.inspect(db.engine).get_table_names())
        assert {"responses", "answers", "machine_sentiments", "themes"} <= tables
        check()  # raises when an autogenerate would find anything to change
        db.engine.dispose()


def test_the_migrated_database_finds_words_in_answers(empty_database_uri):
    """The word-search index is raw SQL in a migration; it must exist and follow new answers
    on a database built only by `flask db upgrade`, as in production."""
    from flse_feedback.models import Answer, Response
    from flse_feedback.models.search import answers_matching
    from flse_feedback.questionnaires.definitions import builtin_definitions
    from flse_feedback.services import questionnaires, responses

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=empty_database_uri)
    with app.app_context():
        upgrade()
        version, _ = questionnaires.install_definition(next(
            d for d in builtin_definitions() if d["key"] == "training"))
        db.session.commit()
        question = next(q for q in version.questions() if q.key == "could_improve")
        draft = responses.start_response(version)
        responses.save_answers(draft, {question.id: "The café was closed."}, resume_page=2)
        dialect = db.engine.dialect.name

        def matching(words):
            return db.session.scalars(sa.select(Answer.response_id).where(
                answers_matching(words, dialect))).all()

        assert matching("café closed") == [draft.id]
        responses.save_answers(draft, {question.id: "Lovely room."}, resume_page=2)
        assert matching("café") == [] and matching("lovely") == [draft.id]
        db.session.execute(sa.delete(Response).where(Response.id == draft.id))
        db.session.commit()
        assert matching("lovely") == []
        db.session.remove()
        db.engine.dispose()
