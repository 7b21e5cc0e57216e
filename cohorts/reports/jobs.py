"""The reports and downloads that run as jobs: the programme PDF (it measures every cohort, too long for a
web request) and large list exports (over EXPORT_JOB_THRESHOLD rows, or asked for with ?job=1)."""

from __future__ import annotations

from datetime import date

from flask import Flask, render_template

from app.reporting import html_to_pdf
from app.tasks.files import output_url, save_job_output
from app.tasks.kinds import JobKind, JobOutcome, Report, register_kind
from app.tasks.models import Job
from cohorts.participants.exports import PARTICIPANTS_EXPORT, export_participants
from cohorts.reports.rendering import programme_report_context

PROGRAMME_PDF = "programme_pdf"


def build_programme_pdf(job: Job, report: Report) -> JobOutcome:
    """The same PDF `flask report programme` writes, kept as the job's output."""
    as_of = date.fromisoformat(job.parameters["as_of"])
    report(5, "Measuring every cohort's outcomes…")
    context = programme_report_context(as_of)
    report(50, f"Drawing the report ({len(context['cohorts'])} cohorts)…")
    pdf = html_to_pdf(render_template("reports/programme.html", **context))
    described = save_job_output(job, f"programme-report-{as_of}.pdf", pdf, "application/pdf")
    return JobOutcome(result={"file": described, "as_of": as_of.isoformat(), "cohorts": len(context["cohorts"])},
                      message="The programme report is ready to download.", output_url=output_url(job))


def register(app: Flask) -> None:
    """Their job pages offer the file (templates/jobs/show.html): no partial of their own."""
    register_kind(app, JobKind(PROGRAMME_PDF, "Programme report (PDF)", build_programme_pdf))
    register_kind(app, JobKind(PARTICIPANTS_EXPORT, "Participant list export", export_participants))
