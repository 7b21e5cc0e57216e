"""The new-endpoint form: a URL, what it is, and the events it receives (checkboxes)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from app.forms import MultiCheckboxField, as_select_choices
from app.webhooks.models import EVENTS


class EndpointForm(FlaskForm):
    url = StringField("Endpoint URL", validators=[DataRequired(), Length(max=2000)],
                      description="An https:// address on the receiver's public server.")
    description = StringField("Description", validators=[Length(max=200)],
                              description="Who receives it, e.g. “Acme's HR system”.")
    events = MultiCheckboxField("Events", choices=as_select_choices((name, name) for name in EVENTS),
                             validators=[DataRequired(message="Choose at least one event.")])
