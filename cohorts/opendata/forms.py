"""The staff form that builds and publishes a new package."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms.validators import InputRequired

from app.forms import DateField


class PublishPackageForm(FlaskForm):
    """As of which day the figures are computed (today unless changed)."""

    as_of = DateField("Figures as of", validators=[InputRequired(message="Enter the day the figures are as of.")])
