"""The form engine: questionnaire definitions become WTForms forms, one section per page."""
