"""Coach-matching forms: choosing a coach, a coach's profile, training now, and equality monitoring."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from cohorts.models import AgeBand, Gender, YesNoPreferNot

NOT_ANSWERED = SelectChoice("", "Not answered")
AGE_LABELS = {"under_25": "Under 25", "25_34": "25 to 34", "35_49": "35 to 49", "50_plus": "50 or over"}


def _answers(enum, labels: dict[str, str] | None = None) -> list[SelectChoice]:
    labels = {**(labels or {}), "prefer_not_to_say": "Prefer not to say"}
    return [NOT_ANSWERED, *(SelectChoice(m.value, labels.get(m.value, m.value.replace("_", " ").capitalize()))
                            for m in enum)]


class ChooseCoachForm(FlaskForm):
    """Staff choose; any coach may be chosen, suggested or not."""

    coach_id = SelectField("Coach", coerce=int, validators=[InputRequired()])

    def __init__(self, *args, coaches: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.coach_id.choices = [SelectChoice(cid, name) for cid, name in coaches]


class CoachProfileForm(FlaskForm):
    sectors = StringField("Sectors they know", validators=[Optional(), Length(max=300)],
                          description="Separate them with commas, e.g. “Software, Health”.")
    capacity = IntegerField("Largest caseload", validators=[InputRequired(), NumberRange(1, 2000)])
    accepting = BooleanField("Accepting new participants (offered by matching)")


class TrainForm(FlaskForm):
    """The "train now" button: no fields, CSRF only."""


class EqualityForm(FlaskForm):
    """Voluntary; every answer may be left blank or "prefer not to say"."""

    age_band = SelectField("Age", choices=_answers(AgeBand, AGE_LABELS), validators=[Optional()])
    gender = SelectField("Gender", choices=_answers(Gender), validators=[Optional()])
    disability = SelectField("Do you consider yourself to have a disability?", choices=_answers(YesNoPreferNot),
                             validators=[Optional()])
    ethnicity = StringField("Ethnic group", validators=[Optional(), Length(max=80)],
                            description="In your own words, or “Prefer not to say”.")
