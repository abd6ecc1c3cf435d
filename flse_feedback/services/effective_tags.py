"""Keep ``effective_sentiments`` and ``effective_themes`` in step with the tags they derive from.

Every change to an answer's machine tags or a reviewer's decisions calls :func:`refresh` for
those answers in the same transaction, so the derived rows can never disagree with what the
response page shows. The rows are recomputed by the database with INSERT ... SELECT, so a
batch of 500 answers costs four statements.

A submission is the one change that needs no recomputing: its answers are tagged for the first
time and no reviewer can have decided on them yet (decisions are refused on drafts), so their
rows are the machine's tags as they are, written with :func:`add_first_tags`.
"""
from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    Answer, EffectiveSentiment, EffectiveTheme, HumanSentiment, HumanTheme, MachineSentiment,
    MachineTheme)

CHUNK = 500  # answer ids per statement, well under every database's parameter limit


def refresh(answer_ids: Iterable[int]) -> None:
    """Recompute the effective sentiment and themes of these answers (no commit)."""
    ids = sorted(set(answer_ids))
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        _rewrite(Answer.id.in_(chunk), EffectiveSentiment.answer_id.in_(chunk),
                 EffectiveTheme.answer_id.in_(chunk))


def add_first_tags(response_id: int, sentiments: list[dict], themes: list[dict]) -> None:
    """Write the rows of one response's answers that have just been tagged for the first time,
    in two INSERTs at most (no commit).

    The same rows :func:`refresh` would compute: with no reviewer's decision, the effective
    sentiment is the machine's and the effective themes are the machine's; and an answer never
    tagged before has no row to delete.

    :param sentiments: the machine_sentiments rows just inserted (``answer_id``, ``label`` ...)
    :param themes: the machine_themes rows just inserted (``answer_id``, ``theme_id`` ...)
    """
    if sentiments:
        db.session.execute(sa.insert(EffectiveSentiment), [
            {"answer_id": row["answer_id"], "response_id": response_id, "label": row["label"]}
            for row in sentiments])
    if themes:
        db.session.execute(sa.insert(EffectiveTheme), [
            {"answer_id": row["answer_id"], "theme_id": row["theme_id"],
             "response_id": response_id} for row in themes])


def rebuild_all() -> None:
    """Recompute every answer's rows (after a migration, or to repair); no commit."""
    _rewrite(sa.true(), sa.true(), sa.true())


def _rewrite(answers_where, sentiments_where, themes_where) -> None:
    db.session.execute(sa.delete(EffectiveSentiment).where(sentiments_where))
    db.session.execute(sa.delete(EffectiveTheme).where(themes_where))
    db.session.execute(sa.insert(EffectiveSentiment).from_select(
        ["answer_id", "response_id", "label"], sentiments_select(answers_where)))
    db.session.execute(sa.insert(EffectiveTheme).from_select(
        ["answer_id", "theme_id", "response_id"], themes_select(answers_where)))


def sentiments_select(answers_where):
    """(answer id, response id, label): a reviewer's label wins over the machine's."""
    human, machine = HumanSentiment, MachineSentiment
    label = sa.func.coalesce(human.label, machine.label)
    return (sa.select(Answer.id, Answer.response_id, label)
            .select_from(Answer)
            .outerjoin(human, human.answer_id == Answer.id)
            .outerjoin(machine, machine.answer_id == Answer.id)
            .where(answers_where, label.is_not(None)))


def themes_select(answers_where):
    """(answer id, theme id, response id): machine themes a reviewer has not removed, and
    themes a reviewer added or confirmed."""
    removed = sa.exists().where(HumanTheme.answer_id == MachineTheme.answer_id,
                                HumanTheme.theme_id == MachineTheme.theme_id,
                                HumanTheme.present.is_(False))
    suggested = (sa.select(Answer.id, MachineTheme.theme_id, Answer.response_id)
                 .join(MachineTheme, MachineTheme.answer_id == Answer.id)
                 .where(answers_where, ~removed))
    decided = (sa.select(Answer.id, HumanTheme.theme_id, Answer.response_id)
               .join(HumanTheme, HumanTheme.answer_id == Answer.id)
               .where(answers_where, HumanTheme.present.is_(True)))
    return sa.union(suggested, decided)
