"""The search box: what was typed, and optionally one kind of record to see more of."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import IntegerField, SearchField, SelectField
from wtforms.validators import NumberRange, Optional

from app.forms import as_select_choices
from cohorts.search.index import MAX_QUERY

#: the kinds of record, as the results label them
KIND_LABELS = {"participant": "Participant", "employer": "Employer", "hiring_need": "Hiring need",
               "cohort": "Cohort"}
#: pages of one kind a search goes to; past these, staff type more of the name
MAX_PAGE = 20


class SearchForm(FlaskForm):
    """GET, so no CSRF; anything odd typed is searched for as words, never refused."""

    class Meta:
        csrf = False

    q = SearchField("Search", description="A name, email, reference or cohort code",
                    filters=[lambda value: (value or "")[:MAX_QUERY]])
    kind = SelectField("Only", choices=as_select_choices([("", "Everything"), *KIND_LABELS.items()]),
                       validators=[Optional()])
    page = IntegerField("Page", validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])
