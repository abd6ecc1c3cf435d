"""Login rate limiting: after too many failures for one account or from one address, wait.

Counters live where every gunicorn worker sees them: in the database by default, or in Redis
when REDIS_URL is set. Keys are keyed hashes (HMAC with the secret key), so the table never
holds an email someone typed or an IP address in the clear.
"""
from __future__ import annotations

import hashlib
import hmac
import math
import time
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from ..extensions import db
from ..models import LoginFailure
from ..models.base import utcnow


def _settings() -> tuple[int, int]:
    config = current_app.config
    return config["LOGIN_FAILURE_LIMIT"], config["LOGIN_FAILURE_WINDOW_SECONDS"]


def _keys(email: str, address: str | None) -> list[str]:
    secret = current_app.config["SECRET_KEY"].encode("utf-8")
    raw = [f"account:{(email or '').strip().lower()}"]
    if address:
        raw.append(f"address:{address}")
    return [hmac.new(secret, item.encode("utf-8"), hashlib.sha256).hexdigest() for item in raw]


class DatabaseCounter:
    """Failures as rows; old rows are deleted as new ones arrive."""

    def seconds_blocked(self, key: str, limit: int, window: int) -> int:
        since = utcnow() - timedelta(seconds=window)
        times = list(db.session.scalars(
            sa.select(LoginFailure.at).where(LoginFailure.key == key, LoginFailure.at > since)
            .order_by(LoginFailure.at.desc()).limit(limit)))
        if len(times) < limit:
            return 0
        oldest = times[-1]
        if oldest.tzinfo is None:  # SQLite gives naive UTC datetimes back
            oldest = oldest.replace(tzinfo=since.tzinfo)
        return max(1, math.ceil((oldest - since).total_seconds()))

    def add(self, keys: list[str], window: int) -> None:
        db.session.execute(sa.delete(LoginFailure).where(
            LoginFailure.at < utcnow() - timedelta(seconds=window)))
        db.session.add_all(LoginFailure(key=key) for key in keys)
        db.session.commit()

    def clear(self, key: str) -> None:
        db.session.execute(sa.delete(LoginFailure).where(LoginFailure.key == key))
        db.session.commit()


class RedisCounter:
    """Failures as sorted-set members scored by time, expiring with the window."""

    def __init__(self, url: str):
        import redis

        self.redis = redis.Redis.from_url(url, socket_timeout=2)

    @staticmethod
    def _name(key: str) -> str:
        return f"flse:login-failures:{key}"

    def seconds_blocked(self, key: str, limit: int, window: int) -> int:
        now = time.time()
        name = self._name(key)
        self.redis.zremrangebyscore(name, 0, now - window)
        newest = self.redis.zrevrange(name, 0, limit - 1, withscores=True)
        if len(newest) < limit:
            return 0
        return max(1, math.ceil(newest[-1][1] + window - now))

    def add(self, keys: list[str], window: int) -> None:
        now = time.time()
        pipe = self.redis.pipeline()
        for key in keys:
            pipe.zadd(self._name(key), {f"{now}:{id(pipe)}:{key[:8]}": now})
            pipe.expire(self._name(key), window)
        pipe.execute()

    def clear(self, key: str) -> None:
        self.redis.delete(self._name(key))


def counter():
    url = current_app.config.get("REDIS_URL")
    return RedisCounter(url) if url else DatabaseCounter()


def seconds_to_wait(email: str, address: str | None) -> int:
    """How long this account or address must wait before trying again (0: go ahead)."""
    limit, window = _settings()
    store = counter()
    return max(store.seconds_blocked(key, limit, window) for key in _keys(email, address))


def record_failure(email: str, address: str | None) -> None:
    store = counter()
    store.add(_keys(email, address), _settings()[1])


def record_success(email: str) -> None:
    """A correct password clears the account's count (the address keeps its own)."""
    counter().clear(_keys(email, None)[0])
