"""The inbox's "words in the answers" filter: every word must appear, each as the start of a
word, in any case, with curly or straight apostrophes; the index follows edits and deletions."""
import sqlalchemy as sa

from flse_feedback.extensions import db
from flse_feedback.models import Answer, Response
from flse_feedback.models.search import words_of
from flse_feedback.services import responses, review
from flse_feedback.services.review_filters import ReviewFilter

CAFE = "The café by reception didn’t open; I couldn't get a drink. Staff said \"wait\"."
SECURITY = "Security guards at the door made me feel watched."


def found(q):
    return {r.id for r in review.inbox(filters=ReviewFilter(q=q)).responses}


def submit(build, text, key="could_improve"):
    return build.submitted("training", {key: text}, training_session=build.training_session())


def test_words_are_found_as_typed_with_accents_apostrophes_and_any_case(builtins, build):
    cafe, security = submit(build, CAFE), submit(build, SECURITY)

    assert found("café") == found("CAFÉ") == {cafe.id}
    assert found("cafe") == set()  # accents count, on SQLite and PostgreSQL alike
    assert found("couldn't") == {cafe.id}
    assert found("didn’t open") == {cafe.id}
    assert found('"wait"') == {cafe.id}
    assert found("secur") == {security.id}  # the start of a word is enough
    assert found("guards door") == {security.id}  # every word, in any order
    assert found("guards café") == set()
    assert found("urity") == set()  # not the middle of a word


def test_search_syntax_and_symbols_are_only_words(builtins, build):
    cafe = submit(build, CAFE)

    assert words_of('café OR "x" NEAR(a b) * -- ; DROP TABLE answers') == [
        "café", "or", "x", "near", "a", "b", "drop", "table", "answers"]
    assert found("%") == set() and found("*") == set() and found('"') == set()
    assert found("café)") == {cafe.id}


def test_only_submitted_responses_are_found_and_edits_are_followed(builtins, build):
    from flse_feedback.services import questionnaires

    version = questionnaires.published_version("training")
    question = next(q for q in version.questions() if q.key == "could_improve")
    draft = responses.start_response(version, training_session=build.training_session())
    responses.save_answers(draft, {question.id: "Broken lift again"}, resume_page=2)
    assert found("lift") == set()  # a draft is nobody's to read yet

    responses.save_answers(draft, {question.id: "The stairs were steep"}, resume_page=2)
    responses.submit(draft)
    assert found("stairs") == {draft.id}
    assert found("lift") == set()  # the old words left the index with the edit

    db.session.execute(sa.delete(Answer).where(Answer.response_id == draft.id))
    db.session.commit()
    assert found("stairs") == set()
    assert db.session.get(Response, draft.id) is not None
