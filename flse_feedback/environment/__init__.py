"""Environment assessments: walking a building area by area."""
