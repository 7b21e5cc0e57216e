"""Employer portal: the cohorts an employer's hiring needs feed."""

from __future__ import annotations

from flask import render_template

from app.access import current_employer_id
from cohorts.design import queries


def list_cohorts():
    """The cohorts whose hiring consortium the employer is in, with its commitments."""
    employer_id = current_employer_id()
    return render_template("cohorts/employer/cohorts.html", memberships=queries.employer_memberships(employer_id),
                           delivered=queries.co_delivered_counts(employer_id))
