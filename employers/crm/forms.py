"""CRM forms; the route passes the employer's contacts and the staff list in for their choices (the staff
drop-downs are RowSelectFields, written in one pass: each lists every active staff user)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField, TimeField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.forms import DateField, RowSelectField, one_line
from employers.crm.models import ActivityKind
from employers.crm.queries import NO_OWNER
from employers.forms import EmployerFilterForm, FilterForm


class ActivityForm(FlaskForm):
    kind = SelectField("Kind", choices=ActivityKind.choices())
    contact_id = SelectField("With", coerce=int, default=0)
    day = DateField("Date", validators=[InputRequired(message="Enter the day it happened.")])
    at = TimeField("Time", validators=[InputRequired(message="Enter the time it happened.")],
                   description="Local time.")
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=10_000)])

    def __init__(self, *args, contacts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.contact_id.choices = [SelectChoice(0, "The employer (no one contact)"),
                                   *(SelectChoice(c.id, c.name) for c in contacts)]


class FollowUpForm(FlaskForm):
    text = StringField("To do", validators=[DataRequired(message="Say what is to be done."), Length(max=500)],
                       filters=[one_line])
    due_on = DateField("Due on", validators=[InputRequired(message="Enter the day it is due.")])
    owner_id = RowSelectField("Owner")

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.rows = list(staff)


class OwnerForm(FlaskForm):
    owner_id = RowSelectField("Relationship manager")

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner_id.rows = [("", "Nobody"), *staff]


class CrmEmployerFilterForm(EmployerFilterForm):
    """The employers list's filters plus the CRM's: owner and "no contact in 60 days"."""

    owner = RowSelectField("Owner", validators=[Optional()])  # every staff user, written in one pass
    quiet = BooleanField("No contact in 60 days")

    def __init__(self, *args, staff=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.owner.rows = [("", "Any owner"), (NO_OWNER, "Nobody"), *staff]


class ActivityFilterForm(FilterForm):
    kind = SelectField("Kind", choices=[SelectChoice("", "Any kind"), *ActivityKind.choices()],
                       validators=[Optional()])
