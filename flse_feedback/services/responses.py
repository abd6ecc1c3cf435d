"""Drafts and submissions: starting a response, saving a page of answers, submitting once."""
from __future__ import annotations

import logging
import secrets
from typing import Any, NamedTuple

import sqlalchemy as sa

from ..extensions import db
from ..models import Answer, FollowUpContact, Response, Status
from ..models.base import utcnow
from ..questionnaires.conditions import hidden_question_ids
from ..questionnaires.forms import missing_required
from . import summary_counts, tagging, version_cache
from .journey_rows import ResponseRow

log = logging.getLogger(__name__)


class ResponseLocked(Exception):
    """The response was submitted; its answers can no longer change."""


class MissingAnswers(Exception):
    """Submit was refused because required questions have no answer."""

    def __init__(self, questions):
        super().__init__(", ".join(q.key for q in questions))
        self.questions = questions


def start_response(version, *, respondent=None, site=None, scenario=None,
                   training_session=None) -> Response:
    """Create and commit an empty draft for ``version``.

    :param respondent: the logged-in volunteer, or None for an anonymous training response
    """
    response = Response(
        token=new_token(), kind=version.kind, version=version,
        status=Status.DRAFT.value, respondent=respondent, site=site, scenario=scenario,
        training_session=training_session, last_page=1)
    db.session.add(response)
    db.session.commit()
    return response


def new_token() -> str:
    """The unguessable token in a response's addresses (43 characters)."""
    return secrets.token_urlsafe(32)


def start_anonymous(token: str, kind: str, version_id: int, training_session_id: int,
                    answers: dict[int, Any], resume_page: int) -> None:
    """Create a student's draft together with its first page of answers, in one transaction.

    The same rows as :func:`start_response` followed by :func:`save_answers`, in two
    statements and one commit instead of two commits and two reads: this is the request a
    whole lecture theatre sends within a minute. No account, name or device is stored.
    """
    now = utcnow()
    response_id = db.session.execute(_RESPONSES.insert(), {
        "token": token, "kind": kind, "version_id": version_id, "status": Status.DRAFT.value,
        "training_session_id": training_session_id, "last_page": resume_page,
        "created_at": now, "updated_at": now}).inserted_primary_key[0]
    _insert_new_answers(response_id, answers, {})
    db.session.commit()


# Every page of the form runs these. Built once as Core statements on the tables, they skip
# the ORM's work of building, caching and interpreting a statement on each request, which cost
# more than running them. Answer and Response objects already in the session are not updated,
# as before (see the docstrings below).
_ANSWERS, _RESPONSES = Answer.__table__, Response.__table__
_SAVED_ANSWERS = sa.select(_ANSWERS.c.question_id, _ANSWERS.c.id, _ANSWERS.c.value).where(
    _ANSWERS.c.response_id == sa.bindparam("response_id"))
_INSERT_ANSWERS = _ANSWERS.insert()
_CHANGE_ANSWERS = _ANSWERS.update().where(_ANSWERS.c.id == sa.bindparam("answer_id")).values(
    value=sa.bindparam("new_value", type_=_ANSWERS.c.value.type))
_DELETE_ANSWERS = _ANSWERS.delete().where(
    _ANSWERS.c.id.in_(sa.bindparam("answer_ids", expanding=True)))
_MARK_PLACE = _RESPONSES.update().where(
    _RESPONSES.c.id == sa.bindparam("response_id"), _RESPONSES.c.status == sa.bindparam("draft"),
).values(last_page=sa.bindparam("page"), updated_at=sa.bindparam("now"))


class SavedAnswer(NamedTuple):
    """One saved answer as a plain row: enough to show it again and to change or clear it."""

    id: int
    value: Any


def saved_answers(response: Response | ResponseRow) -> dict[int, SavedAnswer]:
    """Question id -> (answer id, value) of every answer saved in the database, as plain rows.

    The pages of the form need only these: making an Answer object for each of up to a
    hundred answers on every page cost far more than the query itself.
    Changes to the response's Answer objects not yet flushed are not seen (and not flushed).
    """
    with db.session.no_autoflush:
        rows = db.session.execute(_SAVED_ANSWERS, {"response_id": response.id})
        return {question_id: SavedAnswer(answer_id, value)
                for question_id, answer_id, value in rows}


