"""The upload forms: a participant's CV, and staff's signed enrolment papers (buttons: app.forms.EmptyForm)."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError

from cohorts.models import DocumentKind


def _within_limit(form, field) -> None:
    """The size, before the bytes are read (the content is judged by the service)."""
    data = field.data
    if data is None:
        return
    data.stream.seek(0, 2)
    size = data.stream.tell()
    data.stream.seek(0)
    limit = current_app.config["DOCUMENT_MAX_BYTES"]
    if size == 0:
        raise ValidationError("The file is empty.")
    if size > limit:
        raise ValidationError(f"The file is {size / 1_000_000:.1f} MB; the limit is {limit / 1_000_000:.0f} MB.")


class UploadCvForm(FlaskForm):
    file = FileField(
        "Your CV",
        description="A PDF or a Word document (.docx).",
        validators=[FileRequired("Choose your CV file."),
                    FileAllowed(["pdf", "docx"], "Upload a PDF or a Word document (.docx)."), _within_limit],
    )


#: the papers staff attach to an enrolment
PAPER_KINDS = (DocumentKind.learning_agreement, DocumentKind.consent)


class EnrolmentPaperForm(FlaskForm):
    kind = SelectField("Document", choices=[SelectChoice(k.value, k.label) for k in PAPER_KINDS],
                       validators=[DataRequired("Choose what the document is.")])
    enrolment = SelectField("Enrolment", coerce=int, validators=[DataRequired("Choose the enrolment.")])
    file = FileField(
        "Signed document",
        description="A scan or export as PDF, or a Word document (.docx).",
        validators=[FileRequired("Choose the signed document."),
                    FileAllowed(["pdf", "docx"], "Upload a PDF or a Word document (.docx)."), _within_limit],
    )

    def __init__(self, *args, enrolments=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.enrolment.choices = [SelectChoice(e.id, f"{e.cohort.code}: {e.cohort.name}") for e in enrolments]
