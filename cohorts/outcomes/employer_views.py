"""Employer portal: outcomes of the cohorts the employer takes part in."""

from __future__ import annotations

import pandas as pd
from flask import render_template

from app.access import current_employer_id
from app.dates import local_today
from app.extensions import db
from app.reporting import requested_format, table_response
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.outcomes.queries import currencies_by_code
from cohorts.outcomes.tables import outcomes_rows
from cohorts.placements import queries


def outcomes():
    codes = queries.employer_cohort_codes(current_employer_id())
    result = cohort_outcomes(local_today(), codes) if codes else None
    if result and (fmt := requested_format()):
        header, rows = outcomes_rows(result)
        response = table_response(pd.DataFrame(rows, columns=header), f"outcomes-{result['as_of']}", fmt)
    else:
        response = render_template("cohorts/employer_candidates/outcomes.html", result=result,
                                   currencies=currencies_by_code(codes) if result else {})
    # keeps the cohorts' outcome parts computed for this view (docs/OUTCOMES.md); after the page, which
    # the commit would otherwise make read its user again
    db.session.commit()
    return response
