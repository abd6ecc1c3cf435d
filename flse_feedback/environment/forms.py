"""Choosing the building before the walk-through starts."""
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.validators import InputRequired

from ..questionnaires.choosing import ChooseQuestionnaire
from ..questionnaires.field_types import as_select_choices, optional_int


class StartAssessmentForm(ChooseQuestionnaire, FlaskForm):
    site_id = SelectField("Which building or service are you assessing?", coerce=optional_int,
                          validators=[InputRequired("Choose the building you are assessing.")])

    def fill_choices(self, sites) -> "StartAssessmentForm":
        self.site_id.choices = as_select_choices(
            [("", "Choose the building")] + [(s.id, s.label) for s in sites])
        return self
