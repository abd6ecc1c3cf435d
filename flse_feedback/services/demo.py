"""Demo content for newcomers and synthetic responses for benchmarks."""
from __future__ import annotations

import random
import secrets
from datetime import date, timedelta
from functools import lru_cache

import sqlalchemy as sa

from ..analysis import analyse_text, flag_text
from ..extensions import db
from ..models import (
    Answer, Kind, MachineFlag, MachineSentiment, MachineTheme, Response, Role, Scenario, Site,
    Status, TrainingSession, User)
from ..models.base import utcnow
from . import effective_tags, questionnaires, responses, summary_counts, tagging, users
from .demo_content import FREE_TEXT, SCENARIOS, SITES, TRAINING_SESSION

DEMO_RESPONSES_PER_KIND = 12
DEMO_VOLUNTEER_EMAIL = "demo-volunteer@example.org"
SYNTHETIC_BATCH = 1000


def seed_demo() -> dict[str, int]:
    """Create the demo records and a dozen submitted responses of each kind; safe to repeat.

    :return: how many responses of each kind were added this time
    """
    questionnaires.install_builtins()
    tagging.install_default_codebook()
    tagging.install_default_safeguarding()
    sites = [_ensure(Site, "name", values) for values in SITES]
    scenarios = [_ensure(Scenario, "title", values) for values in SCENARIOS]
    training = _ensure(TrainingSession, "slug", dict(
        TRAINING_SESSION, delivered_on=date.today() - timedelta(days=1),
        questionnaire=questionnaires.questionnaire_by_key("training")))
    volunteer = _demo_volunteer()
    db.session.commit()
    added = {}
    for kind in Kind:
        existing = _demo_response_count(kind, volunteer, training)
        for number in range(existing, DEMO_RESPONSES_PER_KIND):
            # Made-up demo answers, not secrets: a seeded, repeatable generator is the point.
            rng = random.Random(f"{kind.value}-{number}")  # nosec B311
            _add_demo_response(kind, rng, volunteer, rng.choice(sites), rng.choice(scenarios),
                               training)
        added[kind.value] = max(0, DEMO_RESPONSES_PER_KIND - existing)
    return added


def _ensure(model, key: str, values: dict):
    """The record whose ``key`` column matches, created from ``values`` when missing."""
    record = db.session.scalar(sa.select(model).where(getattr(model, key) == values[key]))
    if record is None:
        record = model(**values)
        db.session.add(record)
        db.session.flush()
    return record


def _demo_volunteer() -> User:
    """The owner of demo visits. It cannot log in: nobody knows its password."""
    user = db.session.scalar(sa.select(User).where(User.email == DEMO_VOLUNTEER_EMAIL))
    if user is None:
        user = User(email=DEMO_VOLUNTEER_EMAIL, name="Demo volunteer",
                    role=Role.VOLUNTEER.value, active=False)
        users.set_password(user, secrets.token_urlsafe(32))
        db.session.add(user)
        db.session.flush()
    return user


def _demo_response_count(kind: Kind, volunteer: User, training: TrainingSession) -> int:
    owner = (Response.training_session_id == training.id if kind == Kind.TRAINING
             else Response.respondent_id == volunteer.id)
    return db.session.scalar(sa.select(sa.func.count()).select_from(Response).where(
        Response.kind == kind.value, Response.status == Status.SUBMITTED.value, owner))


def _add_demo_response(kind, rng, volunteer, site, scenario, training) -> None:
    version = questionnaires.published_version(kind.value)
    if kind == Kind.TRAINING:
        response = responses.start_response(version, training_session=training)
    else:
        response = responses.start_response(
            version, respondent=volunteer, site=site,
            scenario=scenario if kind == Kind.MYSTERY_SHOP else None)
    answers = {q.id: value for q in version.questions()
               if (value := random_answer(q, rng)) is not None}
    responses.save_answers(response, answers, resume_page=len(version.sections) + 1)
    responses.submit(response)


