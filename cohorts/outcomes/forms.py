"""The outcome dashboards' filter form (as-of date, cohorts)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_wtf import FlaskForm
from wtforms import SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from app.dates import local_today
from app.forms import DateField


class OutcomeFilterForm(FlaskForm):
    """As-of date and cohort selection for the programme dashboard (GET)."""

    class Meta:
        csrf = False

    as_of = DateField("As of", validators=[Optional()])
    cohort = SelectMultipleField("Cohorts", validators=[Optional()],
                                 description="None chosen: every cohort.")

    def __init__(self, *args, codes: Iterable[str] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cohort.choices = [SelectChoice(c) for c in codes]

    @property
    def as_of_date(self) -> date:
        return self.as_of.data if self.as_of.data and not self.as_of.errors else local_today()
