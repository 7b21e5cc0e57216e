"""Forms of the job search: add a source, track an application, record a hire from a posting."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField, URLField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from app.forms import DateField, as_select_choices
from cohorts.jobsearch.services import NOTES_MAX
from cohorts.models import ApplicationStage
from cohorts.placements.forms import PlacementForm
from employers.jobs.models import JobSourceKind
from employers.jobs.services import KIND_LABELS

STAGE_LABELS = {
    "saved": "Saved (not applied yet)", "applied": "Applied", "interviewing": "Interviewing", "offer": "Offer",
    "hired": "Hired", "unsuccessful": "Unsuccessful", "withdrawn": "Withdrawn",
}


class SourceForm(FlaskForm):
    """A job site the participant trusts; the jobs service checks the address and the kind."""

    name = StringField("Name", validators=[InputRequired(message="Give the site a name."), Length(max=200)],
                       description="What you call it, e.g. “City jobs board”.")
    url = URLField("Address (URL)", validators=[InputRequired(message="Give the feed or page address."),
                                                Length(max=1000)],
                   description="Starts with https:// or http://.")
    kind = SelectField("Kind", choices=as_select_choices((kind.value, label) for kind, label in KIND_LABELS.items()), default=JobSourceKind.feed.value,
                       validators=[DataRequired()])


class ApplicationForm(FlaskForm):
    """Where an application stands, in the participant's words."""

    stage = SelectField("Stage", choices=as_select_choices((stage.value, STAGE_LABELS[stage.value]) for stage in ApplicationStage),
                        validators=[DataRequired()])
    applied_on = DateField("Applied on", validators=[Optional()], description="Needed once you have applied.")
    notes = TextAreaField("Notes", validators=[Length(max=NOTES_MAX)],
                          description=f"How it is going: replies, interview dates, feedback (up to {NOTES_MAX} "
                                      "characters). Your coach can read these.")


class PostingPlacementForm(PlacementForm):
    """Staff record a hire from a posting: the employer (found by name, else added) and the job's terms."""

    employer_name = StringField("Employer", validators=[InputRequired(message="Name the employer that hired them."),
                                                        Length(max=200)],
                                description="An employer already registered under this name is used; "
                                            "otherwise one is added, noted as found in a job posting.")

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.role_title.description = "Leave blank to use the posting's title."
