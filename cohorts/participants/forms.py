"""Forms for intake, case notes, filters, applications and enrolment exits."""

from __future__ import annotations

from collections.abc import Iterable

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    HiddenField,
    SearchField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, Length, Optional

from app.auth.forms import EMAIL
from app.concurrency import VersionedForm
from app.forms import MultiCheckboxField, RowSelectField
from cohorts.models import DeclineReason, ExclusionReason
from cohorts.participants.caseload import ALERT_LABELS


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
    #: a referral partner's link token (from /apply/r/<token>), carried through the signed confirmation
    referral = HiddenField(validators=[Optional(), Length(max=64)])
    #: where the applicant came from (?source=atom …); cleaned by admissions.clean_source
    source = HiddenField(validators=[Optional(), Length(max=200)])

    def is_bot(self) -> bool:
        return bool((self.website.data or "").strip())

    def applicant(self) -> dict:
        return {key: getattr(self, key).data or "" for key in
                ("first_name", "last_name", "email", "phone", "region", "referral_source", "goals",
                 "referral", "source")}


class WithdrawForm(FlaskForm):
    reason = TextAreaField("Reason for withdrawal", validators=[DataRequired(), Length(max=2000)])


class DeclineForm(FlaskForm):
    """The decline button's reason: what the referring partner's feedback report counts."""

    decline_reason = SelectField("Reason", choices=[SelectChoice("", "No reason given"), *DeclineReason.choices()],
                                 validators=[Optional()])


class ExcludeForm(FlaskForm):
    reason = SelectField("Exclusion reason", choices=ExclusionReason.choices(),
                         description="Excluded enrolments leave the outcome counts (see the outcome definitions).")


KEY_LIFE_AREAS = (
    "Housing", "Money and debt", "Health and wellbeing", "Caring responsibilities", "Childcare",
    "Transport", "Digital access", "Confidence", "English language", "Justice system",
)


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value="" if value is None else value, label=label) for value, label in pairs]



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



class ParticipantFilterForm(FlaskForm):
    """The participant list's search and filters (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField("Search", validators=[Optional(), Length(max=100)], description="Name or email")
    cohort = RowSelectField("Cohort", coerce=_optional_int, validators=[Optional()])
    coach = RowSelectField("Coach", coerce=_optional_int, validators=[Optional()])
    consent = RowSelectField("Consent to share", validators=[Optional()])

    def __init__(self, *args, cohorts: Iterable[tuple[int, str]] = (), coaches: Iterable[tuple[int, str]] = (),
                 **kwargs) -> None:
        """``cohorts`` and ``coaches`` are (id, label) pairs."""
        super().__init__(*args, **kwargs)
        self.cohort.rows = [("", "Any cohort"), *cohorts]
        self.coach.rows = [("", "Any coach"), *coaches]
        self.consent.rows = [("", "Any"), ("given", "Given"), ("not_given", "Not given")]


class CaseloadFilterForm(FlaskForm):
    """The caseload's filters (GET, so no CSRF): a value that does not validate shows its error and is ignored."""

    class Meta:
        csrf = False

    kind = RowSelectField("Alert", validators=[Optional()])
    cohort = RowSelectField("Cohort", coerce=_optional_int, validators=[Optional()])

    def __init__(self, *args, cohorts: Iterable[tuple[int, str]] = (), **kwargs) -> None:
        """``cohorts`` are (id, code) pairs: the cohorts the caseload's people are in."""
        super().__init__(*args, **kwargs)
        self.kind.rows = [("", "Any alert or none"), *ALERT_LABELS.items()]
        self.cohort.rows = [("", "Any cohort"), *cohorts]

    def filters(self) -> dict:
        """``kind`` and ``cohort_id`` for ``caseload.triage``, None for a value that does not validate."""
        self.validate()
        return {"kind": None if self.kind.errors else self.kind.data or None,
                "cohort_id": None if self.cohort.errors else self.cohort.data}
