"""The baseline for bench/load.py: the least a Flask + Flask-SQLAlchemy + SQLite app can do.

One POST endpoint inserts one row per request and commits, with the same SQLite settings the
real app uses (WAL, busy_timeout=15000, foreign_keys=ON, pool_pre_ping), served by gunicorn
with the same number of sync workers. Its requests/s is the ceiling the real app is compared
with on the same machine in the same run.

    BASELINE_DATABASE_URL=sqlite:///baseline.sqlite3 .venv/bin/python bench/baseline_app.py init
    BASELINE_DATABASE_URL=... .venv/bin/gunicorn --chdir bench --workers 4 baseline_app:app
"""
from __future__ import annotations

import os
import sys
from datetime import datetime, timezone

import sqlalchemy as sa
from flask import Flask, jsonify, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class Submission(db.Model):
    __tablename__ = "submissions"

    id: Mapped[int] = mapped_column(primary_key=True)
    payload: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(sa.DateTime)


def create_app() -> Flask:
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["BASELINE_DATABASE_URL"]
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}  # as the real app
    db.init_app(app)
    with app.app_context():
        @sa.event.listens_for(db.engine, "connect")
        def _on_connect(dbapi_connection, _record):  # the same pragmas as the real app
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA busy_timeout=15000")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.close()

    @app.post("/submit")
    def submit():
        row = Submission(payload=request.get_data(as_text=True),
                         created_at=datetime.now(timezone.utc))
        db.session.add(row)
        db.session.commit()
        return jsonify({"id": row.id}), 201

    @app.get("/healthz")
    def healthz():
        db.session.execute(sa.text("SELECT 1"))
        return jsonify({"status": "ok"})

    return app


app = create_app()

if __name__ == "__main__":
    if sys.argv[1:] != ["init"]:
        sys.exit("usage: BASELINE_DATABASE_URL=sqlite:////path baseline_app.py init")
    with app.app_context():
        db.create_all()
