"""The bridge between the pure analysis package and the database: machine tags in and out."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from ..analysis import (
    ANALYSER_VERSION, CodebookTheme, SafeguardingCategory as Category, analyse_text, flag_text,
    load_default_categories, load_default_codebook)
from ..extensions import db
from ..models import (
    Answer, MachineFlag, MachineSentiment, MachineTheme, Question, Response, SafeguardingCategory,
    Status, Theme)
from ..models.base import utcnow
from ..questionnaires.field_types import FREE_TEXT_TYPES
from . import effective_tags, summary_counts


def install_default_codebook() -> int:
    """Add any default theme missing from the database; never overwrite a reviewer's edits.

    :return: the number of themes added
    """
    existing = set(db.session.scalars(sa.select(Theme.id)))
    added = 0
    for position, theme in enumerate(load_default_codebook(), start=1):
        if theme.id not in existing:
            db.session.add(Theme(id=theme.id, name=theme.name, definition=theme.definition,
                                 keywords=list(theme.keywords), position=position))
            added += 1
    db.session.commit()
    return added


def install_default_safeguarding() -> int:
    """Add any shipped safeguarding category missing from the database (edits are kept)."""
    existing = set(db.session.scalars(sa.select(SafeguardingCategory.id)))
    added = 0
    for position, category in enumerate(load_default_categories(), start=1):
        if category.id not in existing:
            db.session.add(SafeguardingCategory(id=category.id, name=category.name,
                                                phrases=list(category.phrases),
                                                position=position))
            added += 1
    db.session.commit()
    return added


def safeguarding_categories() -> list[Category]:
    """The phrase lists as stored, in display order (plain rows: every submission reads them)."""
    rows = db.session.execute(
        sa.select(SafeguardingCategory.id, SafeguardingCategory.name,
                  SafeguardingCategory.phrases).order_by(SafeguardingCategory.position))
    return [Category(row.id, row.name, tuple(row.phrases or ())) for row in rows]


def active_codebook() -> list[CodebookTheme]:
    """The codebook as stored (and perhaps edited), in display order (plain rows: every
    submission reads it)."""
    rows = db.session.execute(
        sa.select(Theme.id, Theme.name, Theme.definition, Theme.keywords)
        .where(Theme.active.is_(True)).order_by(Theme.position, Theme.id))
    return [CodebookTheme(id=t.id, name=t.name, definition=t.definition,
                          keywords=tuple(t.keywords or ())) for t in rows]


def codebook_or_default() -> list[CodebookTheme]:
    """The stored codebook, or the shipped one when the database has none (or none yet)."""
    try:
        return active_codebook() or load_default_codebook()
    except sa.exc.SQLAlchemyError:
        db.session.rollback()
        return load_default_codebook()


def is_free_text(answer: Answer) -> bool:
    return is_free_text_of(answer.question, answer.value)


def is_free_text_of(question, value) -> bool:
    """Whether ``value``, an answer to ``question`` (a model row or its cached wording), is
    text to analyse."""
    return question.type in FREE_TEXT_TYPES and isinstance(value, str)


def tag_answers(answers: Iterable[Answer], codebook: list[CodebookTheme],
                categories: list[Category] | None = None) -> int:
    """Replace the machine sentiment, themes and safeguarding flags of each free-text answer,
    and mark responses with a flagged answer as needing attention (no commit).

    :return: how many answers were tagged
    """
    categories = safeguarding_categories() if categories is None else categories
    tagged = 0
    for answer in answers:
        if not is_free_text(answer):
            continue
        result = analyse_text(answer.value, codebook, question=answer.question.text)
        _store_sentiment(answer, result)
        _store_themes(answer, result.themes)
        _store_flags(answer, flag_text(answer.value, categories))
        if answer.flags:
            answer.response.needs_attention = True
        tagged += 1
    return tagged


def _store_flags(answer: Answer, matches) -> None:
    _sync_matches(answer.flags, matches, "category_id", MachineFlag)


def _sync_matches(rows, matches, key: str, make) -> None:
    """Make ``rows`` (an answer's tag collection) exactly ``matches``, updating rows that still
    apply in place rather than deleting and re-adding them (same primary key)."""
    wanted = {match.theme_id: list(match.matched) for match in matches}
    for row in list(rows):
        if getattr(row, key) in wanted:
            row.matched = wanted.pop(getattr(row, key))
        else:
            rows.remove(row)
    rows.extend(make(**{key: ident, "matched": matched}) for ident, matched in wanted.items())


def _store_sentiment(answer: Answer, result) -> None:
    """Write the sentiment in place, so a re-run updates the row instead of replacing it."""
    row = answer.sentiment or MachineSentiment()
    for name, value in sentiment_columns(result).items():
        setattr(row, name, value)
    row.analysed_at = utcnow()
    answer.sentiment = row


def sentiment_columns(result) -> dict:
    """The machine_sentiments columns for one analysis result (all but the answer and time)."""
    sentiment = result.sentiment
    as_dict = result.to_dict()["sentiment"]
    return {"label": sentiment.label, "polarity": sentiment.polarity,
            "subjectivity": sentiment.subjectivity, "mixed": sentiment.mixed,
            "sentences": as_dict["sentences"], "explanation": list(as_dict.get("explanation", [])),
            "analyser_version": ANALYSER_VERSION}


def _store_themes(answer: Answer, matches) -> None:
    """Make the answer's machine themes exactly ``matches``, keeping rows that still apply."""
    _sync_matches(answer.themes, matches, "theme_id", MachineTheme)


@dataclass
class PreparedTags:
    """Machine tags for answers that have none yet, analysed and ready to INSERT in bulk."""

    sentiments: list[dict] = field(default_factory=list)
    themes: list[dict] = field(default_factory=list)
    flags: list[dict] = field(default_factory=list)

    @property
    def needs_attention(self) -> bool:
        return bool(self.flags)

    def add_to(self, session, response_id: int) -> None:
        """Store the tags of the response ``response_id``, being submitted, and their effective
        rows: five INSERT statements at most, whatever the number of answers (no commit)."""
        for model, rows in ((MachineSentiment, self.sentiments), (MachineTheme, self.themes),
                            (MachineFlag, self.flags)):
            if rows:
                session.execute(sa.insert(model), rows)
        effective_tags.add_first_tags(response_id, self.sentiments, self.themes)


def prepare_new_tags(answers: Iterable, questions: Mapping[int, Any],
                     codebook: list[CodebookTheme] | None = None,
                     categories: list[Category] | None = None) -> PreparedTags:
    """Analyse the free-text answers of a response being submitted (they carry no tags yet).

    Nothing is written, so the caller can analyse before taking the database's write lock.

    :param answers: anything with the ``id``, ``question_id`` and ``value`` of an answer (plain
        rows serve)
    :param questions: question id -> question, for every answer (the version's cached wording
        serves: no Question row need be loaded)
    """
    codebook = active_codebook() if codebook is None else codebook
    categories = safeguarding_categories() if categories is None else categories
    prepared, now = PreparedTags(), utcnow()
    for answer in answers:
        question = questions[answer.question_id]
        if not is_free_text_of(question, answer.value):
            continue
        result = analyse_text(answer.value, codebook, question=question.text)
        prepared.sentiments.append(
            {"answer_id": answer.id, **sentiment_columns(result), "analysed_at": now})
        prepared.themes += [{"answer_id": answer.id, "theme_id": match.theme_id,
                             "matched": list(match.matched)} for match in result.themes]
        prepared.flags += [{"answer_id": answer.id, "category_id": match.theme_id,
                            "matched": list(match.matched)}
                           for match in flag_text(answer.value, categories)]
    return prepared


def _free_text_of_submitted():
    return (Answer.question_id.in_(sa.select(Question.id).where(
        Question.type.in_(FREE_TEXT_TYPES))), Response.status == Status.SUBMITTED.value)


def answers_to_retag() -> int:
    """How many stored answers a re-tag would go through."""
    return db.session.scalar(sa.select(sa.func.count()).select_from(Answer).join(Response)
                             .where(*_free_text_of_submitted()))


def retag_batch(after_id: int = 0, batch_size: int = 500,
                lists: tuple | None = None) -> tuple[int, int | None]:
    """Re-tag the next batch of stored free-text answers after ``after_id`` and commit.

    Only the machine's tables change: reviewers' decisions are stored apart and never touched.

    :param lists: (codebook, safeguarding categories) already loaded, or None to load them
    :return: (answers re-tagged, the id to continue after, or None when finished)
    """
    batch = list(db.session.scalars(
        sa.select(Answer).join(Response).where(*_free_text_of_submitted(), Answer.id > after_id)
        .order_by(Answer.id).limit(batch_size)
        .options(selectinload(Answer.question), selectinload(Answer.sentiment),
                 selectinload(Answer.themes), selectinload(Answer.flags),
                 selectinload(Answer.response))))
    if not batch:
        _refresh_attention()
        return 0, None
    codebook, categories = lists or (active_codebook(), safeguarding_categories())
    with db.session.no_autoflush:  # analysed first, written below: no lock held meanwhile
        done = tag_answers(batch, codebook, categories)
    with summary_counts.recounting_answers(answer.id for answer in batch):
        db.session.flush()
        effective_tags.refresh(answer.id for answer in batch)
    last_id = batch[-1].id
    db.session.commit()  # the session holds loaded rows weakly: memory stays flat per batch
    if len(batch) < batch_size:
        _refresh_attention()
        return done, None
    return done, last_id


def retag(batch_size: int = 500, progress=None) -> int:
    """Re-tag every stored free-text answer with the current codebook and phrase lists, in
    batches (one commit each) so memory stays flat and progress can be shown.

    :param progress: optional callable(done, total) after each batch
    :return: how many answers were re-tagged
    """
    total, done, after = answers_to_retag(), 0, 0
    lists = (active_codebook(), safeguarding_categories())  # loaded once for every batch
    while after is not None:
        count, after = retag_batch(after, batch_size, lists)
        done += count
        if progress and count:
            progress(done, total)
    return done


def _refresh_attention() -> None:
    """Recompute every response's 'needs attention' mark from its answers' flags."""
    flagged = sa.exists().where(MachineFlag.answer_id == Answer.id,
                                Answer.response_id == Response.id)
    db.session.execute(sa.update(Response).values(needs_attention=flagged)
                       .execution_options(synchronize_session=False))
    db.session.commit()
