"""Coproduction workers build questionnaires: drafts, editing, publishing, import and export.

Every change is made to a *draft* version. A published version (which may have responses) is
never edited: changing a questionnaire copies its newest version into a new draft, and
publishing makes the draft the version new respondents get. Questions keep their ``key`` from
version to version, so summaries and exports match them up across versions.

Built-in questionnaires are loaded from files by ``load-questionnaires``; to change one, copy it.
"""
from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from ..extensions import db
from ..models import Question, Questionnaire, QuestionnaireVersion, Response, Section
from ..models.base import utcnow
from ..questionnaires.definitions import (
    COMMON_QUESTION_KEYS, KEY_PATTERN, KINDS, DefinitionError, check_definition, content_hash,
    make_key)
from . import audit, questionnaires

DRAFT, PUBLISHED, RETIRED = "draft", "published", "retired"
BUILTIN_KEYS = frozenset(KINDS)  # the shipped questionnaires are keyed by their kind


class BuilderError(ValueError):
    """A change that cannot be made, in words for the person making it."""


class DraftGone(BuilderError):
    """The draft was published or thrown away (by someone else) after the page was opened."""

    def __init__(self, questionnaire_id: int):
        super().__init__("This draft was published or thrown away a moment ago, so that change "
                         "was not made. Start a new draft to change the questionnaire.")
        self.questionnaire_id = questionnaire_id


def _hold_draft(version: QuestionnaireVersion) -> None:
    """Lock the version's row for this transaction and check it is still a draft.

    Every change to a draft, and publishing it, starts here: two people working on the same
    questionnaire are taken one at a time, so a change can never land in a version that was
    published a moment ago (respondents' questions never change under them).

    :raises DraftGone: it is not a draft any more (nothing is changed)
    """
    held = db.session.execute(
        sa.update(QuestionnaireVersion)
        .where(QuestionnaireVersion.id == version.id, QuestionnaireVersion.status == DRAFT)
        .values(status=DRAFT).execution_options(synchronize_session=False))
    if held.rowcount != 1:
        questionnaire_id = version.questionnaire_id
        db.session.rollback()
        raise DraftGone(questionnaire_id)


@dataclass
class QuestionnaireRow:
    """One line of the builder's list."""

    questionnaire: Questionnaire
    published: QuestionnaireVersion | None
    draft: QuestionnaireVersion | None
    responses: int

    @property
    def builtin(self) -> bool:
        return is_builtin(self.questionnaire)


def is_builtin(questionnaire: Questionnaire) -> bool:
    return questionnaire.key in BUILTIN_KEYS


def questionnaire_rows() -> list[QuestionnaireRow]:
    """Every questionnaire with its published version, draft and number of responses."""
    counts = dict(db.session.execute(
        sa.select(QuestionnaireVersion.questionnaire_id, sa.func.count(Response.id))
        .join(Response, Response.version_id == QuestionnaireVersion.id)
        .group_by(QuestionnaireVersion.questionnaire_id)).all())
    found = db.session.scalars(sa.select(Questionnaire).order_by(Questionnaire.kind,
                                                                 Questionnaire.title))
    return [QuestionnaireRow(q, published_of(q), draft_of(q), counts.get(q.id, 0)) for q in found]


