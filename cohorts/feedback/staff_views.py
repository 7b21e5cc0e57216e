"""Staff page: a cohort's session ratings per module and co-delivering employer, with the comments."""

from __future__ import annotations

from flask import render_template

from app.access import get_or_404
from app.reporting import requested_format, table_response
from cohorts.feedback import exports, queries
from cohorts.models import Cohort


def cohort_ratings(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    summary = queries.cohort_ratings(cohort.id)
    if fmt := requested_format():
        return table_response(exports.ratings_frame(summary["ratings"]), f"{cohort.code}-session-ratings", fmt)
    return render_template("cohorts/design/session_ratings.html", cohort=cohort, **summary)
