"""Mentoring forms: the mentor profile, asking, answering, booking, rating, ending; staff invite and pair."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, RadioField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import URL, Email, InputRequired, Length, NumberRange, Optional, ValidationError

from app.forms import DateField, MultiCheckboxField, RowSelectField
from app.models import Skill
from app.skills.vocabulary import find_skill
from cohorts.models import HELP_WITH, MentorStatus

RATING_CHOICES = [SelectChoice(1, "1 — Not useful"), SelectChoice(2, "2 — A little useful"),
                  SelectChoice(3, "3 — Useful"), SelectChoice(4, "4 — Very useful"), SelectChoice(5, "5 — Excellent")]
STATUS_CHOICES = [SelectChoice(MentorStatus.active.value, "Active: suggest me to participants"),
                  SelectChoice(MentorStatus.paused.value, "Paused: no new mentees for now"),
                  SelectChoice(MentorStatus.withdrawn.value, "Withdrawn: I no longer mentor")]


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None



class MentorProfileForm(FlaskForm):
    """The mentor's own profile; saving it the first time opts them in."""

    role_title = StringField("Current role", validators=[Optional(), Length(max=200)],
                             description="e.g. “Account Executive”. Optional.")
    employer_name = StringField("Current employer", validators=[Optional(), Length(max=200)], description="Optional.")
    sectors = StringField("Sectors you know", validators=[Optional(), Length(max=300)],
                          description="Separate them with commas, e.g. “Technology, Retail”.")
    skills = StringField("Skills you can help with", validators=[Optional(), Length(max=1000)],
                         description="Names from the skills vocabulary, separated by commas, e.g. “Negotiation”.")
    help_with = MultiCheckboxField("What you can help with", choices=[SelectChoice(k, v) for k, v in HELP_WITH.items()])
    availability = TextAreaField("Availability", validators=[Optional(), Length(max=1000)],
                                 description="When and how you can meet, e.g. “Tuesday evenings, online”.")
    contact_phone = StringField("Phone for mentees", validators=[Optional(), Length(max=50)],
                                description="Shared only with mentees you accept, with your email.")
    capacity = IntegerField("Mentees at once", default=2, validators=[
        InputRequired("Enter how many mentees you can take (0 for none now)."),
        NumberRange(0, 20, "Between 0 and 20 mentees.")])
    status = SelectField("Status", choices=STATUS_CHOICES, validators=[Optional()])
    visible_in_directory = BooleanField("List me in the alumni directory participants can browse")
    show_role = BooleanField("Show my role in the directory")
    show_employer = BooleanField("Show my employer in the directory")
    show_skills = BooleanField("Show my sectors and skills in the directory")
    show_help = BooleanField("Show what I help with and my availability in the directory")

    def __init__(self, *args, invited: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if invited:  # saving is the opt-in: no status to choose yet
            del self.status
        self.found_skills: list[Skill] = []

    def validate_skills(self, field) -> None:
        labels = [label.strip() for label in (field.data or "").split(",") if label.strip()]
        found = [(label, find_skill(label)) for label in labels]
        missing = [label for label, skill in found if skill is None]
        if missing:
            raise ValidationError(f"Not in the skills vocabulary: {', '.join(missing)}.")
        self.found_skills = [skill for _, skill in found]

    def validate_help_with(self, field) -> None:
        if not field.data:
            raise ValidationError("Choose at least one thing you can help with.")


class AskMentorForm(FlaskForm):
    message = TextAreaField("A few words to the mentor", validators=[Optional(), Length(max=1000)],
                            description="What you would like help with. Optional.")


class ReasonForm(FlaskForm):
    reason = TextAreaField("Reason", validators=[InputRequired("Say briefly why."), Length(max=1000)])


class DeclineForm(FlaskForm):
    reason = TextAreaField("Reason (optional)", validators=[Optional(), Length(max=1000)],
                           description="The participant is told you cannot mentor them just now.")


class BookConversationForm(FlaskForm):
    """A conversation's time (on the participant's programme clock) and its place or link."""

    on = DateField("Date", validators=[InputRequired("Enter the date.")])
    starts = TimeField("Starts", validators=[InputRequired("Enter the start time.")])
    ends = TimeField("Ends", validators=[InputRequired("Enter the end time.")])
    location = StringField("Place", validators=[Optional(), Length(max=300)],
                           description="An address, or leave empty for an online conversation.")
    meeting_url = StringField("Meeting link", validators=[Optional(), URL(message="Enter a full link (https://…)."),
                                                          Length(max=500)])


class AfterConversationForm(FlaskForm):
    rating = RadioField("How useful was the conversation?", choices=RATING_CHOICES, coerce=int,
                        validators=[InputRequired("Choose a rating from 1 to 5.")])
    note = TextAreaField("Short note (optional)", validators=[Optional(), Length(max=2000)],
                         description="What you talked about, what comes next. Both of you see it.")


class InviteMentorForm(FlaskForm):
    email = StringField("Login email", validators=[InputRequired("Enter the person's login email."),
                                                   Email("Enter an email address.", test_environment=True), Length(max=254)],
                        description="A placed participant, an employer contact or a staff member with a login.")


class PairForm(FlaskForm):
    participant_email = StringField("Participant's email", validators=[
        InputRequired("Enter the participant's email."), Email("Enter an email address.", test_environment=True), Length(max=254)])
    mentor_id = RowSelectField("Mentor", coerce=_optional_int, validators=[InputRequired("Choose a mentor.")])

    def __init__(self, *args, mentors: list[tuple[int, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.mentor_id.rows = [("", "Choose…"), *mentors]
