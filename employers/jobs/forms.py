"""Forms of the job-source pages: adding a source, searching postings."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from app.forms import one_line
from employers.jobs.models import JobSourceKind
from employers.jobs.services import KIND_LABELS


class JobSourceForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired(message="Give the source a name people will recognise."),
                                           Length(max=200)], filters=[one_line],
                       description="What people call it, e.g. “City jobs board”.")
    url = StringField("Address", validators=[DataRequired(message="Enter the address of the feed or page."),
                                             Length(max=1000)], filters=[lambda v: v.strip() if v else v],
                      description="The feed's or page's full address, starting with https://.")
    kind = SelectField("Kind", choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
                       default=JobSourceKind.feed.value)


class PostingSearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Title or employer", validators=[Optional(), Length(max=200)], filters=[one_line])
