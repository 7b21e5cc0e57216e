"""Account forms: login, choosing a password, invitations, roles and the admin's list filters."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, SearchField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from app.auth.services import AccountError, validate_password
from app.forms import DateField, as_select_choices
from app.models import Role

#: roles an admin can give from the invitation form; participants are invited from their record
INVITABLE_ROLES = as_select_choices((r.value, r.label) for r in (Role.staff, Role.admin, Role.employer))
#: syntax only (no DNS); .test addresses are allowed for demo and development accounts
EMAIL = Email(message="Enter an email address like name@example.org.", test_environment=True)


def _optional_int(value) -> int | None:
    if value in (None, "", "None"):
        return None
    return int(value)


class LoginForm(FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), EMAIL, Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    remember = BooleanField("Keep me logged in on this device")
    next = HiddenField()


class SetPasswordForm(FlaskForm):
    """Used by accepting an invitation and by resetting a password."""

    password = PasswordField(
        "New password",
        validators=[DataRequired(), Length(max=200)],
        description="At least 10 characters. A short sentence is easy to remember.",
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "Repeat the new password",
        validators=[DataRequired(), EqualTo("password", message="The two passwords are not the same.")],
        render_kw={"autocomplete": "new-password"},
    )

    def validate_password(self, field) -> None:
        try:
            validate_password(field.data)
        except AccountError as error:
            raise ValidationError(str(error)) from error


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Email", validators=[DataRequired(), EMAIL, Length(max=254)], render_kw={"autocomplete": "email"}
    )


class _EmployerChoiceMixin:
    """An employer select, required only for the employer role; choices come from the route."""

    def _set_employer_choices(self, employer_choices: list[tuple[int, str]]) -> None:
        self.employer.choices = as_select_choices([("", "— not an employer contact —"), *employer_choices])
        self._employer_ids = {employer_id for employer_id, _ in employer_choices}

    def validate_employer(self, field) -> None:
        if self.role.data == Role.employer.value and field.data is None:
            raise ValidationError("Choose the employer this contact speaks for.")
        if field.data is not None and field.data not in self._employer_ids:
            raise ValidationError("Choose an employer from the list.")


class InviteUserForm(_EmployerChoiceMixin, FlaskForm):
    email = EmailField("Email", validators=[DataRequired(), EMAIL, Length(max=254)])
    full_name = StringField("Full name", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=INVITABLE_ROLES, validators=[DataRequired()])
    employer = SelectField(
        "Employer",
        coerce=_optional_int,
        validate_choice=False,
        description="Only for employer contacts: the hiring partner they speak for.",
    )

    def __init__(self, *args, employer_choices: list[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_employer_choices(employer_choices)


class RoleForm(_EmployerChoiceMixin, FlaskForm):
    role = SelectField("Role", choices=Role.choices(), validators=[DataRequired()])
    employer = SelectField(
        "Employer",
        coerce=_optional_int,
        validate_choice=False,
        description="Required when the role is employer.",
    )

    def __init__(self, *args, employer_choices: list[tuple[int, str]] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._set_employer_choices(employer_choices)



class _FilterForm(FlaskForm):
    """GET filters of a list page: read from the query string, nothing to protect."""

    class Meta:
        csrf = False


class UserFilterForm(_FilterForm):
    q = SearchField("Email or name", validators=[Optional(), Length(max=200)])
    role = SelectField("Role", choices=[SelectChoice("", "Any role"), *Role.choices()], validators=[Optional()])
    active = SelectField(
        "Status",
        choices=as_select_choices([("", "Any status"), ("yes", "Active"), ("no", "Deactivated")]),
        validators=[Optional()],
    )


class AuditFilterForm(_FilterForm):
    entity = StringField("Record type", validators=[Optional(), Length(max=50)])
    action = StringField("Action", validators=[Optional(), Length(max=50)])
    actor = StringField("Who (email)", validators=[Optional(), Length(max=254)])
    date_from = DateField("From", validators=[Optional()])
    date_to = DateField("To", validators=[Optional()])

    def validate_date_to(self, field) -> None:
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError("The end date is before the start date.")


class OutboxFilterForm(_FilterForm):
    recipient = SearchField("Recipient", validators=[Optional(), Length(max=254)])
