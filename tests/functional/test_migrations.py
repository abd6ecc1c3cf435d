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