def random_answer(question, rng: random.Random):
    """A plausible answer to ``question``, or None to leave it skipped as people do."""
    kind, options = question.type, question.options
    skip_chance = 0 if question.required else 0.35 if kind in ("short_text", "long_text") else 0.1
    if rng.random() < skip_chance:
        return None
    if kind == "yes_no_na":
        return rng.choices(["yes", "no", "na"], weights=[5, 3, 1])[0]
    if kind == "scale":
        return rng.choice([1, 2, 3, 3, 4, 4, 5, 5])
    if kind == "single_choice":
        return rng.choice(options["choices"])["value"]
    if kind == "multi_choice":
        values = [c["value"] for c in options["choices"]]
        return rng.sample(values, k=rng.randint(1, min(3, len(values))))
    if kind in ("short_text", "long_text"):
        pool = FREE_TEXT.get(question.key)
        return rng.choice(pool) if pool else None
    if kind == "number":
        low = options.get("min", 0)
        return rng.randint(low, max(low, min(options.get("max", 60), 60)))
    if kind == "date":
        return (date.today() - timedelta(days=rng.randint(1, 60))).isoformat()
    if kind == "time":
        return f"{rng.randint(9, 16):02d}:{rng.choice([0, 15, 30, 45]):02d}"
    return None


def generate_synthetic(count: int, seed: int = 1) -> int:
    """Insert ``count`` submitted responses with tagged free text, in bulk, for benchmarks.

    Answers come from the demo pools, so each distinct text is analysed once and reused.
    """
    seed_demo()
    rng = random.Random(seed)  # nosec B311
    versions = {kind: questionnaires.published_version(kind.value) for kind in Kind}
    sites = list(db.session.scalars(sa.select(Site)))
    training = db.session.scalar(
        sa.select(TrainingSession).where(TrainingSession.slug == TRAINING_SESSION["slug"]))
    codebook = tagging.active_codebook()
    categories = tagging.safeguarding_categories()
    made = 0
    while made < count:
        batch = min(SYNTHETIC_BATCH, count - made)
        kinds = [rng.choice(list(Kind)) for _ in range(batch)]
        _insert_batch(kinds, versions, sites, training, (codebook, categories), rng)
        made += batch
    return made


def _insert_batch(kinds, versions, sites, training, lists, rng) -> None:
    now = utcnow()
    rows = [{
        "token": secrets.token_urlsafe(32), "kind": kind.value, "version_id": versions[kind].id,
        "status": Status.SUBMITTED.value, "site_id": None if kind == Kind.TRAINING
        else rng.choice(sites).id, "training_session_id": training.id
        if kind == Kind.TRAINING else None, "last_page": len(versions[kind].sections) + 1,
        "created_at": now, "updated_at": now,
        "submitted_at": now - timedelta(minutes=rng.randint(0, 60 * 24 * 365)),
    } for kind in kinds]
    ids = db.session.scalars(sa.insert(Response).returning(
        Response.id, sort_by_parameter_order=True), rows).all()
    answer_rows, texts, owners = [], [], []
    for response_id, kind in zip(ids, kinds):
        for question in versions[kind].questions():
            value = random_answer(question, rng)
            if value is not None and question.type != "email":
                answer_rows.append({"response_id": response_id, "question_id": question.id,
                                    "value": value})
                texts.append((value, question.text)
                             if question.type in ("short_text", "long_text") else None)
                owners.append(response_id)
    answer_ids = db.session.scalars(sa.insert(Answer).returning(
        Answer.id, sort_by_parameter_order=True), answer_rows).all()
    tagged = [(a, r, t) for a, r, t in zip(answer_ids, owners, texts) if t]
    flagged = _insert_tags(tagged, *lists)
    if flagged:
        db.session.execute(sa.update(Response).where(Response.id.in_(flagged))
                           .values(needs_attention=True))
    summary_counts.add_responses(ids)
    db.session.commit()


def _insert_tags(answer_texts, codebook, categories) -> set[int]:
    """Bulk-insert machine tags, analysing each distinct text once.

    :return: ids of responses with a safeguarding flag
    """
    analyse = lru_cache(maxsize=None)(
        lambda text, question: analyse_text(text, codebook, question=question))
    flag = lru_cache(maxsize=None)(lambda text: tuple(flag_text(text, categories)))
    sentiments, themes, flags, flagged = [], [], [], set()
    for answer_id, response_id, (text, question) in answer_texts:
        result = analyse(text, question)
        sentiments.append({"answer_id": answer_id, **tagging.sentiment_columns(result),
                           "analysed_at": utcnow()})
        themes += [{"answer_id": answer_id, "theme_id": match.theme_id,
                    "matched": list(match.matched)} for match in result.themes]
        for match in flag(text):
            flags.append({"answer_id": answer_id, "category_id": match.theme_id,
                          "matched": list(match.matched)})
            flagged.add(response_id)
    if flags:
        db.session.execute(sa.insert(MachineFlag), flags)
    if sentiments:
        db.session.execute(sa.insert(MachineSentiment), sentiments)
    if themes:
        db.session.execute(sa.insert(MachineTheme), themes)
    effective_tags.refresh(row["answer_id"] for row in sentiments)
    return flagged
