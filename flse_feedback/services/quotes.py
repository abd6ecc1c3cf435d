"""Quotes for partners: written answers as a partner may read them.

A quote never carries who wrote it: no name, no email, no account. Emails, phone numbers,
postcodes, the site's listed names and the names of the service's own accounts (volunteers
may name themselves or each other) are masked on the way out. A
coproduction worker may choose an answer for the reports and reword it for anonymity; the
rewording is stored apart (``PartnerQuote``) and audited, and the answer itself never changes.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from ..analysis import mask_text
from ..analysis.summaries import truncate_quote
from ..extensions import db
from ..models import Answer, PartnerQuote, Question, Response, Status, User
from ..questionnaires.field_types import FREE_TEXT_TYPES
from . import audit

QUOTE_LIMIT = 400
NO_THEME = ""


class QuoteError(ValueError):
    """A quote that cannot be saved as asked; the message says why, in plain words."""


@dataclass(frozen=True)
class Quote:
    """One written answer as a partner may read it, with its effective tags."""

    answer_id: int
    response_id: int
    text: str
    sentiment: str | None
    theme_ids: tuple[str, ...]
    chosen: bool
    edited: bool
    question_key: str
    question_text: str
    section_title: str


@dataclass(frozen=True)
class ThemeGroup:
    """Quotes sharing a theme (``theme_id`` empty for quotes with none)."""

    theme_id: str
    name: str
    quotes: tuple[Quote, ...]


def load_answers(where, questions=None, answer_ids=None, chosen_only: bool = False) -> list[Answer]:
    """Non-empty written answers of the responses ``where`` selects, oldest response first.

    :param where: SQL conditions on Response (``ReviewFilter.conditions()``)
    :param questions: an SQL condition on Question (for example on its key)
    :param answer_ids: only these answers
    :param chosen_only: only answers a coproduction worker chose as quotes
    """
    query = (sa.select(Answer).join(Response, Response.id == Answer.response_id)
             .join(Question, Question.id == Answer.question_id)
             .where(*where, Question.type.in_(FREE_TEXT_TYPES)))
    if questions is not None:
        query = query.where(questions)
    if answer_ids is not None:
        query = query.where(Answer.id.in_(sorted(answer_ids)))
    if chosen_only:
        query = query.join(PartnerQuote, PartnerQuote.answer_id == Answer.id).where(
            PartnerQuote.chosen.is_(True))
    query = query.order_by(Response.submitted_at, Answer.id).options(
        selectinload(Answer.themes), selectinload(Answer.human_themes),
        selectinload(Answer.sentiment), selectinload(Answer.human_sentiment),
        joinedload(Answer.question).joinedload(Question.section),
        joinedload(Answer.response).joinedload(Response.respondent),
        joinedload(Answer.response).joinedload(Response.site))
    return [a for a in db.session.scalars(query).unique() if str(a.value or "").strip()]


def as_quotes(answers: list[Answer]) -> list[Quote]:
    """The answers as partners may read them (reworded where a worker did, always masked)."""
    saved = partner_quotes([a.id for a in answers])
    people = account_names() if answers else People([], [])
    return [_quote(answer, saved.get(answer.id), people) for answer in answers]


def _quote(answer: Answer, saved: PartnerQuote | None, people: People) -> Quote:
    return Quote(
        answer_id=answer.id, response_id=answer.response_id,
        text=partner_text(answer, saved, people), sentiment=answer.effective_sentiment,
        theme_ids=tuple(answer.effective_theme_ids()), chosen=bool(saved and saved.chosen),
        edited=bool(saved and saved.text.strip()), question_key=answer.question.key,
        question_text=answer.question.text, section_title=answer.question.section.title)


def partner_text(answer: Answer, saved: PartnerQuote | None = None,
                 people: People | None = None) -> str:
    """The answer's words for partners: the worker's rewording if any, masked, shortened.

    :param saved: the answer's ``PartnerQuote``, if one is stored
    :param people: names of the accounts (``account_names()``; looked up when not given)
    """
    text = saved.text if saved is not None and saved.text.strip() else str(answer.value)
    names = list(answer.response.site.mask_list) if answer.response.site is not None else []
    people = account_names() if people is None else people
    return truncate_quote(mask_text(text, names + people.names, people.parts), QUOTE_LIMIT)


class People(NamedTuple):
    """Account names a partner must not read: a volunteer may name themselves or another.

    Whole names are hidden in any case; single parts ("Alex") only as written with a capital
    and at least three letters, so a volunteer called Will or May does not turn "I will come
    back in May" into "I [name] come back in [name]" (a name at the start of a sentence, or a
    month, can still be hidden: the safer mistake).
    """

    names: list[str]
    parts: list[str]


def account_names() -> People:
    names: set[str] = set()
    parts: set[str] = set()
    for name in db.session.scalars(sa.select(User.name).where(User.name != "")):
        names.add(name.strip())
        parts.update(part for part in name.split() if len(part) >= 3 and part[0].isupper())
    return People(sorted(names - {""}), sorted(parts))


def partner_quotes(answer_ids) -> dict[int, PartnerQuote]:
    """answer id -> its stored choice or rewording, for the answers that have one."""
    ids = sorted(set(answer_ids))
    if not ids:
        return {}
    return {q.answer_id: q for q in db.session.scalars(
        sa.select(PartnerQuote).where(PartnerQuote.answer_id.in_(ids)))}


def group_by_theme(quotes: list[Quote], names: dict[str, str]) -> list[ThemeGroup]:
    """Quotes grouped by each of their themes, the biggest group first; chosen quotes lead
    each group, and quotes with no theme come last."""
    groups: dict[str, list[Quote]] = defaultdict(list)
    for quote in quotes:
        for theme_id in quote.theme_ids or (NO_THEME,):
            groups[theme_id].append(quote)
    order = list(names)
    ranked = sorted(groups, key=lambda t: (t == NO_THEME, -len(groups[t]),
                                           order.index(t) if t in order else len(order), t))
    return [ThemeGroup(t, names.get(t, t) if t else "No theme",
                       tuple(sorted(groups[t], key=lambda q: not q.chosen))) for t in ranked]


def quotable_answer(answer_id: int) -> Answer | None:
    """A written answer of a submitted response, or None."""
    answer = db.session.get(Answer, answer_id)
    if answer is None or answer.question.type not in FREE_TEXT_TYPES \
            or answer.response.status != Status.SUBMITTED.value:
        return None
    return answer


def save_partner_quote(answer: Answer, chosen: bool, text: str, actor) -> PartnerQuote:
    """Choose (or stop choosing) an answer as a quote and store its rewording; audited.

    :param text: the rewording; empty (or the same as the masked answer) quotes it as given
    :raises QuoteError: when the rewording is too long
    """
    text = (text or "").strip()
    if len(text) > 5000:
        raise QuoteError("Keep the quote to 5,000 characters or fewer.")
    if text == partner_text(answer):
        text = ""
    saved = db.session.get(PartnerQuote, answer.id)
    if saved is None:
        saved = PartnerQuote(answer_id=answer.id)
        db.session.add(saved)
    before = (bool(saved.chosen), bool((saved.text or "").strip()))
    saved.chosen, saved.text, saved.updated_by = chosen, text, getattr(actor, "id", None)
    # The audit log never holds answers: it records what was done, not the words.
    audit.record("quote", actor, target=f"answer {answer.id}", commit=False,
                 chosen=chosen, reworded=bool(text), was_chosen=before[0],
                 was_reworded=before[1])
    db.session.commit()
    return saved