def published_of(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    published = [v for v in questionnaire.versions if v.status == PUBLISHED]
    return published[-1] if published else None


def draft_of(questionnaire: Questionnaire) -> QuestionnaireVersion | None:
    drafts = [v for v in questionnaire.versions if v.status == DRAFT]
    return drafts[-1] if drafts else None


def responses_to(version: QuestionnaireVersion) -> int:
    return db.session.scalar(
        sa.select(sa.func.count(Response.id)).where(Response.version_id == version.id)) or 0


# --- keys ------------------------------------------------------------------------------------

def _questionnaire_keys() -> set[str]:
    """Keys in use, and the built-in ones even before they are loaded (they would clash)."""
    return set(db.session.scalars(sa.select(Questionnaire.key))) | BUILTIN_KEYS


def _question_keys(questionnaire: Questionnaire) -> set[str]:
    """Keys used by any version, so a new question never takes an old question's key."""
    return {q.key for v in questionnaire.versions for q in v.questions()}


# --- whole questionnaires --------------------------------------------------------------------

def create_questionnaire(title: str, kind: str, actor=None) -> Questionnaire:
    """A new questionnaire with an empty draft (version 1)."""
    if kind not in KINDS:
        raise BuilderError("Choose what kind of questionnaire this is.")
    questionnaire = Questionnaire(key=make_key(title, _questionnaire_keys()), kind=kind,
                                  title=title.strip())
    db.session.add(questionnaire)
    db.session.add(_empty_version(questionnaire, 1, title.strip(), ""))
    audit.record("questionnaire_create", actor, target=questionnaire.key, commit=False)
    db.session.commit()
    return questionnaire


def copy_questionnaire(source: QuestionnaireVersion, title: str, actor=None) -> Questionnaire:
    """A new questionnaire whose draft is a copy of ``source`` (any version, built-ins too)."""
    definition = export_definition(source)
    definition.update(key=make_key(title, _questionnaire_keys()), title=title.strip())
    questionnaire = _store_new(definition)
    audit.record("questionnaire_copy", actor, target=questionnaire.key,
                 source=f"{source.questionnaire.key} v{source.number}", commit=False)
    db.session.commit()
    return questionnaire


def start_draft(questionnaire: Questionnaire, actor=None) -> QuestionnaireVersion:
    """The draft to change: the existing one, or a copy of the newest version."""
    if is_builtin(questionnaire):
        raise BuilderError("Built-in questionnaires are loaded from files. Copy it to change it.")
    existing = draft_of(questionnaire)
    if existing is not None:
        return existing
    newest = questionnaire.versions[-1]
    definition = export_definition(newest)
    try:
        draft = _version_from(questionnaire, definition, newest.number + 1, DRAFT)
        db.session.commit()
    except sa.exc.IntegrityError:
        # Someone else (or a second tap) started the same draft a moment ago: use theirs.
        db.session.rollback()
        db.session.expire(questionnaire)
        existing = draft_of(questionnaire)
        if existing is None:
            raise
        return existing
    return draft


def discard_draft(draft: QuestionnaireVersion, actor=None) -> None:
    """Throw a draft away (a first draft cannot be: it is all there is)."""
    _hold_draft(draft)
    if responses_to(draft):
        raise BuilderError("This draft has answers from a preview or a test, so it is kept.")
    if draft.number == 1 and len(draft.questionnaire.versions) == 1:
        raise BuilderError("This is the only version, so there is nothing to go back to.")
    audit.record("questionnaire_discard_draft", actor, target=draft.questionnaire.key,
                 commit=False, version=draft.number)
    db.session.delete(draft)
    db.session.commit()


def delete_questionnaire(questionnaire: Questionnaire, actor=None) -> None:
    """Delete a questionnaire nobody has answered and no training session uses."""
    from ..models import TrainingSession

    if is_builtin(questionnaire):
        raise BuilderError("Built-in questionnaires cannot be deleted.")
    if any(responses_to(version) for version in questionnaire.versions):
        raise BuilderError("People have answered this questionnaire, so it is kept with their "
                           "answers.")
    if db.session.scalar(sa.select(TrainingSession.id).where(
            TrainingSession.questionnaire_id == questionnaire.id).limit(1)) is not None:
        raise BuilderError("A training session uses this questionnaire. Choose another form "
                           "for the session first.")
    for version in list(questionnaire.versions):
        db.session.delete(version)
    audit.record("questionnaire_delete", actor, target=questionnaire.key, commit=False)
    db.session.delete(questionnaire)
    db.session.commit()


def update_details(draft: QuestionnaireVersion, title: str, intro: str) -> None:
    _hold_draft(draft)
    draft.title, draft.intro = title.strip(), (intro or "").strip()
    db.session.commit()


def publish(draft: QuestionnaireVersion, actor=None) -> QuestionnaireVersion:
    """Make the draft the version new respondents get; the one before it is retired.

    :raises DefinitionError: listing what must be fixed first (nothing is changed)
    :raises BuilderError: when the draft is the same as the published version
    """
    _hold_draft(draft)
    definition = export_definition(draft)
    check_definition(definition)
    questionnaire = draft.questionnaire
    current = published_of(questionnaire)
    if current is not None and export_definition(current) == definition:
        raise BuilderError(f"Nothing has changed since version {current.number}, so there is "
                           "nothing to publish. Change something, or throw the draft away.")
    for older in questionnaire.versions:
        if older is not draft and older.status == PUBLISHED:
            older.status = RETIRED
    draft.status, draft.published_at = PUBLISHED, utcnow()
    draft.content_hash = content_hash(definition)
    questionnaire.title = draft.title
    audit.record("questionnaire_publish", actor, target=questionnaire.key, commit=False,
                 version=draft.number)
    db.session.commit()
    return draft


# --- sections --------------------------------------------------------------------------------

def add_section(draft: QuestionnaireVersion, title: str, intro: str = "") -> Section:
    _hold_draft(draft)
    taken = {s.key for s in draft.sections}
    section = Section(position=len(draft.sections) + 1, key=make_key(title, taken, "section"),
                      title=title.strip(), intro=(intro or "").strip())
    draft.sections.append(section)
    db.session.commit()
    return section


def update_section(section: Section, title: str, intro: str) -> None:
    _hold_draft(section.version)
    section.title, section.intro = title.strip(), (intro or "").strip()
    db.session.commit()


def delete_section(section: Section) -> None:
    _hold_draft(section.version)
    draft = section.version
    draft.sections.remove(section)
    _renumber(draft.sections)
    db.session.commit()


def move_section(section: Section, step: int) -> None:
    _hold_draft(section.version)
    _move(section.version.sections, section, step)
    db.session.commit()


# --- questions -------------------------------------------------------------------------------

def add_question(section: Section, qtype: str, values: dict) -> Question:
    """Add a question at the end of ``section``; ``values`` holds text, hint, required, options."""
    _hold_draft(section.version)
    questionnaire = section.version.questionnaire
    key = values.get("key") or make_key(values["text"], _question_keys(questionnaire))
    if key in {q.key for q in section.version.questions()}:
        raise BuilderError(f"Another question in this version already has the key '{key}'.")
    question = Question(position=len(section.questions) + 1, key=key, type=qtype)
    _apply(question, values)
    section.questions.append(question)
    db.session.commit()
    return question


CONFIDENCE_SCALE = ["Very low", "Low", "Some", "High", "Very high"]


def add_learning_objective(section: Section, objective: str) -> tuple[Question, Question]:
    """A retrospective before / now pair of confidence questions for one learning objective.

    :param objective: what the session aimed to build, e.g. "using language that does not
        stigmatise people"
    """
    _hold_draft(section.version)
    objective = objective.strip().rstrip(".")
    questionnaire = section.version.questionnaire
    taken = _question_keys(questionnaire) | {q.key for q in section.version.questions()}
    stem = make_key(objective, set(), "objective")[:40].strip("_")
    base, number = f"confidence_{stem}", 2
    while f"{base}_before" in taken or f"{base}_now" in taken:
        base, number = f"confidence_{stem}_{number}", number + 1
    pair = []
    for suffix, text in (("before", f"Before this session, my confidence in {objective} was"),
                         ("now", f"Now, my confidence in {objective} is")):
        pair.append(add_question(section, "scale", {
            "key": f"{base}_{suffix}", "text": text,
            "options": {"scale": list(CONFIDENCE_SCALE), "allow_na": False}}))
    return pair[0], pair[1]


TEXT_SIZES = ("short_text", "long_text")  # the only change of type: the box's size


def update_question(question: Question, values: dict, new_type: str | None = None) -> None:
    """Change wording, hint, required and the type's settings; the key stays.

    :param new_type: a text question may become a bigger or smaller box; nothing else changes
        type, so answers to older versions always mean the same thing
    """
    _hold_draft(question.section.version)
    if new_type and new_type != question.type:
        if {new_type, question.type} <= set(TEXT_SIZES):
            question.type = new_type
    _apply(question, values)
    db.session.commit()


def _apply(question: Question, values: dict) -> None:
    question.text = values["text"].strip()
    question.hint = (values.get("hint") or "").strip()
    question.required = bool(values.get("required"))
    kept = {k: v for k, v in (question.options or {}).items() if k == "show_if"}
    question.options = {**kept, **values.get("options", {})}


def delete_question(question: Question) -> None:
    _hold_draft(question.section.version)
    section = question.section
    section.questions.remove(question)
    _renumber(section.questions)
    db.session.commit()


def move_question(question: Question, step: int) -> None:
    """Move a question up or down; past the top or bottom of its section it changes section."""
    _hold_draft(question.section.version)
    section = question.section
    siblings = list(section.questions)
    index = siblings.index(question)
    target = index + step
    if 0 <= target < len(siblings):
        _move(section.questions, question, step)
    else:
        sections = list(section.version.sections)
        neighbour = sections.index(section) + step
        if not 0 <= neighbour < len(sections):
            return
        other = sections[neighbour]
        staying = [q for q in siblings if q is not question]
        others = list(other.questions)  # loaded before the move, so nothing flushes half-way
        question.section = other
        _renumber(staying)
        _renumber(others + [question] if step < 0 else [question] + others)
    db.session.commit()


def set_condition(question: Question, source_key: str | None, values: list[str]) -> None:
    """Show ``question`` only if an earlier question's answer is one of ``values``.

    :param source_key: the earlier question's key; None removes the condition
    :raises BuilderError: when the earlier question is not earlier or has no such answers
    """
    _hold_draft(question.section.version)
    options = dict(question.options or {})
    options.pop("show_if", None)
    if source_key:
        earlier = earlier_choice_questions(question)
        source = next((q for q in earlier if q.key == source_key), None)
        if source is None:
            raise BuilderError("Choose a question that comes before this one and has choices.")
        offered = dict(answer_choices(source))
        chosen = [v for v in values if v in offered]
        if not chosen or len(chosen) != len(values):
            raise BuilderError("Tick at least one of the answers shown.")
        options["show_if"] = {"question": source_key, "op": "equals" if len(chosen) == 1
                              else "one_of", "values": chosen}
    question.options = options
    db.session.commit()


def earlier_choice_questions(question: Question) -> list[Question]:
    """Questions before ``question`` in its version whose answers can be compared."""
    earlier = []
    for other in question.section.version.questions():
        if other.id == question.id:
            break
        if answer_choices(other):
            earlier.append(other)
    return earlier


def answer_choices(question: Question) -> list[tuple[str, str]]:
    """(value as text, words) for each answer a choice-type question offers."""
    from ..questionnaires.field_types import FIELD_TYPES

    field_type = FIELD_TYPES.get(question.type)
    if field_type is None or not hasattr(field_type, "choices"):
        return []
    return [(str(value), label) for value, label in field_type.choices(question)]


def _move(items, item, step: int) -> None:
    ordered = list(items)
    index = ordered.index(item)
    target = index + step
    if not 0 <= target < len(ordered):
        return
    ordered[index], ordered[target] = ordered[target], ordered[index]
    _renumber(ordered)


def _renumber(items) -> None:
    for position, item in enumerate(items, start=1):
        item.position = position


# --- definitions (JSON) ----------------------------------------------------------------------

def export_definition(version: QuestionnaireVersion) -> dict:
    """The version as a definition, in the format of the built-in JSON files."""
    return {
        "key": version.questionnaire.key, "kind": version.questionnaire.kind,
        "title": version.title, "intro": version.intro or "",
        "sections": [{
            "key": section.key, "title": section.title, "intro": section.intro or "",
            "questions": [_question_definition(q) for q in section.questions],
        } for section in version.sections],
    }


def _question_definition(question: Question) -> dict:
    return {"key": question.key, "type": question.type, "text": question.text,
            "hint": question.hint or "", "required": bool(question.required),
            **{k: v for k, v in (question.options or {}).items()
               if k not in COMMON_QUESTION_KEYS}}


def import_definition(definition: dict, actor=None, source: str = "json") -> Questionnaire:
    """Store a checked definition as a new questionnaire with a draft (version 1).

    A key already in use gets a number added, so an import never changes an existing
    questionnaire.

    :raises DefinitionError: when the definition is unusable
    """
    check_definition(definition)
    taken = _questionnaire_keys()
    if definition["key"] in taken:
        definition = {**definition, "key": make_key(definition["key"], taken)}
    questionnaire = _store_new(definition)
    audit.record("questionnaire_import", actor, target=questionnaire.key, commit=False,
                 source=source)
    db.session.commit()
    return questionnaire


def _store_new(definition: dict) -> Questionnaire:
    if not KEY_PATTERN.match(definition["key"]):
        raise DefinitionError(["questionnaire: 'key' must be lower-case letters, digits and _"])
    questionnaire = Questionnaire(key=definition["key"], kind=definition["kind"],
                                  title=definition["title"])
    db.session.add(questionnaire)
    _version_from(questionnaire, definition, 1, DRAFT)
    return questionnaire


def _empty_version(questionnaire, number: int, title: str, intro: str) -> QuestionnaireVersion:
    return QuestionnaireVersion(questionnaire=questionnaire, number=number, status=DRAFT,
                                title=title, intro=intro, content_hash="")


def _version_from(questionnaire, definition: dict, number: int, status: str):
    version = _empty_version(questionnaire, number, definition["title"],
                             definition.get("intro", ""))
    version.status = status
    questionnaires.add_sections(version, definition)
    db.session.add(version)
    db.session.flush()
    return version
