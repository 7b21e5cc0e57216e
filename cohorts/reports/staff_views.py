"""Staff downloads of the PDF reports: a cohort's outcomes and a participant's record at once, the
programme's as a job (its page offers the file when it is ready)."""

from __future__ import annotations

from datetime import date

from flask import abort, request

from app.access import get_or_404
from app.dates import local_today
from app.forms import EmptyForm
from app.reporting import pdf_response
from app.tasks.web import run_as_job
from cohorts.models import Cohort, Participant
from cohorts.outcomes.forms import OutcomeFilterForm
from cohorts.reports.jobs import PROGRAMME_PDF
from cohorts.reports.rendering import render_cohort_report, render_participant_record, safe_filename


def _as_of() -> date:
    form = OutcomeFilterForm(request.args)
    form.validate()
    return form.as_of_date


def cohort_report_pdf(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    as_of = _as_of()
    return pdf_response(render_cohort_report(cohort, as_of), safe_filename(f"{cohort.code}-outcomes-{as_of}"))


def programme_report_job():
    """POST (a button): queue the programme PDF and show the job's page."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    return run_as_job(PROGRAMME_PDF, {"as_of": _as_of().isoformat()})


def participant_record_pdf(participant_id: int):
    participant = get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)
    return pdf_response(render_participant_record(participant, local_today()),
                        f"participant-{participant.id}-record")
