"""Holding what someone typed when their login had expired, so logging in again loses nothing."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from ..extensions import db
from ..models import PendingAnswers
from ..models.base import utcnow

KEEP_FOR = timedelta(days=1)
MAX_FIELDS = 500


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def hold(token: str, page: int, form: MultiDict) -> str:
    """Store the posted fields of one page; returns the secret key for the browser's session."""
    key = secrets.token_urlsafe(32)
    fields = {name: form.getlist(name) for name in list(form.keys())[:MAX_FIELDS]
              if name not in ("csrf_token", "action")}
    db.session.execute(sa.delete(PendingAnswers).where(
        PendingAnswers.created_at < utcnow() - KEEP_FOR))
    db.session.add(PendingAnswers(key_hash=_hash(key), response_token=token, page=page,
                                  form_data=fields))
    db.session.commit()
    return key


def claim(key: str | None, token: str, page: int) -> MultiDict | None:
    """The held fields for this response page, removed as they are handed back; else None."""
    if not key:
        return None
    row = db.session.scalar(sa.select(PendingAnswers).where(
        PendingAnswers.key_hash == _hash(key), PendingAnswers.response_token == token,
        PendingAnswers.page == page))
    if row is None:
        return None
    fields = MultiDict([(name, value) for name, values in row.form_data.items()
                        for value in values])
    db.session.delete(row)
    db.session.commit()
    return fields
