"""Loading definitions makes versions; old responses keep the questions they answered."""
import copy

import pytest

from flse_feedback.questionnaires.definitions import DefinitionError, builtin_definitions
from flse_feedback.services import exports, questionnaires, responses


def training_definition():
    return copy.deepcopy(next(d for d in builtin_definitions() if d["key"] == "training"))


def test_loading_twice_changes_nothing(app):
    first = questionnaires.install_builtins()
    second = questionnaires.install_builtins()
    assert all(created for _, created in first)
    assert not any(created for _, created in second)
    assert [v.id for v, _ in first] == [v.id for v, _ in second]


def test_a_changed_definition_is_a_new_version_and_old_answers_keep_their_wording(
        app, build, builtins):
    session = build.training_session()
    old = build.submitted("training", {"most_useful": "The case studies."},
                          training_session=session)
    changed = training_definition()
    question = next(q for s in changed["sections"] for q in s["questions"]
                    if q["key"] == "most_useful")
    question["text"] = "What helped you most?"

    version, created = questionnaires.install_definition(changed)
    from flse_feedback.extensions import db
    db.session.commit()

    assert created and version.number == 2
    assert questionnaires.published_version("training").id == version.id
    assert old.version.number == 1 and old.version.status == "retired"
    record = exports.response_record(old)
    answer = next(a for a in record["answers"] if a["question_key"] == "most_useful")
    assert answer["question"] != "What helped you most?"
    assert record["questionnaire_version"] == 1
    fresh = responses.start_response(version, training_session=session)
    assert any(q.text == "What helped you most?" for q in fresh.version.questions())


def test_a_broken_definition_is_refused_before_anything_is_stored(app):
    broken = training_definition()
    broken["sections"][0]["questions"][0]["type"] = "slider"
    with pytest.raises(DefinitionError):
        questionnaires.install_definition(broken)
    assert questionnaires.published_version("training") is None
