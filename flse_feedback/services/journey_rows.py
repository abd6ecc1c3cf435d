"""The response a form page is about, read as one plain row.

Every request of the form journey (a page shown, a page saved, check your answers, done) starts
by finding the response from the token in its address. Loaded as ORM objects, the response
with its version and training session cost more CPU than everything else the page does in the
database. This reads the same facts with one statement, built once, into frozen records whose
attribute names mirror the models (``response.version.status``,
``response.training_session.slug``, ``response.site.label`` ...), so the journey's views, its
templates and :func:`~flse_feedback.services.version_cache.content_of` work on either.

The first page of a training session's form is read the same way (:func:`training_form`):
a whole lecture theatre opens it within a minute.

The records are a snapshot of the response when the request began; submitting works from it too
(:func:`~flse_feedback.services.responses.submit` claims the response with a conditional UPDATE,
so a stale status can never submit twice).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import sqlalchemy as sa

from ..extensions import db
from ..models import QuestionnaireVersion, Response, Scenario, Site, Status, TrainingSession


class VersionRow(NamedTuple):
    """What the journey needs of a questionnaire version: enough to find its cached wording,
    or to read a draft's (see :mod:`~flse_feedback.services.version_cache`)."""

    id: int
    questionnaire_id: int
    number: int
    status: str
    title: str
    intro: str
    created_at: datetime
    content_hash: str


class SessionRow(NamedTuple):
    """The training session a student's response belongs to (its address and title)."""

    id: int
    slug: str
    title: str


@dataclass(frozen=True)
class TrainingFormRow:
    """A training session's public form: the session, whether it is open, and the version new
    respondents get (None when its questionnaire has no published version)."""

    training_session: SessionRow
    is_open: bool
    version: VersionRow | None


class SiteRow(NamedTuple):
    """The site a volunteer's visit is about."""

    name: str
    area: str

    @property
    def label(self) -> str:
        return Site.label_for(self.name, self.area)


class ScenarioRow(NamedTuple):
    """The character a mystery shopper played."""

    title: str


@dataclass(frozen=True)
class ResponseRow:
    """A response as the form journey sees it (see :class:`~flse_feedback.models.Response`)."""

    id: int
    token: str
    kind: str
    status: str
    respondent_id: int | None
    last_page: int
    updated_at: datetime
    version: VersionRow
    training_session: SessionRow | None
    site: SiteRow | None
    scenario: ScenarioRow | None

    @property
    def is_submitted(self) -> bool:
        return self.status == Status.SUBMITTED.value

    @property
    def training_session_id(self) -> int | None:
        return self.training_session.id if self.training_session is not None else None


_R, _V = Response.__table__, QuestionnaireVersion.__table__
_T, _S, _C = TrainingSession.__table__, Site.__table__, Scenario.__table__
_VERSION_COLUMNS = (_V.c.id, _V.c.questionnaire_id, _V.c.number, _V.c.status, _V.c.title,
                    _V.c.intro, _V.c.created_at, _V.c.content_hash)  # the order of VersionRow
_BY_TOKEN = (
    sa.select(
        _R.c.id, _R.c.token, _R.c.kind, _R.c.status, _R.c.respondent_id, _R.c.last_page,
        _R.c.updated_at,
        *_VERSION_COLUMNS, _T.c.id, _T.c.slug, _T.c.title, _S.c.name, _S.c.area, _C.c.title)
    .select_from(_R.join(_V, _V.c.id == _R.c.version_id)
                 .outerjoin(_T, _T.c.id == _R.c.training_session_id)
                 .outerjoin(_S, _S.c.id == _R.c.site_id)
                 .outerjoin(_C, _C.c.id == _R.c.scenario_id))
    .where(_R.c.token == sa.bindparam("token"))
    .set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL))


def find_by_token(token: str) -> ResponseRow | None:
    """The response with this token; a malformed token (PostgreSQL refuses NUL) is no match."""
    if not token or "\x00" in token:
        return None
    row = db.session.execute(_BY_TOKEN, {"token": token}).first()
    if row is None:
        return None
    (response_id, token, kind, status, respondent_id, last_page, updated_at,
     *version, session_id, slug, session_title, site_name, site_area, scenario_title) = row
    return ResponseRow(
        id=response_id, token=token, kind=kind, status=status, respondent_id=respondent_id,
        last_page=last_page, updated_at=updated_at, version=VersionRow(*version),
        training_session=(SessionRow(session_id, slug, session_title)
                          if session_id is not None else None),
        site=SiteRow(site_name, site_area or "") if site_name is not None else None,
        scenario=ScenarioRow(scenario_title) if scenario_title is not None else None)


_TRAINING_FORM = (
    sa.select(_T.c.id, _T.c.slug, _T.c.title, _T.c.is_open, *_VERSION_COLUMNS)
    .select_from(_T.outerjoin(_V, sa.and_(_V.c.questionnaire_id == _T.c.questionnaire_id,
                                          _V.c.status == "published")))
    .where(_T.c.slug == sa.bindparam("slug"))
    .order_by(_V.c.number.desc())
    .limit(1)
    .set_label_style(sa.LABEL_STYLE_TABLENAME_PLUS_COL))


def training_form(slug: str) -> TrainingFormRow | None:
    """The session at /training/<slug> with its current version, in one statement (see
    :func:`~flse_feedback.services.questionnaires.published_version`: the highest-numbered
    published version of the session's questionnaire)."""
    if not slug or "\x00" in slug:
        return None
    row = db.session.execute(_TRAINING_FORM, {"slug": slug}).first()
    if row is None:
        return None
    session_id, slug, title, is_open, *version = row
    return TrainingFormRow(training_session=SessionRow(session_id, slug, title),
                           is_open=bool(is_open),
                           version=VersionRow(*version) if version[0] is not None else None)
