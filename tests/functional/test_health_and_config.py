"""The health check, and the configuration rules production depends on."""
import pytest

from config import ProductionConfig, TestingConfig, _env_flag, database_url
from flse_feedback import create_app


def test_healthz_answers_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_is_503_when_the_database_cannot_be_reached(tmp_path):
    unreachable = f"sqlite:///{tmp_path / 'missing-folder' / 'db.sqlite3'}"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=unreachable)

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"


@pytest.mark.parametrize("secret", ["", "change-me", "development-only-not-secret"])
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(ProductionConfig, SECRET_KEY=secret, SQLALCHEMY_DATABASE_URI="sqlite://")


def test_production_starts_with_a_real_secret_key():
    app = create_app(ProductionConfig, SECRET_KEY="x" * 64, SQLALCHEMY_DATABASE_URI="sqlite://")
    assert app.config["SESSION_COOKIE_HTTPONLY"] and app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_cookies_are_secure_unless_explicitly_served_over_plain_http(monkeypatch):
    monkeypatch.delenv("SESSION_COOKIE_SECURE", raising=False)
    assert _env_flag("SESSION_COOKIE_SECURE", True) is True
    monkeypatch.setenv("SESSION_COOKIE_SECURE", "false")
    assert _env_flag("SESSION_COOKIE_SECURE", True) is False


def test_database_url_uses_psycopg3_for_postgres_urls(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@db/flse")
    assert database_url("sqlite://") == "postgresql+psycopg://u:p@db/flse"
    monkeypatch.setenv("DATABASE_URL", "postgresql://u@db/flse")
    assert database_url("sqlite://") == "postgresql+psycopg://u@db/flse"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url("sqlite:///x.sqlite3") == "sqlite:///x.sqlite3"


def test_unknown_pages_get_a_kind_404(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert "Page not found" in response.get_data(as_text=True)


def test_passwords_are_hashed_with_werkzeugs_current_default():
    from flse_feedback.models import User

    user = User()
    user.set_password("a long passphrase")
    assert user.password_hash.startswith("scrypt:")
    assert user.check_password("a long passphrase") and not user.check_password("wrong")
