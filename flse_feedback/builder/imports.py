"""Importing questionnaires: a JSON definition, or an XLSForm spreadsheet from KoboToolbox / ODK.

An import always makes a new questionnaire with a draft, to check and preview before publishing.
"""
from __future__ import annotations

from pathlib import Path

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from ..access import reviewer_required
from ..questionnaires.definitions import DefinitionError
from ..questionnaires.importing import parse_definition
from ..questionnaires.xlsform import XLSFormError, convert
from ..services import builder
from . import forms


def register(bp) -> None:
    bp.add_url_rule("/import", "import_json", import_json, methods=["GET", "POST"])
    bp.add_url_rule("/import-xlsform", "import_xlsform", import_xlsform,
                    methods=["GET", "POST"])


def _uploaded(field) -> bytes | None:
    upload = field.data
    if upload is None or not getattr(upload, "filename", ""):
        return None
    return upload.read()


@reviewer_required
def import_json():
    """Import a questionnaire definition (the format the builder exports)."""
    form = forms.ImportJsonForm()
    problems: list[str] = []
    if form.validate_on_submit():
        data = _uploaded(form.file)
        text = data.decode("utf-8-sig", errors="replace") if data else (form.pasted.data or "")
        if not text.strip():
            problems = ["Choose a file or paste a definition."]
        else:
            try:
                made = builder.import_definition(parse_definition(text), actor=current_user)
            except DefinitionError as error:
                problems = error.problems
            else:
                flash(f"\u201c{made.title}\u201d is imported as a draft. Check it, preview it, "
                      "then publish it.", "success")
                return redirect(url_for(".questionnaire", questionnaire_id=made.id))
    return render_template("builder/import_json.html", form=form, problems=problems)


@reviewer_required
def import_xlsform():
    """Import an XLSForm spreadsheet; what could not be brought over is listed."""
    form = forms.ImportXlsFormForm()
    problems: list[str] = []
    if form.validate_on_submit():
        data = _uploaded(form.file)
        if not data:
            problems = ["Choose an XLSForm spreadsheet (.xlsx) to import."]
        else:
            title = Path(form.file.data.filename).stem.replace("_", " ").strip()
            try:
                conversion = convert(data, form.kind.data, title or "Imported questionnaire")
                made = builder.import_definition(conversion.definition, actor=current_user,
                                                 source="xlsform")
            except XLSFormError as error:
                problems = [str(error)]
            except DefinitionError as error:  # raised by the import, after the conversion
                problems = conversion.explain(error.faults)
            else:
                return render_template("builder/imported.html", questionnaire=made,
                                       skipped=conversion.skipped)
    return render_template("builder/import_xlsform.html", form=form, problems=problems)
