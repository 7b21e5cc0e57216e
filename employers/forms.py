"""Forms of the demand side; choices and question lists are passed in by the route."""

from __future__ import annotations

from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SearchField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from app.concurrency import VersionedForm
from app.forms import DateField, MultiCheckboxField, RowSelectField, as_select_choices
from employers.models import EmployerStatus, HiringNeedStatus, Importance, InterviewFormat, SizeBand

LEVEL_CHOICES = as_select_choices([(1, "1 · awareness"), (2, "2 · working"), (3, "3 · practitioner"),
                                   (4, "4 · expert")])
#: blank competency rows offered for additions on the competencies form
BLANK_COMPETENCY_ROWS = 3


def _blank_to_none(value):
    return value if value not in ("", "None") else None


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class FilterForm(FlaskForm):
    """GET filters: no CSRF, read from request.args."""

    class Meta:
        csrf = False


class EmployerFilterForm(FilterForm):
    q = SearchField("Search by name", validators=[Optional(), Length(max=100)], filters=[_strip])
    status = SelectField("Status", choices=[SelectChoice("", "Any status"), *EmployerStatus.choices()], validators=[Optional()])
    # RowSelectField: a national programme's sectors and regions are written in one pass
    sector = RowSelectField("Sector", validators=[Optional()])
    region = RowSelectField("Region", validators=[Optional()])

    def __init__(self, *args, sectors=(), regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.sector.rows = [("", "Any sector"), *((s, s) for s in sectors)]
        self.region.rows = [("", "Any region"), *((r, r) for r in regions)]


class HiringNeedFilterForm(FilterForm):
    q = SearchField("Search role or ref", validators=[Optional(), Length(max=100)], filters=[_strip])
    status = SelectField("Status", choices=[SelectChoice("", "Any status"), *HiringNeedStatus.choices()], validators=[Optional()])
    region = SelectField("Region", choices=[SelectChoice("", "Any region")], validators=[Optional()])
    review = BooleanField("Only drafts submitted for review")

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = [SelectChoice("", "Any region"), *(SelectChoice(r) for r in regions)]


class DemandFilterForm(FilterForm):
    region = SelectField("Region", choices=[SelectChoice("", "All regions")], validators=[Optional()])
    include_review = BooleanField("Include drafts submitted for review")

    def __init__(self, *args, regions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.region.choices = [SelectChoice("", "All regions"), *(SelectChoice(r) for r in regions)]


def _sector():
    return StringField("Sector", validators=[Optional(), Length(max=120)], filters=[_strip])


def _size_band():
    return SelectField("Size", choices=[SelectChoice("", "Not known"), *SizeBand.choices()], coerce=_blank_to_none,
                       validators=[Optional()])


def _region():
    return StringField("Region", validators=[Optional(), Length(max=120)], filters=[_strip])


def _website():
    return URLField("Website", filters=[_strip], validators=[
        Optional(), URL(message="Enter a full web address, like https://example.com"), Length(max=300)])


class EmployerProfileForm(FlaskForm):
    """What an employer contact may change about their own employer."""

    sector = _sector()
    size_band = _size_band()
    region = _region()
    website = _website()


class EmployerForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(message="Enter the employer's name."), Length(max=200)],
                       filters=[_strip])
    sector = _sector()
    size_band = _size_band()
    region = _region()
    website = _website()
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)])


class EmployerStatusForm(FlaskForm):
    #: no DataRequired: it would add "required" to a select whose first option is a real choice
    status = SelectField("New status", choices=EmployerStatus.choices())


class ContactForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(message="Enter the contact's name."), Length(max=200)],
                       filters=[_strip])
    email = EmailField("Email", validators=[Optional(), Email(message="Enter a valid email address."), Length(max=254)],
                       filters=[_strip])
    phone = TelField("Phone", validators=[Optional(), Length(max=50)], filters=[_strip])
    job_title = StringField("Job title", validators=[Optional(), Length(max=200)], filters=[_strip])
    is_primary = BooleanField("Primary contact")



class NeedStatusForm(FlaskForm):
    status = SelectField("New status", choices=HiringNeedStatus.choices())


class AnswersForm(FlaskForm):
    """One text area per question of the bank, named ``answer_<key>``; built by ``answers_form``."""

    def answers(self) -> dict[str, str]:
        return {name.removeprefix("answer_"): field.data or "" for name, field in self._fields.items()
                if name.startswith("answer_")}


def answers_form(questions, base: type[AnswersForm] | None = None, **kwargs) -> AnswersForm:
    """An answers form for this list of questions (the question bank is data, not code)."""

    class _Form(base or AnswersForm):
        pass

    for question in questions:
        setattr(_Form, f"answer_{question.key}", TextAreaField(
            question.text, validators=[Optional(), Length(max=5000)], render_kw={"rows": 3}))
    return _Form(**kwargs)


class InterviewForm(AnswersForm):
    held_on = DateField("Held on", validators=[Optional()])
    format = SelectField("Format", choices=InterviewFormat.choices())
    attendees = TextAreaField("Attendees", validators=[Optional(), Length(max=2000)],
                              description="One a line: name and role.", render_kw={"rows": 2})
    summary = TextAreaField("Summary", validators=[Optional(), Length(max=10000)])
    pain_points = StringField("Pain-point tags", validators=[Optional(), Length(max=500)],
                              description="Short tags separated by commas, like: slow hiring, high turnover")
    complete = BooleanField("Mark the interview complete",
                            description="A complete interview needs the date it was held and a summary.")

    def validate(self, extra_validators=None) -> bool:
        valid = super().validate(extra_validators)
        if self.complete.data and not self.held_on.data and not self.held_on.errors:
            self.held_on.errors.append("Enter the date the interview was held to complete it.")
            valid = False
        if self.complete.data and not (self.summary.data or "").strip():
            self.summary.errors.append("Write a summary to complete the interview.")
            valid = False
        return valid

    def pain_point_tags(self) -> list[str]:
        raw = self.pain_points.data or ""
        if isinstance(raw, (list, tuple)):  # a POST without the field keeps the record's own list
            raw = ", ".join(raw)
        return [tag for tag in (t.strip() for t in raw.split(",")) if tag]


