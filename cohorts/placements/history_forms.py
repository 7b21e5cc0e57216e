"""Forms for the work history: ending a placement, and a later job."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import DecimalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from app.forms import DateField, as_select_choices
from cohorts.models import HOURS_PER_WEEK_RANGE, JobEndReason


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


def _reason_choices(blank: str):
    return as_select_choices([("", blank), *((r.value, r.label) for r in JobEndReason)])


class EndPlacementForm(FlaskForm):
    """The job's end; leaving both the date and the reason blank reopens a job ended by mistake."""

    ended_on = DateField("Ended on", validators=[Optional()],
                         description="On or after the start date, and not after today. Leave blank (with no "
                                     "reason) to reopen a job ended by mistake.")
    end_reason = SelectField("Why it ended", choices=_reason_choices("Still in this job"), validators=[Optional()])
    end_note = TextAreaField("Note", validators=[Length(max=2000)],
                             description="What staff need to know (kept only while the job is ended).")


class LaterJobForm(FlaskForm):
    """A job after the placement: with a hiring partner chosen, or an employer's name typed."""

    employer = SelectField("Hiring partner", coerce=_optional_int, validators=[Optional()],
                           description="Choose one if the employer is a hiring partner.")
    employer_name = StringField("Or the employer's name", validators=[Optional(), Length(max=200)])
    role_title = StringField("Role title", validators=[InputRequired(message="Enter the job's role title."),
                                                       Length(max=200)])
    started_on = DateField("Started on", validators=[InputRequired(message="Enter the start date.")])
    ended_on = DateField("Ended on", validators=[Optional()], description="Leave blank while still in this job.")
    end_reason = SelectField("Why it ended", choices=_reason_choices("Still in this job"), validators=[Optional()])
    annual_salary = IntegerField("Annual salary", validators=[Optional()])
    hours_per_week = DecimalField("Hours per week", places=2, validators=[Optional()],
                                  description=f"{HOURS_PER_WEEK_RANGE[0]} to {HOURS_PER_WEEK_RANGE[1]}.")

    def __init__(self, *args, employers: Iterable[tuple[int, str]] = (), programme=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.employer.choices = as_select_choices([("", "Not a hiring partner"), *employers])
        if programme is not None:
            self.annual_salary.label.text = f"Annual salary ({programme.currency})"
            self.annual_salary.description = (f"Whole {programme.currency} a year, "
                                              f"{programme.salary_min:,} to {programme.salary_max:,}.")


def later_job_fields(form: LaterJobForm) -> dict:
    """save_later_job's keyword arguments (the employer is looked up by the view)."""
    return {"employer_name": form.employer_name.data or "", "role_title": form.role_title.data,
            "started_on": form.started_on.data, "ended_on": form.ended_on.data,
            "end_reason": form.end_reason.data or None, "annual_salary": form.annual_salary.data,
            "hours_per_week": form.hours_per_week.data}
