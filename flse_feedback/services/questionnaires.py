"""Loading questionnaire definitions into the database and finding the version to answer."""
from __future__ import annotations

import sqlalchemy as sa

from ..extensions import db
from ..models import Question, Questionnaire, QuestionnaireVersion, Section
from ..models.base import utcnow
from ..questionnaires.definitions import (
    builtin_definitions, check_definition, content_hash, question_options)


def install_definition(definition: dict) -> tuple[QuestionnaireVersion, bool]:
    """Store ``definition`` as the newest published version of its questionnaire.

    Loading the same definition twice changes nothing; a changed definition becomes a new version,
    and responses to older versions keep pointing at the questions they answered.

    :return: the published version and whether it was newly created
    :raises DefinitionError: when the definition is unusable
    """
    check_definition(definition)
    fingerprint = content_hash(definition)
    questionnaire = db.session.scalar(
        sa.select(Questionnaire).where(Questionnaire.key == definition["key"]))
    if questionnaire is None:
        questionnaire = Questionnaire(key=definition["key"], kind=definition["kind"],
                                      title=definition["title"])
        db.session.add(questionnaire)
    latest = questionnaire.versions[-1] if questionnaire.versions else None
    if latest is not None and latest.content_hash == fingerprint:
        return latest, False
    questionnaire.title = definition["title"]
    version = _new_version(questionnaire, definition, fingerprint,
                           number=(latest.number + 1) if latest else 1)
    for older in questionnaire.versions:
        if older is not version and older.status == "published":
            older.status = "retired"
    db.session.flush()
    return version, True


def _new_version(questionnaire, definition, fingerprint, number) -> QuestionnaireVersion:
    version = QuestionnaireVersion(
        questionnaire=questionnaire, number=number, status="published",
        title=definition["title"], intro=definition.get("intro", ""),
        content_hash=fingerprint, published_at=utcnow())
    add_sections(version, definition)
    db.session.add(version)
    return version


def add_sections(version: QuestionnaireVersion, definition: dict) -> None:
    """Give ``version`` the sections and questions of a checked definition, in order."""
    for s_pos, s_def in enumerate(definition["sections"], start=1):
        section = Section(position=s_pos, key=s_def.get("key") or f"section_{s_pos}",
                          title=s_def["title"], intro=s_def.get("intro", ""))
        section.questions = [
            Question(position=q_pos, key=q_def["key"], type=q_def["type"], text=q_def["text"],
                     hint=q_def.get("hint", ""), required=bool(q_def.get("required")),
                     options=question_options(q_def))
            for q_pos, q_def in enumerate(s_def["questions"], start=1)
        ]
        version.sections.append(section)


def install_builtins() -> list[tuple[QuestionnaireVersion, bool]]:
    """Load the shipped questionnaires (idempotent) and commit."""
    results = [install_definition(definition) for definition in builtin_definitions()]
    db.session.commit()
    return results


def published_version(key: str) -> QuestionnaireVersion | None:
    """The version new respondents get for questionnaire ``key``."""
    return db.session.scalar(
        sa.select(QuestionnaireVersion)
        .join(Questionnaire)
        .where(Questionnaire.key == key, QuestionnaireVersion.status == "published")
        .order_by(QuestionnaireVersion.number.desc())
        .limit(1))


def version_shown(published: QuestionnaireVersion, shown_id: int | None) -> QuestionnaireVersion:
    """The version a first page was shown in, when it is sent back.

    A student may open the form just before a coproduction worker publishes a new version;
    their first page belongs to the version they saw (its fields are that version's), so it is
    answered in that version rather than lost. Only an earlier version of the same
    questionnaire that respondents were given counts; anything else means the current one.
    """
    if not shown_id or shown_id == published.id:
        return published
    shown = db.session.get(QuestionnaireVersion, shown_id)
    if shown is None or shown.questionnaire_id != published.questionnaire_id or \
            shown.status not in ("published", "retired"):
        return published
    return shown


def published_versions(kind: str) -> list[QuestionnaireVersion]:
    """The published version of every questionnaire of ``kind``: the built-in one first."""
    found = db.session.scalars(
        sa.select(QuestionnaireVersion).join(Questionnaire)
        .where(Questionnaire.kind == kind, QuestionnaireVersion.status == "published")
        .order_by(Questionnaire.title))
    return sorted(found, key=lambda version: version.questionnaire.key != kind)


def questionnaire_by_key(key: str) -> Questionnaire | None:
    return db.session.scalar(sa.select(Questionnaire).where(Questionnaire.key == key))