class QuestionnaireForm(AnswersForm):
    send = BooleanField("Send my answers to the programme team now",
                        description="You can still change them afterwards; send again when you do.")


class HiringNeedForm(VersionedForm, FlaskForm):
    versioned_what = "hiring need"
    versioned_fields = ("ref", "role_title", "openings", "region", "salary_min", "salary_max", "needed_by",
                        "stated_requirements", "non_negotiables", "status")
    ref = StringField("Reference", validators=[Optional(), Length(max=40), Regexp(
        r"^[A-Za-z0-9][A-Za-z0-9._-]*$", message="Use letters, digits, dots, dashes or underscores only.")],
        description="Leave blank to get the next HN-0001 style reference.", filters=[_strip])
    role_title = StringField("Role", validators=[DataRequired(message="Enter the role you are hiring for."),
                                                  Length(max=200)], filters=[_strip])
    openings = IntegerField("Openings", default=1, validators=[
        InputRequired(message="Enter how many people you will hire (at least 1)."),
        NumberRange(min=1, max=10000, message="Openings must be between 1 and 10,000.")])
    region = StringField("Region", validators=[Optional(), Length(max=120)], filters=[_strip])
    salary_min = IntegerField("Salary from (per year)", validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    salary_max = IntegerField("Salary to (per year)", validators=[Optional(), NumberRange(min=0, max=10_000_000)])
    needed_by = DateField("Needed by", validators=[Optional()])
    stated_requirements = TextAreaField(
        "What the job ad asks for", validators=[Optional(), Length(max=5000)],
        description="The requirements as the employer states them, e.g. “degree”, “5 years in tech”.")
    non_negotiables = TextAreaField("Non-negotiables", validators=[Optional(), Length(max=5000)])

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        currency = current_app.config["DEFAULT_CURRENCY"]  # a need is the employer's, not a programme's
        self.salary_min.label.text = f"Salary from ({currency} per year)"
        self.salary_max.label.text = f"Salary to ({currency} per year)"

    def validate_salary_max(self, field) -> None:
        if field.data is not None and self.salary_min.data is not None and field.data < self.salary_min.data:
            raise ValidationError("The top of the salary range must not be below its bottom.")

    def need_fields(self) -> dict:
        names = ("role_title", "openings", "region", "salary_min", "salary_max", "needed_by",
                 "stated_requirements", "non_negotiables")
        return {name: self[name].data for name in names}


class StaffHiringNeedForm(HiringNeedForm):
    status = SelectField("Status", choices=[SelectChoice(s.value, s.label)
                                             for s in (HiringNeedStatus.open, HiringNeedStatus.draft)])


class CompetencyRowForm(Form):
    skill = StringField("Skill", validators=[Optional(), Length(max=300)], filters=[_strip],
                        render_kw={"data-skill-picker": "", "autocomplete": "off"})
    level = SelectField("Level", choices=LEVEL_CHOICES, coerce=int, default=2)
    importance = SelectField("Must or nice", choices=Importance.choices(), default="must")
    remove = BooleanField("Remove")


class CompetenciesForm(FlaskForm):
    rows = FieldList(FormField(CompetencyRowForm), min_entries=0)
    #: staff only (the employer portal removes it): the same rule as the workbook import, where a
    #: label new to the vocabulary becomes a skill once the person has seen it listed
    add_new_skills = BooleanField(
        "Add skills that are not in the vocabulary yet",
        description="Leave unticked to be told about any label the vocabulary does not know (often a typo).")

    def rows_with_skill(self):
        """The rows naming a skill and not marked for removal."""
        return [row for row in self.rows if row.form.skill.data and not row.form.remove.data]


def competencies_form(need, *, may_add_skills: bool = False, **kwargs) -> CompetenciesForm:
    """The need's competencies, then blank rows for additions; ``may_add_skills`` for staff."""
    data = [{"skill": c.skill.label, "level": c.level,
             "importance": c.importance.value} for c in sorted(need.competencies, key=lambda c: c.skill.label.lower())]
    form = CompetenciesForm(data={"rows": data + [{"level": 2, "importance": "must"}] * BLANK_COMPETENCY_ROWS},
                            **kwargs)
    if not may_add_skills:
        del form.add_new_skills
    return form


class OccupationSearchForm(FilterForm):
    occupation_q = SearchField("Find an ESCO occupation", validators=[Optional(), Length(max=100)], filters=[_strip])



class ProposedSkillsForm(FlaskForm):
    occupation_id = HiddenField(validators=[DataRequired()])
    skills = MultiCheckboxField("Essential skills to add", coerce=int)
    level = SelectField("Level for the added skills", choices=LEVEL_CHOICES, coerce=int, default=2)
    importance = SelectField("Must or nice", choices=Importance.choices(), default="must")

    def validate_skills(self, field) -> None:
        if not field.data:  # not DataRequired: that would mark every checkbox "required"
            raise ValidationError("Tick at least one skill to add.")
