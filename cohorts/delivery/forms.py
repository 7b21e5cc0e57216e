"""Forms for scheduling sessions, taking the register and recording assessments."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, time

from flask_wtf import FlaskForm
from wtforms import Field, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

from app.dates import at_local_time, local_zone
from app.forms import DateField, one_line
from app.models import Skill
from cohorts.delivery.attendance import RosterPerson
from cohorts.delivery.scheduling import SessionPlan
from cohorts.models import AssessmentStage, AttendanceStatus, Participant, SessionKind


class SessionForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=SessionKind.choices(), default=SessionKind.training.value)
    module_id = SelectField("Module", coerce=int, default=0)
    day = DateField("Date", validators=[InputRequired()])
    start = TimeField("Starts at", validators=[InputRequired()])
    end = TimeField("Ends at", validators=[InputRequired()])
    weeks = IntegerField("Repeat weekly for", default=1, validators=[Optional(), NumberRange(min=1, max=52)],
                         description="Number of weeks; 1 schedules a single session.")
    location = StringField("Place or link", validators=[Optional(), Length(max=300)], filters=[one_line])
    employer_id = SelectField("Co-delivering employer", coerce=int, default=0,
                              description="Only the cohort's consortium employers can co-deliver.")
    facilitator_id = SelectField("Facilitator", coerce=int, default=0)
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])

    def __init__(self, cohort, facilitators, *args, **kwargs):
        super().__init__(*args, **kwargs)
        #: times are typed and shown on the wall clock where the cohort runs
        self.zone = local_zone(cohort.time_zone)
        zone_note = f"{cohort.time_zone} time"
        self.start.description = self.end.description = zone_note
        self.module_id.choices = [SelectChoice(0, "—"), *(SelectChoice(m.id, m.title) for m in cohort.modules)]
        self.employer_id.choices = [SelectChoice(0, "None"),
                                  *(SelectChoice(m.employer.id, m.employer.name) for m in cohort.consortium)]
        self.facilitator_id.choices = [SelectChoice(0, "—"), *(SelectChoice(u.id, u.display_name) for u in facilitators)]
        self._lookup = {
            "module": {m.id: m for m in cohort.modules},
            "employer": {m.employer.id: m.employer for m in cohort.consortium},
            "facilitator": {u.id: u for u in facilitators},
        }

    def validate_end(self, field):
        if self.start.data and field.data and field.data <= self.start.data:
            raise ValidationError("The session must end after it starts.")

    def _at(self, moment: time) -> datetime:
        return at_local_time(self.day.data, moment, self.zone)

    def plan(self) -> SessionPlan:
        """The session the form describes, times converted from local time."""
        return SessionPlan(
            title=self.title.data, kind=SessionKind(self.kind.data), starts_at=self._at(self.start.data),
            ends_at=self._at(self.end.data), location=self.location.data or "",
            employer=self._lookup["employer"].get(self.employer_id.data),
            facilitator=self._lookup["facilitator"].get(self.facilitator_id.data),
            module=self._lookup["module"].get(self.module_id.data), description=self.description.data or "",
        )

    def load(self, session) -> None:
        """Fill from an existing session (local times)."""
        zone = self.zone
        starts, ends = session.starts_at.astimezone(zone), (session.ends_at or session.starts_at).astimezone(zone)
        self.title.data, self.kind.data, self.location.data = session.title, session.kind.value, session.location
        self.day.data, self.start.data, self.end.data = starts.date(), starts.time(), ends.time()
        self.module_id.data, self.employer_id.data = session.module_id or 0, session.employer_id or 0
        self.facilitator_id.data, self.description.data = session.facilitator_id or 0, session.description


STATUS_VALUES = [s.value for s in AttendanceStatus]


class AttendanceForm(FlaskForm):
    """A session's register: one radio group per participant, built for the session's roster."""

    @classmethod
    def for_roster(cls, roster: Iterable[RosterPerson], marked: Mapping[int, AttendanceStatus], **kwargs):
        fields: dict[str, Field] = {}
        choices = AttendanceStatus.choices()  # the same for every row
        for p in roster:
            fields[f"p{p.id}"] = RadioField(
                p.full_name, choices=choices, validate_choice=False,
                default=marked[p.id].value if p.id in marked else None,
                validators=[Optional(), AnyOf(STATUS_VALUES, message="Choose present, late, absent or excused.")],
            )
        form_cls = type("SessionAttendanceForm", (cls,), fields)
        return form_cls(**kwargs)

    def marks(self) -> dict[int, str]:
        """{participant id: status} for every participant given a status."""
        return {int(f.name[1:]): f.data for f in self if f.name.startswith("p") and f.data}


class AssessmentGridForm(FlaskForm):
    """A cohort's baseline and exit levels: one small number box per participant, skill and stage."""

    @staticmethod
    def field_name(participant_id: int, skill_id: int, stage: str) -> str:
        return f"l_{participant_id}_{skill_id}_{stage}"

    @classmethod
    def for_grid(cls, participants: Iterable[Participant], skills: Iterable[Skill],
                 levels: Mapping[tuple[int, int, str], int], **kwargs):
        fields: dict[str, Field] = {}
        skills = list(skills)
        for p in participants:
            for s in skills:
                for stage in AssessmentStage:
                    fields[cls.field_name(p.id, s.id, stage.value)] = IntegerField(
                        f"{stage.label} level of {p.full_name} in {s.label}",
                        default=levels.get((p.id, s.id, stage.value)),
                        validators=[Optional(), NumberRange(0, 4, message="Levels run from 0 to 4.")],
                        render_kw={"min": 0, "max": 4, "inputmode": "numeric"},
                    )
        form_cls = type("CohortAssessmentForm", (cls,), fields)
        return form_cls(**kwargs)

    def levels(self) -> dict[tuple[int, int, str], int | None]:
        out = {}
        for f in self:
            if f.name.startswith("l_"):
                _, pid, sid, stage = f.name.split("_")
                out[(int(pid), int(sid), stage)] = f.data
        return out