def values_of(saved: dict[int, SavedAnswer]) -> dict[int, Any]:
    """Question id -> value, from :func:`saved_answers`."""
    return {question_id: answer.value for question_id, answer in saved.items()}


def save_answers(response: Response | ResponseRow, answers: dict[int, Any], resume_page: int,
                 saved: dict[int, SavedAnswer] | None = None) -> None:
    """Store one page of answers in the draft, and the page to come back to.

    A blank answer removes any earlier one, so clearing a box really clears it.

    :param answers: question id -> JSON value, or None for blank
    :param resume_page: the page to show when the person comes back
    :param saved: the answers already saved, when the caller has just read them
        (:func:`saved_answers`); read here otherwise
    :raises ResponseLocked: when the response was submitted, even a moment ago from another tab
        after this request read it (nothing is saved then)
    """
    if response.is_submitted:
        raise ResponseLocked()
    # Recording the page first, only while the response is a draft, makes this transaction wait
    # for a submit in progress (the same row on PostgreSQL, the write lock on SQLite) and see
    # its outcome: answers never land in a response that has been sent.
    marked = db.session.execute(_MARK_PLACE, {"response_id": response.id, "page": resume_page,
                                              "now": utcnow(), "draft": Status.DRAFT.value})
    if marked.rowcount != 1:
        db.session.rollback()
        raise ResponseLocked()
    existing = saved_answers(response) if saved is None else saved
    gone = [existing[q].id for q, value in answers.items() if value is None and q in existing]
    changed = [{"answer_id": existing[q].id, "new_value": value} for q, value in answers.items()
               if value is not None and q in existing and existing[q].value != value]
    # A page's answers in at most three statements, whatever the number of questions.
    _delete_answers(gone)
    if changed:
        db.session.execute(_CHANGE_ANSWERS, changed)
    _insert_new_answers(response.id, answers, existing)
    db.session.commit()


def _insert_new_answers(response_id: int, answers: dict[int, Any], existing: dict) -> None:
    """Insert, in one statement, the answers given to questions with no saved answer yet."""
    new = [{"response_id": response_id, "question_id": q, "value": value}
           for q, value in answers.items() if value is not None and q not in existing]
    if new:
        db.session.execute(_INSERT_ANSWERS, new)


def submit(response: Response | ResponseRow) -> bool:
    """Submit a draft exactly once, with its free text tagged in the same transaction.

    Two taps on Submit (even on two server processes) race for one conditional UPDATE; only the
    winner moves the follow-up email and stores tags, so there is never a second response. The
    text is analysed before that UPDATE, so SQLite's single write lock is held only for a few
    INSERTs, not while the analysis runs, and a submitted response never lacks its tags.

    The questions come from the process's cache of published wording
    (:func:`~flse_feedback.services.version_cache.content_of`) and the answers are read as plain
    rows: no Question or Answer object is made.

    :return: True when this call submitted it, False when it was already submitted
    :raises MissingAnswers: when required questions are unanswered (the version's cached
        questions)
    """
    if response.is_submitted:
        return False
    version = version_cache.content_of(response.version)
    questions = {question.id: question for question in version.questions()}
    answers, hidden = _answers_to_send(response.id, version)
    missing = missing_required(version, _values(answers))
    if missing:
        raise MissingAnswers(missing)
    try:
        return _claim(response, questions, hidden, answers,
                      *_analysed(response.id, answers, questions))
    except sa.exc.SQLAlchemyError:
        # Storing the tags or the summary counts failed (for example a theme deleted a moment
        # ago, or PostgreSQL ending a lock wait): the answers matter more, so submit without
        # tags; `flask retag` adds them later.
        db.session.rollback()
        log.exception("Storing tags or summary counts failed for response %s; submitting "
                      "without tags", response.id)
        answers, hidden = _answers_to_send(response.id, version)
        return _claim(response, questions, hidden, None,
                      _kept_apart_answers(answers, questions), tagging.PreparedTags())


