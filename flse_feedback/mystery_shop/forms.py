"""Choosing what a visit is about before the checklist starts."""
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired

from ..questionnaires.choosing import ChooseQuestionnaire
from ..questionnaires.field_types import as_select_choices, optional_int


class StartVisitForm(ChooseQuestionnaire, FlaskForm):
    site_id = SelectField("Which service did you visit?", coerce=optional_int,
                          validators=[InputRequired("Choose the service you visited.")])
    scenario_id = SelectField("Which character did you play?", coerce=optional_int,
                              validators=[InputRequired("Choose the character you played.")])

    def fill_choices(self, sites, scenarios) -> "StartVisitForm":
        self.site_id.choices = as_select_choices(
            [("", "Choose the service")] + [(s.id, s.label) for s in sites])
        self.scenario_id.choices = as_select_choices(
            [("", "Choose the character")] + [(s.id, s.title) for s in scenarios])
        return self
