"""WSGI entry point for gunicorn and the ``flask`` command (``flask --app wsgi ...``).

This is the only module that builds an application at import time.
"""
from config import config_from_env
from flse_feedback import create_app

app = create_app(config_from_env())
