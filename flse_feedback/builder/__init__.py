"""The questionnaire builder: coproduction workers create, change and publish questionnaires."""
