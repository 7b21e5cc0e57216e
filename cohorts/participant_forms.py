"""Forms for the participant journey: intake, case notes, registers, assessments, filters."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    Field,
    IntegerField,
    RadioField,
    SearchField,
    SelectField,
    SelectMultipleField,
    StringField,
    TelField,
    TextAreaField,
    widgets,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import AnyOf, DataRequired, Length, NumberRange, Optional

from app.concurrency import VersionedForm
from app.auth.forms import EMAIL
from app.forms import RowSelectField
from app.models import Skill
from cohorts.models import AssessmentStage, AttendanceStatus, Participant

KEY_LIFE_AREAS = (
    "Housing", "Money and debt", "Health and wellbeing", "Caring responsibilities", "Childcare",
    "Transport", "Digital access", "Confidence", "English language", "Justice system",
)


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value="" if value is None else value, label=label) for value, label in pairs]


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class ParticipantForm(VersionedForm, FlaskForm):
    versioned_what = "participant"
    versioned_fields = ("first_name", "last_name", "email", "phone", "region", "referral_source", "coach_id",
                        "needs", "barriers", "strengths", "interests", "goals", "key_life_areas")
    """Person-centred intake, in the participant's own words; the coach is chosen from staff."""

    first_name = StringField("First name", validators=[DataRequired(), Length(max=100)])
    last_name = StringField("Last name", validators=[DataRequired(), Length(max=100)])
    email = EmailField("Email", validators=[DataRequired(), EMAIL, Length(max=254)])
    phone = TelField("Phone", validators=[Optional(), Length(max=50)])
    region = StringField("Region", validators=[Optional(), Length(max=120)])
    referral_source = StringField("Referred by", validators=[Optional(), Length(max=120)],
                                  description="Who pointed them to the programme (job centre, charity, word of mouth …)")
    coach_id = SelectField("Coach", coerce=_optional_int, validators=[Optional()])
    needs = TextAreaField("What they need from the programme", validators=[Optional(), Length(max=5000)])
    barriers = TextAreaField("Barriers", validators=[Optional(), Length(max=5000)],
                             description="What could get in the way of training or work")
    strengths = TextAreaField("Strengths", validators=[Optional(), Length(max=5000)])
    interests = TextAreaField("Interests", validators=[Optional(), Length(max=5000)])
    goals = TextAreaField("Goals", validators=[Optional(), Length(max=5000)])
    key_life_areas = MultiCheckboxField("Key life areas to support", choices=_choices((a, a) for a in KEY_LIFE_AREAS))

    def __init__(self, *args, coaches: Iterable[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.coach_id.choices = _choices([(None, "No coach yet"), *coaches])

    def intake(self) -> dict:
        """The intake fields as the services take them."""
        return {name: getattr(self, name).data or ([] if name == "key_life_areas" else "") for name in (
            "first_name", "last_name", "email", "phone", "region", "referral_source",
            "needs", "barriers", "strengths", "interests", "goals", "key_life_areas",
        )}


class CaseNoteForm(FlaskForm):
    body = TextAreaField("New case note", validators=[DataRequired(message="Write the note first."),
                                                      Length(max=10000)],
                         description="Dated and visible to staff only — never to the participant's employers.")


class ConfirmForm(FlaskForm):
    """An empty form: a POST-only button still carries a CSRF token."""


class ParticipantFilterForm(FlaskForm):
    """The participant list's search and filters (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField("Search", validators=[Optional(), Length(max=100)], description="Name or email")
    cohort = RowSelectField("Cohort", coerce=_optional_int, validators=[Optional()])
    coach = RowSelectField("Coach", coerce=_optional_int, validators=[Optional()])
    consent = SelectField("Consent to share", choices=_choices([("", "Any"), ("given", "Given"), ("not_given", "Not given")]),
                          validators=[Optional()])

    def __init__(self, *args, cohorts: Iterable[tuple[int, str]] = (), coaches: Iterable[tuple[int, str]] = (),
                 **kwargs) -> None:
        """``cohorts`` and ``coaches`` are (id, label) pairs."""
        super().__init__(*args, **kwargs)
        self.cohort.rows = [("", "Any cohort"), *cohorts]
        self.coach.rows = [("", "Any coach"), *coaches]


STATUS_VALUES = [s.value for s in AttendanceStatus]


class AttendanceForm(FlaskForm):
    """A session's register: one radio group per participant, built for the session's roster."""

    @classmethod
    def for_roster(cls, roster: Iterable[Participant], marked: Mapping[int, AttendanceStatus], **kwargs):
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
