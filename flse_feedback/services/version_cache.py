"""Each server process keeps the wording of published questionnaire versions, and the form
classes built for their pages, instead of loading and building them on every request.

During a lecture-hall burst every page of the form needs its version's sections and questions
and a WTForms class for the section. A published version never changes (only its status moves
from published to retired when a newer one is published), so both can be made once per
process. Only the wording is kept: which version is current, and the response itself, are read
from the database on every request, so a version published by another process is picked up at
once.

Drafts are never kept: the builder edits them. An entry is known by the version's id, creation
time and content hash, so a new version that reuses a deleted one's id (SQLite does that) or a
test database emptied and filled again cannot be served an old entry. The cache lives on the
application (``app.extensions``), so every app, and every test app, starts empty. Lookups are
plain dict reads and writes: two threads that miss at once both build the entry, and one wins.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timezone

import sqlalchemy as sa
from flask import Flask, current_app

from ..extensions import db
from ..models import Question, Section
from ..questionnaires.content import QuestionContent, SectionContent, VersionContent, frozen
from ..questionnaires.forms import PagePlan, build_section_form

EXTENSION = "flse_version_cache"
SHARED_STATUSES = frozenset({"published", "retired"})  # wording fixed for good
# Pages with "show only if" questions get a class per combination of shown questions; this
# bounds the memory a questionnaire with many conditions could take.
MAX_FORM_CLASSES = 2000


@dataclass
class VersionCache:
    """The per-application store: version key -> wording, form key -> form class."""

    versions: dict = field(default_factory=dict)
    forms: dict = field(default_factory=dict)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = VersionCache()


def _cache() -> VersionCache:
    return current_app.extensions[EXTENSION]


def cache_key(version) -> tuple | None:
    """What identifies a published or retired version's wording for good; None for a draft."""
    if version.status not in SHARED_STATUSES:
        return None
    created = version.created_at
    if created.tzinfo is not None:  # SQLite gives naive UTC back; one key either way
        created = created.astimezone(timezone.utc).replace(tzinfo=None)
    return (version.id, created, version.content_hash)


def content_of(version) -> VersionContent:
    """The wording of ``version`` (a :class:`~flse_feedback.models.QuestionnaireVersion` row
    read in this request, or the journey's
    :class:`~flse_feedback.services.journey_rows.VersionRow`) as frozen data, from the cache
    when it is published or retired."""
    key = cache_key(version)
    if key is None:
        return load_content(version, None)
    versions = _cache().versions
    content = versions.get(key)
    if content is None:
        content = versions.setdefault(key, load_content(version, key))
    return content


def load_content(version, key: tuple | None) -> VersionContent:
    """Read the version's sections and questions in two queries and copy them."""
    section_rows = db.session.execute(
        sa.select(Section.id, Section.position, Section.key, Section.title, Section.intro)
        .where(Section.version_id == version.id)
        .order_by(Section.position, Section.id)).all()
    questions: dict[int, list[QuestionContent]] = {row.id: [] for row in section_rows}
    for row in db.session.execute(
            sa.select(Question.section_id, Question.id, Question.position, Question.key,
                      Question.type, Question.text, Question.hint, Question.required,
                      Question.options)
            .join(Section, Section.id == Question.section_id)
            .where(Section.version_id == version.id)
            .order_by(Question.position, Question.id)):
        questions[row.section_id].append(QuestionContent(
            id=row.id, position=row.position, key=row.key, type=row.type, text=row.text,
            hint=row.hint or "", required=bool(row.required), options=frozen(row.options or {})))
    sections = tuple(
        SectionContent(id=row.id, position=row.position, key=row.key, title=row.title,
                       intro=row.intro or "", questions=tuple(questions[row.id]))
        for row in section_rows)
    return VersionContent(id=version.id, questionnaire_id=version.questionnaire_id,
                          number=version.number, title=version.title, intro=version.intro or "",
                          sections=sections, cache_key=key)


def section_form(version: VersionContent, section: SectionContent, enforce_required: bool,
                 plan: PagePlan) -> type:
    """The form class for one page of ``version`` (see
    :func:`~flse_feedback.questionnaires.forms.build_section_form`), built once per process
    for a published or retired version.

    A class depends on the questions shown, those whose condition waits on this page (their
    note comes from the version's wording) and whether required answers are enforced.
    """
    if version.cache_key is None:
        return build_section_form(section, enforce_required=enforce_required, plan=plan)
    key = (version.cache_key, section.id, enforce_required,
           tuple(q.id for q in plan.shown), tuple(sorted(plan.live)))
    forms = _cache().forms
    form_class = forms.get(key)
    if form_class is None:
        if len(forms) >= MAX_FORM_CLASSES:
            forms.clear()
        form_class = forms.setdefault(key, build_section_form(
            section, enforce_required=enforce_required, plan=plan))
    return form_class
