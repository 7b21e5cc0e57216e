"""Forms for programmes, cohorts, demand and curriculum design."""

from __future__ import annotations

from babel.numbers import get_currency_name, list_currencies
from flask import current_app
from flask_wtf import FlaskForm
from wtforms import FieldList, Form, FormField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp, ValidationError

from app.concurrency import VersionedForm
from app.dates import time_zone_names
from app.forms import DateField, MultiCheckboxField, as_select_choices
from cohorts.models import PROGRAMME_SALARY_RANGE, CohortStatus


class ProgrammeForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=200)])
    target_occupation = StringField("Target occupation", validators=[Optional(), Length(max=200)])
    description = TextAreaField("Description", validators=[Optional(), Length(max=5000)])
    time_zone = SelectField(
        "Time zone", validators=[DataRequired()],
        description="Where it runs: session times are typed and shown on this clock, and its “today” is the date "
                    "there. Changing it keeps each session's moment and shows it on the new clock.")
    currency = SelectField("Currency", validators=[DataRequired()], description="Salaries are recorded in it.")
    salary_min = IntegerField("Lowest annual salary", validators=[InputRequired(), NumberRange(min=0)],
                              description="A placement's salary below this is refused as a likely typo.")
    salary_max = IntegerField("Highest annual salary", validators=[InputRequired(), NumberRange(min=1)],
                              description="A placement's salary above this is refused as a likely typo.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.time_zone.choices = [SelectChoice(name, name.replace("_", " ")) for name in time_zone_names()]
        self.currency.choices = [SelectChoice(code, f"{code} — {get_currency_name(code, locale='en')}")
                                 for code in sorted(list_currencies())]
        if not self.is_submitted() and kwargs.get("obj") is None:
            config = current_app.config
            self.time_zone.data, self.currency.data = config["LOCAL_TIMEZONE"], config["DEFAULT_CURRENCY"]
            self.salary_min.data, self.salary_max.data = PROGRAMME_SALARY_RANGE

    def validate_salary_max(self, field) -> None:
        if self.salary_min.data is not None and field.data is not None and field.data <= self.salary_min.data:
            raise ValidationError("The highest salary must be above the lowest.")


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
