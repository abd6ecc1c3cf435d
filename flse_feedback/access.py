"""Every view declares who may use it; a test fails for any route that does not.

``public`` marks a view open to anyone, ``role_required(role)`` asks for a logged-in account with
at least that role. Anonymous visitors are sent to log in; other accounts get 403.
"""
from __future__ import annotations

from functools import wraps

import flask_login
from flask import abort
from flask_login import current_user

from .extensions import login_manager
from .models import Role


def public(view):
    """Declare a view open to everyone, including people without an account."""
    view.access_rule = "public"
    return view


def login_required(view):
    """Allow any logged-in account, whatever its role."""
    wrapped = flask_login.login_required(view)
    wrapped.access_rule = "login"
    return wrapped


def role_required(role: Role):
    """Allow accounts whose role is ``role`` or more powerful."""

    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.has_role(role):
                abort(403)
            return view(*args, **kwargs)

        wrapped.access_rule = f"role:{Role(role).value}"
        return wrapped

    return decorator


volunteer_required = role_required(Role.VOLUNTEER)
reviewer_required = role_required(Role.REVIEWER)
admin_required = role_required(Role.ADMIN)
