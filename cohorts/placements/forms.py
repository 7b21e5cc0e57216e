"""Forms for candidacy moves, placements, retention checks and filters."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.concurrency import VersionedForm
from app.dates import local_today
from app.forms import DateField, as_select_choices
from cohorts.models import HOURS_PER_WEEK_RANGE, CandidacyStage, EmploymentType, StillEmployed


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


def _optional_bool(value) -> bool | None:
    return {"yes": True, "no": False}.get(value) if isinstance(value, str) else value



class MoveCandidacyForm(VersionedForm, FlaskForm):
    versioned_what = "candidate"
    versioned_fields = ("stage", "employer_feedback")
    stage = SelectField("Move to", validators=[DataRequired()])
    feedback = TextAreaField("Feedback for the programme", validators=[Length(max=4000)],
                             description="What went well, what was missing: it helps coach the next cohort.")

    def __init__(self, *args, stages: Iterable[CandidacyStage] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.stage.choices = [SelectChoice("", "Choose a stage"), *(SelectChoice(s.value, s.label) for s in stages)]


class PlacementForm(FlaskForm):
    """The hire: what the offer and the job are. The ranges are the service's rule
    (cohorts.models.placement_term_problems), stated next to the field it refuses."""

    offer_accepted_on = DateField("Offer accepted on", validators=[Optional()],
                                  description="On or before the start date.")
    start_date = DateField("Start date", validators=[InputRequired(message="Enter the start date.")])
    role_title = StringField("Role title", validators=[Optional(), Length(max=200)],
                             description="Leave blank to use the hiring need's role title.")
    annual_salary = IntegerField("Annual salary", validators=[Optional()])
    hours_per_week = DecimalField("Hours per week", places=2, validators=[Optional()],
                                  description=f"{HOURS_PER_WEEK_RANGE[0]} to {HOURS_PER_WEEK_RANGE[1]}.")
    employment_type = SelectField("Employment type", choices=EmploymentType.choices(),
                                  default=EmploymentType.permanent.value)
    in_field = BooleanField("In the field the programme trains for", default=True)

    def __init__(self, *args, programme=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.annual_salary.label.text = f"Annual salary ({programme.currency})"
            self.annual_salary.description = (f"Whole {programme.currency} a year, "
                                              f"{programme.salary_min:,} to {programme.salary_max:,}.")


def hire_terms(form: PlacementForm) -> dict:
    """record_placement's keyword arguments from a hire form (staff's and the employer's alike)."""
    return {
        "start_date": form.start_date.data, "offer_accepted_on": form.offer_accepted_on.data,
        "annual_salary": form.annual_salary.data, "hours_per_week": form.hours_per_week.data,
        "employment_type": form.employment_type.data, "in_field": form.in_field.data,
        "role_title": (form.role_title.data or "").strip() or None,
    }


class PlacementCorrectionForm(VersionedForm, PlacementForm):
    """Staff correct a placement's terms; a stale form is refused with what changed meanwhile."""

    versioned_what = "placement"
    versioned_fields = ("role_title", "offer_accepted_on", "start_date", "annual_salary", "hours_per_week",
                        "employment_type", "in_field")
    role_title = StringField("Role title", validators=[DataRequired(), Length(max=200)])


class VoidPlacementForm(FlaskForm):
    reason = TextAreaField("Why is it void?", validators=[DataRequired(message="Say why the placement is voided."),
                                                          Length(max=2000)],
                           description="E.g. recorded for the wrong person, or a duplicate of another placement. "
                                       "The placement leaves every count but stays on record with this reason.")


class RetentionCheckForm(FlaskForm):
    still_employed = RadioField("Still employed?", choices=StillEmployed.choices(),
                                validators=[InputRequired(message="Choose an answer.")])
    checked_on = DateField("Checked on", default=local_today,
                           validators=[InputRequired(message="Enter the date of the check.")])
    same_employer = SelectField("With the same employer?", coerce=_optional_bool,
                                choices=as_select_choices([("", "Not known"), ("yes", "Yes"), ("no", "No")]),
                                validators=[Optional()])
    notes = TextAreaField("Notes", validators=[Length(max=4000)])


class PlacementFilterForm(FlaskForm):
    class Meta:
        csrf = False

    q = SearchField("Search", validators=[Optional(), Length(max=100)],
                    description="Reference, role or participant name")
    cohort = SelectField("Cohort", coerce=_optional_int, validators=[Optional()])
    employer = SelectField("Employer", coerce=_optional_int, validators=[Optional()])

    def __init__(self, *args, cohorts=(), employers=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.cohort.choices = as_select_choices([("", "All cohorts"), *cohorts])
        self.employer.choices = as_select_choices([("", "All employers"), *employers])
