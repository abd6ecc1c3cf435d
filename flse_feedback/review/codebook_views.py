"""The codebook pages under /review/codebook: themes, and re-tagging stored answers.

``review/views.py`` calls ``register(bp)`` so these routes join the review blueprint.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from ..access import reviewer_required
from ..extensions import db
from ..models import Theme
from ..services import codebook, tagging
from .forms import ThemeForm

# Below this many stored answers, a codebook change re-tags at once (well under a second).
INLINE_RETAG_LIMIT = 500
RETAG_BATCH = 2000


@reviewer_required
def themes():
    """Every theme with its definition and keywords."""
    return render_template("review/codebook.html", themes=codebook.all_themes())


@reviewer_required
def edit_theme(theme_id=None):
    """Add a theme, or change or retire one."""
    theme = (db.session.get(Theme, theme_id) or abort(404)) if theme_id else None
    form = ThemeForm(data={
        "theme_id": theme.id, "name": theme.name, "definition": theme.definition,
        "keywords": "\n".join(theme.keywords or []), "active": theme.active} if theme else None)
    if form.validate_on_submit():
        try:
            saved = codebook.save_theme(
                theme, theme_id=form.theme_id.data, name=form.name.data,
                definition=form.definition.data or "", keywords=codebook.keyword_list(
                    form.keywords.data), active=form.active.data, editor=current_user)
        except codebook.CodebookError as error:
            getattr(form, error.field).errors.append(str(error))
        else:
            return _after_change(saved)
    return render_template("review/theme_form.html", form=form, theme=theme)


def _after_change(theme):
    if tagging.answers_to_retag() <= INLINE_RETAG_LIMIT:
        tagging.retag()
        flash(f"“{theme.name}” is saved and every stored answer has been re-tagged.", "success")
        return redirect(url_for(".themes"))
    flash(f"“{theme.name}” is saved. New answers use it now; re-tag the stored answers "
          "below when you have finished your changes.", "success")
    return redirect(url_for(".retag"))


@reviewer_required
def retag():
    """Re-tag stored answers a batch at a time, showing how far it has got."""
    form = FlaskForm()
    total = tagging.answers_to_retag()
    after = request.form.get("after", type=int) or 0
    done_before = request.form.get("done", type=int) or 0
    if form.validate_on_submit():
        count, after = tagging.retag_batch(after, RETAG_BATCH)
        done = done_before + count
        return render_template("review/retag.html", form=form, total=total, done=done,
                               after=after, finished=after is None)
    return render_template("review/retag.html", form=form, total=total, done=0, after=0,
                           finished=False, started=False)


def register(bp) -> None:
    bp.add_url_rule("/codebook/", "themes", themes)
    bp.add_url_rule("/codebook/new", "new_theme", edit_theme, methods=["GET", "POST"])
    bp.add_url_rule("/codebook/<theme_id>", "edit_theme", edit_theme, methods=["GET", "POST"])
    bp.add_url_rule("/codebook/retag", "retag", retag, methods=["GET", "POST"])
