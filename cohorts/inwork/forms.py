"""The check-in form (link, portal, a coach's call) and the triage form that closes a risk flag."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from app.forms import MultiCheckboxField
from cohorts.inwork.services import TEXT_MAX
from cohorts.models import WORRIES, RiskFlagStatus, WorkStatus

RATING_CHOICES = [SelectChoice(1, "1 — Badly"), SelectChoice(2, "2 — Not so well"), SelectChoice(3, "3 — OK"),
                  SelectChoice(4, "4 — Well"), SelectChoice(5, "5 — Very well")]
WORK_STATUS_CHOICES = [SelectChoice(WorkStatus.same_job.value, "I am still in this job"),
                       SelectChoice(WorkStatus.new_job.value, "I have moved to a new job"),
                       SelectChoice(WorkStatus.not_working.value, "I am not working at the moment")]
RESOLUTION_CHOICES = [SelectChoice(RiskFlagStatus.handled.value, "Handled: I followed it up"),
                      SelectChoice(RiskFlagStatus.false_alarm.value, "False alarm: nothing was wrong")]


class CheckInForm(FlaskForm):
    """One check-in's answer; the words stay with the programme staff, never an employer."""

    rating = RadioField("How is the job going?", choices=RATING_CHOICES, coerce=int,
                        validators=[InputRequired("Choose how it is going, from 1 to 5.")])
    work_status = RadioField("Are you still in the job?", choices=WORK_STATUS_CHOICES,
                             validators=[InputRequired("Tell us whether you are still in the job.")])
    worries = MultiCheckboxField("Anything worrying you? Tick any that apply",
                                 choices=[SelectChoice(key, label) for key, label in WORRIES.items()])
    text = TextAreaField("Anything you would like to tell your coach?", validators=[Optional(), Length(max=TEXT_MAX)],
                         description="Only the programme staff read this. Your employer never sees it.")
    annual_salary = IntegerField("What do you earn now, per year? (optional)",
                                 validators=[Optional(), NumberRange(min=0, message="Enter a whole number, 0 or more.")],
                                 description="Whole units of your currency a year, before tax.")

    def __init__(self, *args, programme=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if programme is not None:
            self.annual_salary.description = (f"Whole {programme.currency} a year before tax, "
                                               f"{programme.salary_min:,} to {programme.salary_max:,}.")

    def answer(self) -> dict:
        """The service's keyword arguments."""
        return {"rating": self.rating.data, "text": self.text.data or "", "worries": self.worries.data or [],
                "work_status": WorkStatus(self.work_status.data), "annual_salary": self.annual_salary.data}


class CallCheckInForm(CheckInForm):
    """A coach records the answer given on a call; the week is the due one, or the weeks since the start."""

    week = IntegerField("Week after the start", validators=[Optional(), NumberRange(min=1, max=520)],
                        description="Leave empty for the weeks since the start (an unscheduled check-in).")


class ResolveFlagForm(FlaskForm):
    status = RadioField("Outcome", choices=RESOLUTION_CHOICES, validators=[InputRequired("Choose an outcome.")])
    note = TextAreaField("Reason or what you did", validators=[Optional(), Length(max=2000)],
                         description="Required for a false alarm: it is kept to improve the flags.")
