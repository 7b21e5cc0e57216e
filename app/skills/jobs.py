"""The ESCO import as a job: an admin uploads the two zips, a worker imports them with progress."""

from __future__ import annotations

from dataclasses import asdict

from flask import Flask

from app.skills.esco_import import EscoImportError, import_esco
from app.skills.vocabulary import ESCO_ATTRIBUTION
from app.tasks.files import discard_job_files, job_inputs
from app.tasks.kinds import JobFailed, JobKind, JobOutcome, Report, register_kind
from app.tasks.models import Job

ESCO_IMPORT = "esco_import"
#: the per cent reached as import_esco announces each step: reading, skills, occupations, relations
STEP_PERCENTS = (5, 25, 50, 70)


def import_esco_job(job: Job, report: Report) -> JobOutcome:
    """Upsert ESCO from the uploaded zips in the job's one transaction; a bad download is refused whole."""
    percents = iter(STEP_PERCENTS)

    def echo(message: str) -> None:
        report(next(percents, 90), message)

    with job_inputs(job.parameters["files"]) as paths:
        if paths is None:
            raise JobFailed("The uploaded files are no longer kept: upload the ESCO zips again.")
        try:
            result = import_esco(paths, echo=echo)
        except EscoImportError as exc:
            raise JobFailed(f"{exc} Nothing was imported.") from exc
    return JobOutcome(
        result=asdict(result),
        message=f"ESCO imported: {result.skills_added:,} skills and {result.occupations_added:,} occupations "
                f"added, {result.skills_updated + result.occupations_updated:,} updated. {ESCO_ATTRIBUTION}"[:300],
    )


def discard_inputs(job: Job) -> None:
    """After the import is committed the zips have served; a failed job keeps them for a retry (until they expire)."""
    discard_job_files(*job.parameters.get("files", ()))


def register(app: Flask) -> None:
    register_kind(app, JobKind(ESCO_IMPORT, "ESCO import", import_esco_job, template="admin/_esco_job.html",
                               after_done=discard_inputs))