def _claim(response: Response | ResponseRow, questions: dict, hidden: list[int],
           seen: list[sa.Row] | None, kept_apart: list[sa.Row],
           tags: tagging.PreparedTags) -> bool:
    """The conditional UPDATE that submits, then everything that goes with it, in one commit.

    :param questions: question id -> question of the response's version
    :param hidden: ids of answers to questions hidden by other answers, deleted once claimed
        (deleting them earlier would take SQLite's write lock before the analysis)
    :param seen: the answers as analysed; if the stored answers differ once the response is
        claimed (saved from another tab meanwhile), they are analysed again
    """
    claimed = db.session.execute(
        sa.update(Response)
        .where(Response.id == response.id, Response.status == Status.DRAFT.value)
        .values(status=Status.SUBMITTED.value, submitted_at=utcnow(),
                needs_attention=tags.needs_attention)
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        return False
    _delete_answers(hidden)
    if seen is not None and (stored := _stored_answers(response.id)) != seen:
        kept_apart, tags = _analysed(response.id, stored, questions)
        db.session.execute(sa.update(Response).where(Response.id == response.id)
                           .values(needs_attention=tags.needs_attention)
                           .execution_options(synchronize_session=False))
    _move_kept_apart_answers(response, kept_apart)
    tags.add_to(db.session, response.id)
    summary_counts.add_responses([response.id])
    db.session.commit()
    return True


def _stored_answers(response_id: int) -> list[sa.Row]:
    """The response's answers as (id, question_id, value) rows, in id order."""
    return db.session.execute(
        sa.select(Answer.id, Answer.question_id, Answer.value)
        .where(Answer.response_id == response_id).order_by(Answer.id)).all()


def _values(answers: list[sa.Row]) -> dict[int, Any]:
    """Question id -> value."""
    return {answer.question_id: answer.value for answer in answers}


def _answers_to_send(response_id: int, version) -> tuple[list[sa.Row], list[int]]:
    """(the stored answers that are sent, ids of those that are not): answers to questions a
    later change of answer hid ("show only if") are not sent."""
    answers = _stored_answers(response_id)
    hidden = hidden_question_ids(version.questions(), _values(answers))
    return ([a for a in answers if a.question_id not in hidden],
            [a.id for a in answers if a.question_id in hidden])


def _delete_answers(answer_ids: list[int]) -> None:
    """Delete answers of a draft (no tags or decisions hang on them)."""
    if answer_ids:
        db.session.execute(_DELETE_ANSWERS, {"answer_ids": answer_ids})


def _analysed(response_id: int, answers: list[sa.Row],
              questions: dict) -> tuple[list[sa.Row], tagging.PreparedTags]:
    """(answers kept apart from the response, machine tags for the others' free text)."""
    kept_apart = _kept_apart_answers(answers, questions)
    return kept_apart, _prepare_tags_safely(
        response_id, [a for a in answers if a not in kept_apart], questions)


def _kept_apart_answers(answers: list[sa.Row], questions: dict) -> list[sa.Row]:
    return [a for a in answers if _kept_apart(questions[a.question_id])]


def _prepare_tags_safely(response_id: int, answers: list[sa.Row],
                         questions: dict) -> tagging.PreparedTags:
    """Analyse free text; an analysis fault is logged and never loses the submitted response."""
    try:
        return tagging.prepare_new_tags(answers, questions)
    except Exception:  # noqa: BLE001 - any analysis fault must leave the submission intact
        # No rollback here: this may run after the claim, and undoing the transaction would
        # undo the submission. A database fault surfaces at the next statement, where
        # ``submit`` rolls back and submits without tags.
        log.exception("Tagging failed for response %s; it can be re-tagged later",
                      response_id)
        return tagging.PreparedTags()


def _kept_apart(question) -> bool:
    return question.type == "email" and bool(question.options.get("keep_apart"))


def _move_kept_apart_answers(response: Response | ResponseRow, kept_apart: list[sa.Row]) -> None:
    """Store 'keep apart' answers (a follow-up email) with no link to the response."""
    if response.training_session_id is not None:
        for answer in kept_apart:
            db.session.add(FollowUpContact(
                training_session_id=response.training_session_id,
                email=str(answer.value), created_at=utcnow().date()))
    _delete_answers([answer.id for answer in kept_apart])


def drafts_and_submissions(user, kind: str) -> list[Response]:
    """A volunteer's own responses of one kind, newest first."""
    return list(db.session.scalars(
        sa.select(Response)
        .where(Response.respondent_id == user.id, Response.kind == kind)
        .order_by(Response.updated_at.desc())))
