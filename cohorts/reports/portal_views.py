"""PDF downloads outside the staff portal: a hiring partner's cohort report, a participant's own record.

The employer gets the aggregate-only edition, and only for the cohorts on its outcomes page
(its consortium and demand-basis cohorts); any other code answers 404.
"""

from __future__ import annotations

from flask import abort

from app.access import current_employer_id, current_participant_id
from app.dates import local_today
from app.extensions import db
from app.reporting import pdf_response
from cohorts.models import Participant
from cohorts.placements.queries import employer_cohort_codes
from cohorts.reports.rendering import cohort_by_code, render_cohort_report, render_participant_record, safe_filename


def cohort_report_pdf(code: str):
    employer_id = current_employer_id()
    cohort = cohort_by_code(code) if code in employer_cohort_codes(employer_id) else None
    if cohort is None:
        abort(404)
    return pdf_response(render_cohort_report(cohort, local_today(), employer_id=employer_id),
                        safe_filename(f"{cohort.code}-outcomes"))


def my_record_pdf():
    me = db.session.get(Participant, current_participant_id())
    return pdf_response(render_participant_record(me, local_today()), "my-bridgework-record")
