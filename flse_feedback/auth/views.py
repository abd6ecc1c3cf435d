"""Routes under /auth/: log in, log out, change password, create the first admin."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from ..access import login_required, public
from ..journey import PENDING_KEY
from ..services import audit, throttle, users
from .forms import ChangePasswordForm, FirstAdminForm, LoginForm

bp = Blueprint("auth", __name__)


def fresh_session(keep: tuple[str, ...] = ()) -> None:
    """Start a new session on login (no session fixation), carrying over only ``keep``."""
    carried = {key: session[key] for key in keep if key in session}
    session.clear()
    session.update(carried)


def safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login; anything else goes home."""
    if not target:
        return url_for("main.home")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return url_for("main.home")
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    """Log in with email and password."""
    form = LoginForm()
    if form.validate_on_submit():
        wait = throttle.seconds_to_wait(form.email.data, request.remote_addr)
        if wait:
            form.password.errors.append(too_many_attempts(wait))
            return render_template("auth/login.html", form=form), 429, {"Retry-After": str(wait)}
        user = users.authenticate(form.email.data, form.password.data)
        if user is not None:
            throttle.record_success(form.email.data)
            fresh_session(keep=(PENDING_KEY,))
            login_user(user, remember=form.remember.data)
            users.record_login(user)
            audit.record("login", user, target=user.email)
            return redirect(safe_next(request.args.get("next")))
        throttle.record_failure(form.email.data, request.remote_addr)
        audit.record("login_failed", users.find_by_email(form.email.data))
        form.password.errors.append("That email and password do not match an account.")
    return render_template("auth/login.html", form=form)


def too_many_attempts(seconds: int) -> str:
    minutes = max(1, -(-seconds // 60))
    return (f"There have been too many tries to log in. For your safety, please wait "
            f"{minutes} minute{'s' if minutes != 1 else ''} and try again. If you have "
            "forgotten your password, an admin can set a new one.")


@bp.route("/logout", methods=["POST"])
@public
def logout():
    """Log out (a POST with a CSRF token, so other sites cannot log people out)."""
    logout_user()
    session.clear()
    flash("You have logged out. If this is a shared phone, close the browser too.", "info")
    return redirect(url_for("main.home"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change your own password."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        try:
            users.change_password(current_user, form.current_password.data,
                                  form.new_password.data)
        except users.UserError as error:
            getattr(form, error.field, form.new_password).errors.append(str(error))
        else:
            flash("Your password has been changed.", "success")
            return redirect(url_for("main.home"))
    return render_template("auth/password.html", form=form)


@bp.route("/setup/<token>", methods=["GET", "POST"])
@public
def first_admin(token):
    """Create the first admin account from the one-time link printed by `make run`."""
    if users.valid_setup_token(token) is None:
        abort(404)
    form = FirstAdminForm()
    if form.validate_on_submit():
        try:
            user = users.create_first_admin(token, form.email.data, form.password.data,
                                            form.name.data or "")
        except users.UserError as error:
            getattr(form, error.field, form.email).errors.append(str(error))
        else:
            session.clear()
            login_user(user)
            flash("Your admin account is ready.", "success")
            return redirect(url_for("admin.index"))
    return render_template("auth/setup.html", form=form)
