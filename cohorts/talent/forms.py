"""Talent forms: the participant's opt-in, the employer's search and reach-out, the staff filter, answers."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.forms import DateField
from cohorts.models import ReachOutStatus
from cohorts.talent.services import MESSAGE_MAX

BAND_CHOICES = [SelectChoice("", "Any"), SelectChoice("low", "Low"), SelectChoice("medium", "Medium"),
                SelectChoice("high", "High")]
LEVEL_CHOICES = [SelectChoice(n, f"{n} or above") for n in range(5)]


class OptInForm(FlaskForm):
    available_from = DateField(
        "Available to start from", validators=[Optional()],
        description="Employers see only the month. Leave empty if you can start now.")


class EmptyForm(FlaskForm):
    """A POST-only button (opt out, accept, decline, withdraw)."""


class SearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search: nothing changes

    skills = SelectMultipleField("Skills (each one required)", coerce=int, validators=[Optional()])
    min_level = SelectField("Minimum exit level in those skills", choices=LEVEL_CHOICES, coerce=int, default=0,
                            validators=[Optional()])
    region = SelectField("Region", validators=[Optional()])
    available_by = DateField("Available to start by", validators=[Optional()])
    band = SelectField("Learnability band", choices=BAND_CHOICES, validators=[Optional()])

    def __init__(self, *args, skills: list[tuple[int, str]], regions: list[str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.skills.choices = [SelectChoice(i, label) for i, label in skills]
        self.region.choices = [SelectChoice("", "Any")] + [SelectChoice(r, r) for r in regions]


class ReachOutForm(FlaskForm):
    hiring_need = SelectField("The hiring need it is about", coerce=int, validators=[InputRequired()])
    message = TextAreaField("Message to the person", validators=[InputRequired(), Length(max=MESSAGE_MAX)],
                            description="Say why their skills caught your eye. They see your organisation's name.")
    training_pledge = TextAreaField(
        "Training you would sponsor (optional)", validators=[Optional(), Length(max=1000)],
        description="For example: the certificate course for the role, paid by us.")

    def __init__(self, *args, needs, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.hiring_need.choices = [SelectChoice(n.id, f"{n.ref} — {n.role_title}") for n in needs]


class StaffFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField("Status", choices=[SelectChoice("", "Any")] + [SelectChoice(s.value, s.value.title()) for s in ReachOutStatus],
                         validators=[Optional()])
    employer = IntegerField("Employer id", validators=[Optional(), NumberRange(min=1)])
