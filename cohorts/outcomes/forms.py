"""The outcome dashboards' filter form (as-of date, cohorts)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_wtf import FlaskForm
from markupsafe import Markup, escape
from wtforms import RadioField, SelectMultipleField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional
from wtforms.widgets import Select

from app.dates import local_today
from app.forms import DateField

#: the programme dashboard's default selection, and the switch to every cohort
ENDED, ALL = "ended", "all"


class CodeSelect(Select):
    """wtforms' Select, writing each plain option itself: the programme dashboard lists every cohort
    (~300 at national scale) and html_params() per option cost ~5 ms a view. Same markup."""

    @classmethod
    def render_option(cls, choice, **kwargs):
        if kwargs or choice.render_kw or not isinstance(choice.value, str):
            return super().render_option(choice, **kwargs)
        selected = "selected " if choice.selected else ""
        return Markup(f'<option {selected}value="{escape(choice.value)}">{escape(choice.label or choice.value)}</option>')


def _without_blanks(codes: list[str] | None) -> list[str] | None:
    """The codes chosen, less empty or blank ones (?cohort= from a hand-written link)."""
    return None if codes is None else [code for code in codes if code.strip()]


class OutcomeFilterForm(FlaskForm):
    """As-of date and cohort selection for the programme dashboard (GET)."""

    class Meta:
        csrf = False

    as_of = DateField("As of", validators=[Optional()])
    # no Optional(): a blank first value would clear the "not a valid choice" error of the others too;
    # blank values are dropped, and an empty choice is valid as it is
    cohort = SelectMultipleField("Cohorts", widget=CodeSelect(multiple=True), filters=[_without_blanks],
                                 description="None chosen: the cohorts the choice below names.")
    scope = RadioField("With no cohort chosen, count", default=ENDED, validators=[Optional()],
                       choices=[SelectChoice(ENDED, "cohorts whose training has ended"),
                                SelectChoice(ALL, "every cohort, in training too")])

    def __init__(self, *args, codes: Iterable[str] = (), zone: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        #: "today" where the dashboard's programme runs (None: the deployment's zone)
        self.zone = zone
        self.cohort.choices = [SelectChoice(c) for c in codes]

    @property
    def every_cohort(self) -> bool:
        return self.scope.data == ALL and not self.scope.errors

    @property
    def as_of_date(self) -> date:
        return self.as_of.data if self.as_of.data and not self.as_of.errors else local_today(self.zone)
