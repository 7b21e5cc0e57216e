"""Forms of the learning library: a resource, a rating, the library's filters and the CSV upload."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import BooleanField, DecimalField, RadioField, SearchField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from cohorts.learning.services import COMMENT_MAX, ResourceFields
from cohorts.models import ResourceFormat, ResourceStatus

RATING_CHOICES = [SelectChoice(1, "1 — Poor"), SelectChoice(2, "2 — Fair"), SelectChoice(3, "3 — Good"),
                  SelectChoice(4, "4 — Very good"), SelectChoice(5, "5 — Excellent")]


class ResourceForm(FlaskForm):
    """A resource as staff add it or anyone suggests it."""

    title = StringField("Title", validators=[DataRequired("Give the resource a title."), Length(max=200)])
    url = StringField("Web address", validators=[DataRequired("Give the web address."), Length(max=2000)],
                      description="The full address, starting with https://")
    provider = StringField("Provider", validators=[Optional(), Length(max=200)],
                           description="Who offers it, for example a college or a website")
    format = SelectField("Format", choices=ResourceFormat.choices(), default=ResourceFormat.course.value)
    cost = DecimalField("Cost", places=2, default=0,
                        validators=[InputRequired("Give the cost: 0 when it is free."),
                                    NumberRange(min=0, max=99_999_999, message="The cost must be 0 (free) or more.")],
                        description="0 when it is free")
    currency = StringField("Currency", default="CAD", validators=[DataRequired(), Length(min=3, max=3)],
                           description="Three letters, such as CAD")
    hours = DecimalField("Hours to complete", places=1,
                         validators=[Optional(), NumberRange(min=0.1, max=99_999, message="Hours must be more than 0.")],
                         description="Leave empty when unknown")
    language = StringField("Language", default="en", validators=[DataRequired(), Length(max=10)],
                           description="A short code, such as en or fr")
    skills = TextAreaField(
        "Competencies it teaches", validators=[DataRequired("Name at least one competency it teaches.")],
        description="One or more competencies and the level (1–4) it brings a learner to, separated by "
                    "semicolons: “Negotiation: 3; Customer service: 2”",
    )

    def fields(self) -> ResourceFields:
        return ResourceFields(title=self.title.data, url=self.url.data, provider=self.provider.data or "",
                              format=self.format.data, cost=self.cost.data, currency=self.currency.data,
                              hours=self.hours.data, language=self.language.data, skills=self.skills.data)


class RatingForm(FlaskForm):
    rating = RadioField("How useful was this resource?", choices=RATING_CHOICES, coerce=int,
                        validators=[InputRequired("Choose a rating from 1 to 5.")])
    comment = TextAreaField("Comment (optional)", validators=[Length(max=COMMENT_MAX)],
                            description="What helped, what did not. Your coach can read it.")


class LibraryFilterForm(FlaskForm):
    """The library's search and filters (GET, so no CSRF)."""

    class Meta:
        csrf = False

    q = SearchField("Search", validators=[Optional(), Length(max=100)],
                    description="Title, provider or competency")
    # no Optional(): it would pass blank-looking input ("\r\n") that is no choice; "" is the "any" choice
    status = SelectField("Status", choices=[SelectChoice("", "Any status"), *ResourceStatus.choices()], default="")
    format = SelectField("Format", choices=[SelectChoice("", "Any format"), *ResourceFormat.choices()], default="")
    free = BooleanField("Free only")
    flagged = BooleanField("Flagged for review only")


class ImportForm(FlaskForm):
    file = FileField("CSV file", validators=[FileRequired("Choose a CSV file."),
                                             FileAllowed(["csv"], "Upload a .csv file.")],
                     description="Columns: title, url, provider, format, cost, currency, hours, language, skills")
