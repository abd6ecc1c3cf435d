"""Plain functions that build test data in one line each (no factory library needed)."""
from __future__ import annotations

import itertools
from datetime import date, datetime

import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import Response, Role, Scenario, Site, TrainingSession
from flse_feedback.services import questionnaires, responses, summary_counts, users

_counter = itertools.count(1)


class Builders:
    PASSWORD = "correct horse battery"

    def user(self, role: Role | str = Role.VOLUNTEER, email: str | None = None, **extra):
        email = email or f"person{next(_counter)}@example.org"
        return users.create_user(email, Role(role).value, extra.pop("password", self.PASSWORD),
                                 extra.pop("name", ""))

    def site(self, name: str | None = None, **values) -> Site:
        site = Site(name=name or f"Site {next(_counter)}", **values)
        db.session.add(site)
        db.session.commit()
        return site

    def scenario(self, title: str | None = None, **values) -> Scenario:
        scenario = Scenario(title=title or f"Character {next(_counter)}", **values)
        db.session.add(scenario)
        db.session.commit()
        return scenario

    def training_session(self, slug: str | None = None, **values) -> TrainingSession:
        session = TrainingSession(
            slug=slug or f"session-{next(_counter)}", title=values.pop("title", "A session"),
            delivered_on=values.pop("delivered_on", date(2026, 11, 20)),
            questionnaire=questionnaires.questionnaire_by_key("training"), **values)
        db.session.add(session)
        db.session.commit()
        return session

    def submitted(self, kind: str, answers_by_key: dict, **context):
        """A submitted response to the built-in ``kind`` with answers given by question key."""
        version = questionnaires.published_version(kind)
        response = responses.start_response(version, **context)
        by_key = {q.key: q.id for q in version.questions()}
        responses.save_answers(response, {by_key[k]: v for k, v in answers_by_key.items()},
                               resume_page=len(version.sections) + 1)
        responses.submit(response)
        return response

    def sent_on(self, response, when: datetime):
        """Make a submitted response look sent at ``when`` (the app itself never moves a
        date), keeping the summary's running counts in step as a real submission would."""
        with summary_counts.removing_responses(Response.id == response.id):
            db.session.execute(sa.update(Response).where(Response.id == response.id)
                               .values(submitted_at=when))
        summary_counts.add_responses([response.id])
        db.session.commit()
        db.session.refresh(response)
        return response
