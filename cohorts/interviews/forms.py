"""Forms of interview days: planning a day, changing it, booking a slot, the attendance register."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, InputRequired, Length, NumberRange, Optional

from app.dates import to_local
from app.forms import DateField, RowSelectField, as_select_choices
from cohorts.models import InterviewAttendance, InterviewDay, InterviewSlot

ATTENDANCE_CHOICES = [SelectChoice("", "Not recorded"), SelectChoice("attended", "Attended"),
                      SelectChoice("no_show", "No-show"), SelectChoice("cancelled_late", "Cancelled late")]


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class DayDetailsForm(FlaskForm):
    """What can change once candidates book: the words, the place, the people and the cut-off."""

    title = StringField("Title", validators=[InputRequired("Give the day a title."), Length(max=200)],
                        description="What candidates see, e.g. “Northwind interview day”.")
    location = StringField("Address", validators=[Optional(), Length(max=300)],
                           description="Leave empty for an online day.")
    meeting_url = StringField("Meeting link", validators=[Optional(), URL(message="Enter a full link (https://…)."),
                                                          Length(max=500)],
                              description="Leave empty for an in-person day.")
    interviewers = TextAreaField("Interviewers", validators=[Length(max=2000)],
                                 description="Names and roles, e.g. “Dana Lee (Sales manager)”.")
    closes_on = DateField("Booking closes on", validators=[Optional()],
                          description="Candidates book, swap and cancel until then. Default: the day before.")
    closes_time = TimeField("Booking closes at", validators=[Optional()], description="Default: 17:00.")


class InterviewDayForm(DayDetailsForm):
    """A new day: whose, for what, when and how the slots are cut (times on the programme's clock)."""

    employer_id = RowSelectField("Employer", coerce=_optional_int, validators=[InputRequired("Choose the employer.")])
    hiring_need_id = RowSelectField("Hiring need", coerce=_optional_int, validate_choice=False,
                                    description="Only candidates for this need may book.")
    cohort_id = RowSelectField("Cohort", coerce=_optional_int, validate_choice=False,
                               description="Or: every candidate of this cohort introduced to the employer.")
    on = DateField("Date", validators=[InputRequired("Enter the date of the day.")])
    starts = TimeField("First slot starts", validators=[InputRequired("Enter when the first slot starts.")])
    ends = TimeField("Last slot ends by", validators=[InputRequired("Enter when the day ends.")])
    slot_minutes = IntegerField("Slot length (minutes)", default=30, validators=[
        InputRequired("Enter the slot length."), NumberRange(5, 240, "A slot lasts between 5 and 240 minutes.")])
    gap_minutes = IntegerField("Gap between slots (minutes)", default=0, validators=[
        InputRequired("Enter the gap (0 for none)."), NumberRange(0, 120, "The gap is between 0 and 120 minutes.")])
    break_starts = TimeField("Break starts", validators=[Optional()], description="Optional, e.g. lunch.")
    break_ends = TimeField("Break ends", validators=[Optional()])

    field_order = ("employer_id", "hiring_need_id", "cohort_id", "title", "on", "starts", "ends", "slot_minutes",
                   "gap_minutes", "break_starts", "break_ends", "location", "meeting_url", "interviewers",
                   "closes_on", "closes_time")

    def __init__(self, *args, employers: list[tuple[int, str]] | None, needs: list[tuple[int, str]],
                 cohorts: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if employers is None:  # the employer portal: always its own
            del self.employer_id
        else:
            self.employer_id.rows = [("", "Choose…"), *employers]
        self.hiring_need_id.rows = [("", "None: a cohort day"), *needs]
        self.cohort_id.rows = [("", "None: a hiring-need day"), *cohorts]
        self._needs, self._cohorts = {i for i, _ in needs}, {i for i, _ in cohorts}

    def __iter__(self):
        return (self._fields[name] for name in ("csrf_token", *self.field_order) if name in self._fields)

    def validate_hiring_need_id(self, field) -> None:
        if field.data is not None and field.data not in self._needs:
            field.errors.append("Choose one of the hiring needs listed.")

    def validate_cohort_id(self, field) -> None:
        if field.data is not None and field.data not in self._cohorts:
            field.errors.append("Choose one of the cohorts listed.")
        if field.data is None and self.hiring_need_id.data is None:
            field.errors.append("Choose the hiring need or the cohort the day is for.")


class SlotChoiceForm(FlaskForm):
    """Book or swap: one free slot of the day, as a radio group."""

    slot_id = RadioField("Choose a time", coerce=int, validators=[InputRequired("Choose a time.")])

    def __init__(self, *args, slots: Iterable[InterviewSlot], zone: str | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slot_id.choices = as_select_choices(
            (s.id, f"{to_local(s.starts_at, zone):%H:%M}–{to_local(s.ends_at, zone):%H:%M}") for s in slots)


class AssignSlotForm(FlaskForm):
    """The organiser books a candidate into a slot (any time before it starts, cut-off or not)."""

    slot_id = SelectField("Slot", coerce=int, validators=[InputRequired("Choose a slot.")])
    candidacy_id = SelectField("Candidate", coerce=int, validators=[InputRequired("Choose a candidate.")])

    def __init__(self, *args, slots: Iterable[InterviewSlot], candidates: Iterable[tuple[int, str]],
                 zone: str | None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.slot_id.choices = as_select_choices(
            (s.id, f"{to_local(s.starts_at, zone):%H:%M}–{to_local(s.ends_at, zone):%H:%M}") for s in slots)
        self.candidacy_id.choices = as_select_choices(candidates)


def attendance_form(day: InterviewDay) -> FlaskForm:
    """The day's register: one select per booked slot (``slot_<id>``), filled from what is recorded."""

    class RegisterForm(FlaskForm):
        pass

    for slot in day.slots:
        if slot.candidacy is not None:
            setattr(RegisterForm, f"slot_{slot.id}", SelectField(
                slot.candidacy.participant.full_name, choices=ATTENDANCE_CHOICES,
                default=slot.attendance.value if slot.attendance else ""))
    return RegisterForm(prefix="register")


def attendance_marks(form: FlaskForm) -> dict[int, InterviewAttendance | None]:
    """{slot id: mark} from a submitted register."""
    return {int(field.short_name.removeprefix("slot_")): (InterviewAttendance(field.data) if field.data else None)
            for field in form if field.short_name.startswith("slot_")}
