"""UK GDPR duties: a person's data can be handed over and deleted, old data is purged, the
database can be backed up and restored, and an audit log says who did what."""
import json
import sqlite3
from datetime import datetime, timedelta, timezone

import sqlalchemy as sa

from config import TestingConfig
from flse_feedback import create_app
from flse_feedback.extensions import db
from flse_feedback.models import (
    Answer, AuditEvent, FollowUpContact, MachineSentiment, Response, Role, User)
from flse_feedback.services import responses, retention
from tests.helpers import page_text


def count(model, *where):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def visit_by(build, volunteer, text="Security asked my business at the door."):
    return build.submitted("mystery_shop", {"visit_date": "2026-11-20", "security_uneasy": text},
                           respondent=volunteer, site=build.site(), scenario=build.scenario())


def test_admin_downloads_everything_about_one_volunteer(client, builtins, build, login):
    volunteer = build.user(email="shopper@example.org", name="Sam")
    visit_by(build, volunteer)
    visit_by(build, build.user(email="someone-else@example.org"), "Another person's words.")
    login(build.user(Role.ADMIN))

    download = client.get(f"/admin/users/{volunteer.id}/data.json")

    assert download.status_code == 200
    assert "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.get_data(as_text=True))
    assert data["account"]["email"] == "shopper@example.org"
    assert len(data["responses"]) == 1
    assert "Security asked my business" in json.dumps(data)
    assert "Another person's words." not in json.dumps(data)
    assert count(AuditEvent, AuditEvent.action == "export_person") == 1


def test_admin_deletes_a_volunteer_and_everything_they_sent(client, builtins, build, login):
    volunteer = build.user(email="leaving@example.org")
    visit_by(build, volunteer)
    responses.start_response(visit_by(build, volunteer).version, respondent=volunteer)
    kept = visit_by(build, build.user(email="staying@example.org"))
    admin = build.user(Role.ADMIN)
    login(admin)

    unconfirmed = client.post(f"/admin/users/{volunteer.id}/delete", data={})
    assert "Tick the box to confirm." in page_text(unconfirmed)
    assert count(User, User.email == "leaving@example.org") == 1

    done = client.post(f"/admin/users/{volunteer.id}/delete", data={"confirm": "y"})

    assert done.status_code == 302
    assert count(User, User.email == "leaving@example.org") == 0
    assert count(Response) == 1 and db.session.get(Response, kept.id) is not None
    assert count(Answer) == len(db.session.get(Response, kept.id).answers)
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "delete_person"))
    assert event.actor_id == admin.id and event.details["responses_deleted"] == 3
    assert "Security asked" not in json.dumps(event.details)


def test_role_changes_logins_and_exports_are_in_the_audit_log(client, builtins, build, login):
    admin = build.user(Role.ADMIN, email="boss@example.org")
    volunteer = build.user(email="promoted@example.org")
    login(admin)
    client.post(f"/admin/users/{volunteer.id}", data={"name": "", "role": "reviewer",
                                                      "active": "y"})
    client.get("/review/export.csv").close()

    log = page_text(client.get("/admin/audit"))

    assert "role change" in log and "promoted@example.org" in log
    assert "login" in log and "boss@example.org" in log
    assert "export" in log
    change = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "role_change"))
    assert change.details == {"before": {"role": "volunteer", "active": True},
                              "after": {"role": "reviewer", "active": True}}


def test_purge_deletes_only_what_is_past_the_retention_period(runner, builtins, build):
    session = build.training_session()
    old = build.submitted("training", {"most_useful": "Old words."}, training_session=session)
    new = build.submitted("training", {"most_useful": "New words."}, training_session=session)
    stale_draft = responses.start_response(new.version, training_session=session)
    fresh_draft = responses.start_response(new.version, training_session=session)
    long_ago = datetime.now(timezone.utc) - timedelta(days=800)
    build.sent_on(old, long_ago)
    db.session.execute(sa.update(Response).where(Response.id == stale_draft.id)
                       .values(updated_at=long_ago))
    db.session.add(FollowUpContact(training_session_id=session.id, email="a@example.org",
                                   created_at=long_ago.date()))
    db.session.commit()

    result = runner.invoke(args=["purge", "--months", "24"])

    assert result.exit_code == 0, result.output
    assert "1 drafts" in result.output and "1 responses" in result.output
    assert "1 follow up contacts" in result.output
    remaining = set(db.session.scalars(sa.select(Response.id)))
    assert remaining == {new.id, fresh_draft.id}
    assert count(MachineSentiment) == 1  # the old answer's tags went with it


def test_months_before_counts_calendar_months():
    moment = datetime(2026, 3, 31, 12, 0)
    assert retention.months_before(moment, 1) == datetime(2026, 2, 28, 12, 0)
    assert retention.months_before(moment, 12) == datetime(2025, 3, 31, 12, 0)
    assert retention.months_before(datetime(2026, 1, 15), 1) == datetime(2025, 12, 15)


def test_backup_copies_a_live_sqlite_database_that_restores(tmp_path, builtins):
    source = tmp_path / "live.sqlite3"
    live = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{source}")
    with live.app_context():
        db.create_all()
        from tests.builders import Builders
        Builders().user(email="kept@example.org")
        result = live.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
        assert result.exit_code == 0, result.output
        again = live.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
        assert again.exit_code != 0 and "already exists" in again.output
        db.session.remove()
        db.engine.dispose()

    restored = create_app(TestingConfig,
                          SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'copy.sqlite3'}")
    with restored.app_context():
        assert db.session.scalar(sa.select(User.email)) == "kept@example.org"
        db.engine.dispose()
    assert sqlite3.connect(tmp_path / "copy.sqlite3").execute(
        "PRAGMA integrity_check").fetchone() == ("ok",)


def test_backup_explains_what_to_do_for_postgresql():
    url = sa.engine.make_url("postgresql+psycopg://postgres@127.0.0.1/test")
    try:
        retention.sqlite_path(url)
    except retention.BackupError as error:
        assert "pg_dump" in str(error)
    else:
        raise AssertionError("a PostgreSQL URL must not be treated as a file")


def test_anonymous_responses_have_nowhere_to_keep_identity():
    columns = {column.name for column in Response.__table__.columns}
    assert not columns & {"ip", "ip_address", "remote_addr", "user_agent", "email", "name"}


def test_server_logs_never_record_what_people_typed(client, builtins, build, caplog):
    import logging

    caplog.set_level(logging.DEBUG)
    build.training_session(slug="logged")
    secret = "My keyworker told me something private here."
    from tests.helpers import field

    client.post("/training/logged", data={field("training", "participant_role"): "housing",
                                          "action": "next"})
    token = db.session.scalar(sa.select(Response.token))
    client.post(f"/training/r/{token}/7", data={field("training", "follow_up_email"): "x",
                                                "action": "next"})
    client.post(f"/training/r/{token}/6", data={field("training", "other_comments"): secret,
                                                "action": "next"})
    assert secret not in caplog.text
