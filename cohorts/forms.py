"""WTForms for programmes, cohorts, design, sessions, applications and screening."""

from __future__ import annotations

from datetime import datetime, time

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, ValidationError, Email, InputRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from app.concurrency import VersionedForm
from app.forms import as_select_choices
from app.templating import local_zone
from cohorts.models import CohortStatus, ExclusionReason, SessionKind
from cohorts.scheduling import SessionPlan


class EmptyForm(FlaskForm):
    """CSRF only: for POST buttons."""


class ProgrammeForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    target_occupation = StringField("Target occupation", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])


class CohortForm(VersionedForm, FlaskForm):
    versioned_what = "cohort"
    versioned_fields = ("programme_id", "code", "name", "region", "starts_on", "ends_on", "capacity", "description")
    programme_id = SelectField("Programme", coerce=int)  # a choice is always made; not "required"
    code = StringField(
        "Code", validators=[DataRequired(), Length(max=30), Regexp(r"^[A-Za-z0-9][A-Za-z0-9-]*$",
                                                                     message="Letters, digits and hyphens only.")],
        description="Short and unique, e.g. SC-2026-02. Session refs start with it.",
    )
    name = StringField("Name", validators=[Optional(), Length(max=200)])
    region = StringField("Region", validators=[Optional(), Length(max=120)])
    starts_on = DateField("Starts on", validators=[InputRequired()])
    ends_on = DateField("Ends on", validators=[InputRequired()])
    capacity = IntegerField("Capacity", validators=[Optional(), NumberRange(min=1, max=10000)],
                            description="Places for accepted and enrolled participants; empty for no limit.")
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)],
                                description="Shown on the public application page.")

    def __init__(self, programmes, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme_id.choices = [SelectChoice(p.id, p.name) for p in programmes]

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError("The end date must be on or after the start date.")

    def values(self) -> dict:
        return {key: getattr(self, key).data for key in
                ("code", "name", "region", "starts_on", "ends_on", "capacity", "description")}


class CohortStatusForm(FlaskForm):
    status = HiddenField(validators=[DataRequired()])

    def validate_status(self, field):
        if field.data not in {s.value for s in CohortStatus}:
            raise ValidationError("Unknown status.")


class NeedFilterForm(FlaskForm):
    """GET filters of the need picker (no CSRF: it changes nothing)."""

    class Meta:
        csrf = False

    role = StringField("Role", validators=[Optional(), Length(max=100)])
    region = StringField("Region", validators=[Optional(), Length(max=100)])
    competency = StringField("Competency", validators=[Optional(), Length(max=100)])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class DemandForm(FlaskForm):
    needs = MultiCheckboxField("Hiring needs", coerce=int, validators=[DataRequired("Choose at least one hiring need.")])

    def __init__(self, candidates, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs.choices = [SelectChoice(n.id, n.ref) for n in candidates]


class ProposalForm(FlaskForm):
    max_skills_per_module = IntegerField("Competencies per module", default=3,
                                         validators=[InputRequired(), NumberRange(min=1, max=8)])
    total_hours = IntegerField("Total hours", default=120, validators=[InputRequired(), NumberRange(min=6, max=2000)])


class ModuleForm(VersionedForm, FlaskForm):
    versioned_what = "module"
    versioned_fields = ("title", "hours", "description")
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    hours = IntegerField("Hours", validators=[InputRequired(), NumberRange(min=1, max=500)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])


LEVEL_CHOICES = as_select_choices([(0, "Not taught"), (1, "1 · aware"), (2, "2 · practised"), (3, "3 · independent"),
                                   (4, "4 · expert")])


class SkillLevelEntry(Form):
    skill_id = HiddenField()
    level = SelectField("Level", coerce=int, choices=LEVEL_CHOICES)


class ModuleSkillsForm(FlaskForm):
    """Posted inside the module form, whose CSRF token covers it."""

    class Meta:
        csrf = False

    skills = FieldList(FormField(SkillLevelEntry))

    def levels(self) -> dict[int, int]:
        return {int(e.skill_id.data): e.level.data for e in self.skills if e.level.data}


class CommitmentEntry(Form):
    employer_id = HiddenField()
    co_delivery_sessions = IntegerField("Sessions co-delivered", validators=[InputRequired(), NumberRange(min=0, max=100)])
    interviews_guaranteed = IntegerField("Interviews guaranteed", validators=[InputRequired(), NumberRange(min=0, max=1000)])
    notes = StringField("Notes", validators=[Optional(), Length(max=500)])


class CommitmentsForm(FlaskForm):
    members = FieldList(FormField(CommitmentEntry))

    def commitments(self) -> dict[int, dict]:
        return {int(e.employer_id.data): {k: v for k, v in e.data.items() if k != "employer_id"} for e in self.members}


class SessionForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired(), Length(max=200)])
    kind = SelectField("Kind", choices=SessionKind.choices(), default=SessionKind.training.value)
    module_id = SelectField("Module", coerce=int, default=0)
    day = DateField("Date", validators=[InputRequired()])
    start = TimeField("Starts at", validators=[InputRequired()])
    end = TimeField("Ends at", validators=[InputRequired()])
    weeks = IntegerField("Repeat weekly for", default=1, validators=[Optional(), NumberRange(min=1, max=52)],
                         description="Number of weeks; 1 schedules a single session.")
    location = StringField("Place or link", validators=[Optional(), Length(max=300)])
    employer_id = SelectField("Co-delivering employer", coerce=int, default=0,
                              description="Only the cohort's consortium employers can co-deliver.")
    facilitator_id = SelectField("Facilitator", coerce=int, default=0)
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])

    def __init__(self, cohort, facilitators, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        return datetime.combine(self.day.data, moment, tzinfo=local_zone())

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
        zone = local_zone()
        starts, ends = session.starts_at.astimezone(zone), (session.ends_at or session.starts_at).astimezone(zone)
        self.title.data, self.kind.data, self.location.data = session.title, session.kind.value, session.location
        self.day.data, self.start.data, self.end.data = starts.date(), starts.time(), ends.time()
        self.module_id.data, self.employer_id.data = session.module_id or 0, session.employer_id or 0
        self.facilitator_id.data, self.description.data = session.facilitator_id or 0, session.description


class ApplicationForm(FlaskForm):
    first_name = StringField("First name", validators=[DataRequired(), Length(max=100)])
    last_name = StringField("Last name", validators=[DataRequired(), Length(max=100)])
    email = EmailField("Email", validators=[DataRequired(), Email(), Length(max=254)])
    phone = StringField("Phone", validators=[Optional(), Length(max=50)])
    region = StringField("Where you live (town or region)", validators=[Optional(), Length(max=120)])
    referral_source = StringField("How did you hear about us?", validators=[Optional(), Length(max=120)])
    goals = TextAreaField("What would you like this programme to lead to?", validators=[Optional(), Length(max=2000)])
    consent = BooleanField("I agree that the programme team may contact me about this application.",
                           validators=[DataRequired("Please agree so that we can contact you.")])
    #: honeypot: hidden from people, filled by bots; a filled one is thanked and ignored
    website = StringField("Leave this field empty", validators=[Optional()])

    def is_bot(self) -> bool:
        return bool((self.website.data or "").strip())

    def applicant(self) -> dict:
        return {key: getattr(self, key).data or "" for key in
                ("first_name", "last_name", "email", "phone", "region", "referral_source", "goals")}


class WithdrawForm(FlaskForm):
    reason = TextAreaField("Reason for withdrawal", validators=[DataRequired(), Length(max=2000)])


class ExcludeForm(FlaskForm):
    reason = SelectField("Exclusion reason", choices=ExclusionReason.choices(),
                         description="Excluded enrolments leave the outcome counts (see the outcome definitions).")
