"""FLSE Feedback: mystery shops, environment assessments and training feedback.

``create_app`` builds the application in named steps; nothing here runs at import time.
"""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask

REPO_ROOT = Path(__file__).resolve().parent.parent


def create_app(config_class=None, **overrides) -> Flask:
    """Build and return the Flask application.

    :param config_class: a class from ``config.py``; defaults to the development settings
    :param overrides: settings that win over the class (tests pass the database URL here)
    """
    from config import DevelopmentConfig  # top-level module beside wsgi.py

    config_class = config_class or DevelopmentConfig
    app = Flask(__name__, template_folder=str(REPO_ROOT / "templates"),
                instance_path=str(REPO_ROOT / "instance"))
    app.config.from_object(config_class)
    app.config.update(overrides)
    if app.config.get("PROXY_COUNT"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_COUNT"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if hasattr(config_class, "check"):
        config_class.check(app.config)
    Path(app.instance_path).mkdir(exist_ok=True)
    register_extensions(app)
    register_blueprints(app)
    register_error_handlers(app)
    register_security_headers(app)
    register_template_helpers(app)
    register_cli(app)
    configure_logging(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import models  # noqa: F401 - every table must be known before migrations run
    from .auth import loader  # noqa: F401 - registers the user loader
    from .extensions import compress, csrf, db, login_manager, migrate
    from .services import version_cache

    db.init_app(app)
    migrate.init_app(app, db, directory=str(REPO_ROOT / "migrations"))
    csrf.init_app(app)
    login_manager.init_app(app)
    compress.init_app(app)
    version_cache.init_app(app)
    # Registered after Flask-Compress, so it runs before it (after_request runs in reverse).
    app.after_request(_buffer_static_file)
    _tune_sqlite(app, db)


def _buffer_static_file(response):
    """Read a static file into memory before compression.

    Flask-Compress compresses a streamed file response by swapping in a generator and never
    closes the file it replaced, leaking a file handle per request. Our static files are a few
    kilobytes, so reading them first (the file is then closed with the response) costs nothing.
    """
    from flask import request

    if request.endpoint == "static" and response.direct_passthrough:
        response.direct_passthrough = False
        response.make_sequence()
    return response


def _tune_sqlite(app: Flask, db) -> None:
    """Make SQLite behave like a server database for our purposes.

    Foreign keys are ignored unless asked (hiding bugs PostgreSQL catches); WAL lets readers
    carry on while a gunicorn worker writes; a busy timeout makes a second writer wait its turn
    instead of failing a student's submission during a lecture-hall burst.
    """
    import sqlalchemy as sa

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        return
    with app.app_context():
        @sa.event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_connection, _record):
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()


def register_blueprints(app: Flask) -> None:
    from .admin.views import bp as admin_bp
    from .auth.views import bp as auth_bp
    from .builder.views import bp as builder_bp
    from .environment.views import bp as environment_bp
    from .main.views import bp as main_bp
    from .mystery_shop.views import bp as mystery_shop_bp
    from .reports.views import bp as reports_bp
    from .review.views import bp as review_bp
    from .training.views import bp as training_bp

    app.register_blueprint(main_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(training_bp, url_prefix="/training")
    app.register_blueprint(mystery_shop_bp, url_prefix="/mystery-shop")
    app.register_blueprint(environment_bp, url_prefix="/environment")
    app.register_blueprint(review_bp, url_prefix="/review")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(reports_bp, url_prefix="/reports")
    app.register_blueprint(builder_bp, url_prefix="/builder")


def register_error_handlers(app: Flask) -> None:
    from .errors import register_error_handlers as register

    register(app)


def register_security_headers(app: Flask) -> None:
    from .security import register

    register(app)


def register_template_helpers(app: Flask) -> None:
    from .templating import register

    register(app)


def register_cli(app: Flask) -> None:
    from .cli import COMMANDS

    for command in COMMANDS:
        app.cli.add_command(command)


def configure_logging(app: Flask) -> None:
    """Log to stderr at INFO outside debug; request bodies are never logged."""
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO,
                            format="%(asctime)s %(levelname)s %(name)s: %(message)s")
