"""The admin's ESCO upload: the two zips `flask skills import-esco` takes."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired


class EscoImportForm(FlaskForm):
    classification = FileField(
        "Classification download",
        description="The ESCO classification as CSV, a .zip holding skills_en.csv and occupations_en.csv "
                    "(e.g. esco-v1.1.1-classification-en-csv.zip).",
        validators=[FileRequired("Choose the classification .zip."),
                    FileAllowed(["zip"], "Upload the classification download as a .zip file.")],
    )
    relations = FileField(
        "Relations download",
        description="The ESCO relations as CSV, a .zip holding occupationSkillRelations.csv "
                    "(e.g. esco-v1.1.1-relations-csv.zip).",
        validators=[FileRequired("Choose the relations .zip."),
                    FileAllowed(["zip"], "Upload the relations download as a .zip file.")],
    )
