"""Shared fixtures: one schema per test run, emptied after every test.

The database is a temporary SQLite file unless TEST_DATABASE_URL names a PostgreSQL database,
in which case the same suite runs there. A developer's DATABASE_URL is never touched.
"""
from __future__ import annotations

import os

import pytest
import sqlalchemy as sa

from config import TestingConfig, database_url
from flse_feedback import create_app
from flse_feedback.extensions import db
from tests.builders import Builders
from tests.helpers import requests_isolated


def _test_database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
    name = url.rsplit("/", 1)[-1].split("?", 1)[0]
    if "test" not in name:
        pytest.exit(f"Refusing to run: TEST_DATABASE_URL database {name!r} must contain 'test'")
    os.environ["DATABASE_URL"] = url
    try:
        return database_url("")
    finally:
        del os.environ["DATABASE_URL"]


@pytest.fixture(scope="session")
def database_uri(tmp_path_factory) -> str:
    return _test_database_url(tmp_path_factory)


@pytest.fixture(scope="session")
def session_app(database_uri):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri)
    with app.app_context():
        db.drop_all()
        _drop_alembic_version()
        db.create_all()
    yield app
    with app.app_context():
        db.drop_all()
        db.engine.dispose()


def _drop_alembic_version() -> None:
    with db.engine.begin() as connection:
        connection.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))


def _empty_all_tables() -> None:
    """Delete every row, children first, so the next test starts from nothing."""
    with db.engine.begin() as connection:
        for table in reversed(db.metadata.sorted_tables):
            connection.execute(table.delete())


@pytest.fixture
def app(session_app):
    with session_app.app_context(), requests_isolated(session_app):
        yield session_app
        db.session.remove()
        _empty_all_tables()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def build(app) -> Builders:
    """Make users, sites, scenarios, sessions and responses in a line each."""
    return Builders()


@pytest.fixture
def builtins(app):
    """The shipped questionnaires and codebook, loaded as `make run` loads them."""
    from flse_feedback.services import questionnaires, tagging

    questionnaires.install_builtins()
    tagging.install_default_codebook()
    tagging.install_default_safeguarding()


@pytest.fixture
def login(client):
    """Log a user in through the real login form; returns the client."""

    def _login(user, password=Builders.PASSWORD):
        response = client.post("/auth/login", data={"email": user.email, "password": password})
        assert response.status_code == 302, "login failed"
        return client

    return _login


@pytest.fixture
def csrf_client(app, database_uri):
    """A client of a second app with CSRF protection switched on, on the same database."""
    csrf_app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_uri,
                          WTF_CSRF_ENABLED=True)
    with csrf_app.app_context(), requests_isolated(csrf_app):
        yield csrf_app.test_client()
        db.session.remove()
        db.engine.dispose()
