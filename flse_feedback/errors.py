"""Kind error pages: every error says what happened and where to go next."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError

log = logging.getLogger(__name__)

MESSAGES = {
    400: ("Something went wrong with that request",
          "Please go back and try again. If it keeps happening, tell the team."),
    403: ("You can't see this page",
          "Your account does not give you access to it. If you think it should, ask an admin."),
    404: ("Page not found",
          "The address may be mistyped, or the page may have moved."),
    405: ("That didn't work", "Please go back and use the buttons on the page."),
    413: ("That was too much to send at once",
          "Please shorten your answers and try again. Each answer box shows its limit."),
    500: ("Sorry, something went wrong on our side",
          "Nothing you saved before this has been lost. Please try again in a few minutes."),
}


def register_error_handlers(app: Flask) -> None:
    for code in MESSAGES:
        app.register_error_handler(code, _render_error)
    app.register_error_handler(CSRFError, _render_csrf_error)


def _render_error(error):
    code = getattr(error, "code", 500) or 500
    if code >= 500:
        log.error("Server error on %s %s", request.method, request.path)
    title, message = MESSAGES.get(code, MESSAGES[500])
    if request.path == "/healthz" or request.accept_mimetypes.best == "application/json":
        return jsonify({"error": title}), code
    return render_template("errors/error.html", title=title, message=message, code=code), code


def _render_csrf_error(error):
    title = "This page timed out"
    message = ("For your security, forms stop working after a while. Go back, reload the page "
               "and try again.")
    return render_template("errors/error.html", title=title, message=message, code=400), 400
