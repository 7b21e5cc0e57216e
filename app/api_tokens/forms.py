"""The new-token form: a name, the scopes this role may grant, and a lifetime."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, StringField
from wtforms.validators import DataRequired, Length, NumberRange

from app.api_tokens.scopes import SCOPES, scopes_for
from app.forms import MultiCheckboxField, as_select_choices
from app.models import Role


class TokenForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(), Length(max=100)],
                       description="What the token is for, e.g. “Payroll sync”.")
    scopes = MultiCheckboxField("Scopes", validators=[DataRequired(message="Choose at least one scope.")])
    days = IntegerField("Expires after (days)", default=90, validators=[DataRequired(), NumberRange(1, 366)])


def token_form(role: Role) -> TokenForm:
    form = TokenForm()
    form.scopes.choices = as_select_choices((s, f"{s} — {SCOPES[s][0]}") for s in scopes_for(role))
    return form
