"""Brute force: after 5 failures per account or per address in 15 minutes, people must wait,
on the database counters and on Redis (shared by every gunicorn worker either way)."""
import os

import pytest

from flse_feedback.services import throttle
from tests.helpers import field_value, page_text


def fail(client, email, address="203.0.113.7"):
    return client.post("/auth/login", data={"email": email, "password": "wrong guess"},
                       environ_base={"REMOTE_ADDR": address})


@pytest.fixture(params=["database", "redis"])
def counters(request, app, monkeypatch):
    if request.param == "redis":
        url = "redis://127.0.0.1:6379/15"
        try:
            import redis
            redis.Redis.from_url(url, socket_timeout=1).ping()
        except Exception as error:  # noqa: BLE001
            if os.environ.get("CI") == "true":
                pytest.fail(f"Redis is needed in CI: {error}")
            pytest.skip(f"no Redis on 127.0.0.1:6379 ({error})")
        redis.Redis.from_url(url).flushdb()
        monkeypatch.setitem(app.config, "REDIS_URL", url)
    yield request.param


def test_sixth_try_on_an_account_is_refused_with_a_wait_time(client, build, counters):
    user = build.user(email="target@example.org")
    for attempt in range(5):
        assert fail(client, user.email, f"198.51.100.{attempt}").status_code == 200

    blocked = client.post("/auth/login", data={"email": user.email, "password": build.PASSWORD},
                          environ_base={"REMOTE_ADDR": "198.51.100.99"})

    assert blocked.status_code == 429
    assert int(blocked.headers["Retry-After"]) > 0
    text = page_text(blocked)
    assert "too many tries" in text and "minutes" in text
    assert field_value(blocked, "email") == user.email


def test_one_address_trying_many_accounts_is_slowed_down_too(client, build, counters):
    build.user(email="real@example.org")
    for number in range(5):
        fail(client, f"guess{number}@example.org", "192.0.2.50")

    blocked = client.post("/auth/login", data={"email": "real@example.org",
                                               "password": build.PASSWORD},
                          environ_base={"REMOTE_ADDR": "192.0.2.50"})
    elsewhere = client.post("/auth/login", data={"email": "real@example.org",
                                                 "password": build.PASSWORD},
                            environ_base={"REMOTE_ADDR": "192.0.2.51"})

    assert blocked.status_code == 429
    assert elsewhere.status_code == 302  # the real person elsewhere can still log in


def test_a_correct_password_before_the_limit_clears_the_account_count(client, build, counters):
    user = build.user(email="forgetful@example.org")
    for _ in range(4):
        fail(client, user.email, "192.0.2.60")
    client.post("/auth/login", data={"email": user.email, "password": build.PASSWORD},
                environ_base={"REMOTE_ADDR": "192.0.2.61"})
    client.post("/auth/logout")
    assert throttle.seconds_to_wait(user.email, "192.0.2.62") == 0


def test_the_counters_store_no_email_or_address_in_the_clear(client, build):
    from flse_feedback.extensions import db
    from flse_feedback.models import LoginFailure
    import sqlalchemy as sa

    fail(client, "private@example.org", "192.0.2.70")
    keys = db.session.scalars(sa.select(LoginFailure.key)).all()
    assert len(keys) == 2
    assert not any("private" in key or "192.0.2.70" in key for key in keys)
