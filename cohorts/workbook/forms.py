"""The staff workbook page's upload form (the confirm and cancel buttons are app.forms.EmptyForm)."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms.validators import ValidationError


def _not_too_big(form, field) -> None:
    limit = current_app.config["WORKBOOK_MAX_BYTES"]
    data = field.data
    if data is None:
        return
    data.stream.seek(0, 2)
    size = data.stream.tell()
    data.stream.seek(0)
    if size > limit:
        raise ValidationError(f"The file is {size / 1_000_000:.1f} MB; the limit is {limit / 1_000_000:.0f} MB.")
    if size == 0:
        raise ValidationError("The file is empty.")


class UploadWorkbookForm(FlaskForm):
    workbook = FileField(
        "Workbook file",
        description="An .xlsx workbook, or a .zip of <sheet>.csv files (UTF-8).",
        validators=[
            FileRequired("Choose a workbook file."),
            FileAllowed(["xlsx", "zip"], "Upload an .xlsx workbook or a .zip of CSV files."),
            _not_too_big,
        ],
    )
