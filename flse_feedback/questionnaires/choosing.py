"""Letting a volunteer choose which questionnaire to fill in, when there is more than one."""
from __future__ import annotations

from wtforms import SelectField
from wtforms.validators import InputRequired

from .field_types import as_select_choices, optional_int


class ChooseQuestionnaire:
    """A form mixin: a choice of published questionnaires, offered only when there are two or
    more (the built-in one is first, so it is what people get unless they choose)."""

    version_id = SelectField("Which checklist are you filling in?", coerce=optional_int,
                             validators=[InputRequired("Choose the checklist.")],
                             invalid_choice_message="Choose the checklist again: the list has "
                                                    "just changed.")

    def offer_versions(self, versions) -> None:
        if len(versions) < 2:
            del self.version_id
            return
        self.version_id.choices = as_select_choices((v.id, v.title) for v in versions)

    def chosen_version(self, versions):
        """The version to start: the only one, or the one chosen (None when none fits)."""
        if "version_id" not in self._fields:
            return versions[0] if versions else None
        return next((v for v in versions if v.id == self.version_id.data), None)
