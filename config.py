"""Configuration classes for FLSE Feedback.

Environment variables are read here and nowhere else, when a class is chosen, so importing the
package in tests never depends on the caller's shell.
"""
import os
from pathlib import Path

# Where `make` keeps a generated secret key when SECRET_KEY is not set in the environment.
INSTANCE_SECRET_FILE = Path(__file__).resolve().parent / "instance" / "secret_key"

# Values that must never reach production: the documented example and the development fallback.
INSECURE_SECRET_KEYS = frozenset({"", "change-me", "dev", "development-only-not-secret"})


def _env_flag(name: str, default: bool) -> bool:
    """Read a yes/no environment variable; anything but a clear 'off' word counts as on."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() not in {"0", "false", "no", "off", ""}


def secret_key_from_env() -> str:
    """Return SECRET_KEY, else the key ``make`` generated into instance/, else an empty string."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    try:
        return INSTANCE_SECRET_FILE.read_text().strip()
    except OSError:
        return ""


def database_url(default: str) -> str:
    """Return DATABASE_URL normalised for SQLAlchemy, or ``default``.

    Hosting platforms still hand out ``postgres://`` URLs, which SQLAlchemy rejects, and plain
    ``postgresql://`` would pick psycopg2; we ship psycopg 3, so both are rewritten to it.
    """
    url = os.environ.get("DATABASE_URL") or default
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = secret_key_from_env()
    # A relative SQLite path is resolved by Flask-SQLAlchemy inside the instance/ folder.
    SQLALCHEMY_DATABASE_URI = database_url("sqlite:///flse_feedback.sqlite3")
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    # A student's draft is held by a session cookie kept for Flask's 31 days from the last change
    # to the session (starting the draft, usually); it is sent again only when the session
    # changes, not on every page (during a lecture-hall burst signing and storing it again on
    # each request cost both ends time).
    SESSION_REFRESH_EACH_REQUEST = False
    # Long forms are filled in slowly on phones: a CSRF token lives as long as the session.
    WTF_CSRF_TIME_LIMIT = None
    # Free text is capped per answer by the form; this caps the whole request body.
    MAX_CONTENT_LENGTH = 1024 * 1024
    REVIEW_PAGE_SIZE = 50
    # Login rate limiting: this many failures per account or per address in the window.
    LOGIN_FAILURE_LIMIT = 5
    LOGIN_FAILURE_WINDOW_SECONDS = 15 * 60
    # Shared counters for several servers; without it the database holds them.
    REDIS_URL = os.environ.get("REDIS_URL", "")
    # How many proxies in front of the app set X-Forwarded-For / -Proto (0: none, trust none).
    PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "0"))
    # Drafts and responses older than this are deleted by `flask purge`.
    RETENTION_MONTHS = int(os.environ.get("RETENTION_MONTHS", "36"))
    # Where people can ask for another format or report a problem (accessibility statement).
    CONTACT_EMAIL = os.environ.get("CONTACT_EMAIL", "")
    # Static files are linked with a content fingerprint (?v=...), so browsers may keep them
    # for a year: a phone on pay-as-you-go data downloads the stylesheet once.
    SEND_FILE_MAX_AGE_DEFAULT = 365 * 24 * 3600
    # None means werkzeug's current default (scrypt); only the tests choose something faster.
    PASSWORD_HASH_METHOD = None


class DevelopmentConfig(Config):
    """Local development: debug on, plain-HTTP cookies."""

    DEBUG = True
    SECRET_KEY = Config.SECRET_KEY or "development-only-not-secret"


class TestingConfig(Config):
    """Test runs: fixed secret, no CSRF (one test turns it back on), database set by the fixture."""

    TESTING = True
    # Accepted bandit finding: a fixed key for tests only; production refuses known keys.
    SECRET_KEY = "testing-secret-key"  # nosec B105
    WTF_CSRF_ENABLED = False
    SQLALCHEMY_DATABASE_URI = "sqlite://"
    # Deliberately weak and fast: hundreds of test logins would otherwise take most of the run.
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # nosec B105


class ProductionConfig(Config):
    """Production: secure cookies unless explicitly served over plain HTTP on loopback."""

    SESSION_COOKIE_SECURE = _env_flag("SESSION_COOKIE_SECURE", True)
    REMEMBER_COOKIE_SECURE = SESSION_COOKIE_SECURE
    PREFERRED_URL_SCHEME = "https" if SESSION_COOKIE_SECURE else "http"

    @classmethod
    def check(cls, settings) -> None:
        """Refuse to start with a missing or well-known secret key."""
        if settings.get("SECRET_KEY", "") in INSECURE_SECRET_KEYS:
            raise RuntimeError(
                "SECRET_KEY is missing or is a known default. Set SECRET_KEY to a long random "
                "value (for example: python -c 'import secrets; print(secrets.token_hex(32))')."
            )


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}


def config_from_env():
    """Pick the configuration class named by FLSE_CONFIG (default: production)."""
    name = os.environ.get("FLSE_CONFIG", "production")
    try:
        return CONFIGS[name]
    except KeyError:
        raise RuntimeError(f"FLSE_CONFIG must be one of {sorted(CONFIGS)}, not {name!r}") from None
