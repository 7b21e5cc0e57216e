"""Forms for partners, contacts, the referring partner of a participant and the quality period."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from app.dates import local_today
from app.forms import DateField, RowSelectField
from cohorts.models import PartnerKind

#: the dashboard's default period: the last two years of applications (a closed cohort's outcomes show)
DEFAULT_DAYS = 730


class PartnerForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=160)])
    kind = SelectField("Kind", choices=PartnerKind.choices())
    region = StringField("Area covered", validators=[Optional(), Length(max=120)])
    notes = TextAreaField("Notes", validators=[Optional(), Length(max=5000)],
                          description="Staff only: never shown to applicants or in the partner's report.")
    active = BooleanField("Active (its referral link works)", default=True)

    def values(self) -> dict:
        return {key: getattr(self, key).data for key in ("name", "kind", "region", "notes", "active")}


class ContactForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=160)])
    role = StringField("Role", validators=[Optional(), Length(max=120)])
    email = EmailField("Email", validators=[Optional(), Email(), Length(max=254)])
    phone = StringField("Phone", validators=[Optional(), Length(max=50)])

    def values(self) -> dict:
        return {key: getattr(self, key).data or "" for key in ("name", "role", "email", "phone")}


def _optional_int(value) -> int | None:
    return int(value) if value not in (None, "", "None") else None


class ReferringPartnerForm(FlaskForm):
    partner_id = RowSelectField("Referred by", coerce=_optional_int, validators=[Optional()],
                                description="Applies to the participant and all of their applications.")

    def __init__(self, *args, partners: Iterable[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.partner_id.rows = [("", "No referral partner"), *partners]


class PeriodForm(FlaskForm):
    """The dashboard's period on the application date (GET, so no CSRF)."""

    class Meta:
        csrf = False

    start = DateField("Applications from", validators=[Optional()])
    end = DateField("to", validators=[Optional()])

    def validate_end(self, field) -> None:
        if field.data and self.start.data and field.data < self.start.data:
            raise ValidationError("The end of the period cannot be before its start.")

    def period(self) -> tuple[date, date]:
        """(start, end): the valid dates given, else the last DEFAULT_DAYS days up to today."""
        self.validate()
        today = local_today()
        end = self.end.data if self.end.data and not self.end.errors else today
        start = self.start.data if self.start.data and not self.start.errors else end - timedelta(days=DEFAULT_DAYS)
        return (start, end) if start <= end else (end - timedelta(days=DEFAULT_DAYS), end)
