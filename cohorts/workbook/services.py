"""Import and export the programme workbook (docs/WORKBOOK.md); flushes, never commits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy.exc import SQLAlchemyError

from app.audit import record_audit
from app.extensions import db
from app.models import User
from app.tasks import jobs
from app.tasks.kinds import JobFailed, JobOutcome, Report
from app.tasks.models import Job, JobState
from app.tasks.statistics import analyze
from cohorts.errors import CohortRuleError
from cohorts.search.index import merge_segments
from app.uploads import find_upload, local_copy
from cohorts.workbook import uploads
from cohorts.workbook.errors import WorkbookError, sorted_errors
from cohorts.workbook.plan import make_plan
from cohorts.workbook.reader import read_workbook
from cohorts.workbook.snapshot import Snapshot, default_salary_range, programme_salary_ranges, programme_zones
from cohorts.workbook.validate import check_placement_terms, localise_session_times, validate
from cohorts.workbook.writer import Progress, Writer


@dataclass
class ImportResult:
    #: sheet (and "programmes", "skills") → {"created", "updated", "unchanged"}
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    errors: list[WorkbookError] = field(default_factory=list)
    dry_run: bool = False
    #: labels not in the skill vocabulary, which the import adds (shown before it is confirmed)
    new_skills: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def written(self) -> bool:
        return self.ok and not self.dry_run

    def total(self, what: str) -> int:
        return sum(c[what] for c in self.counts.values())


def import_workbook(
    path: str | Path,
    *,
    dry_run: bool = False,
    progress: Progress | None = None,
    max_bytes: int | None = None,
    actor: User | None = None,
    name: str | None = None,
) -> ImportResult:
    """Check the whole workbook, then write all of it in one savepoint, or nothing.

    With ``dry_run`` (or any error) nothing is written and the counts say what would change.
    ``name`` is the file's name for the audit record (an upload's, not its temporary copy's).
    """
    report = progress or (lambda stage, done, total: None)
    limit = max_bytes or current_app.config["WORKBOOK_MAX_BYTES"]
    report("reading", 0, 1)
    raw = read_workbook(path, max_bytes=limit)
    report("checking", 0, 1)
    snapshot = Snapshot()
    deployment_zone = ZoneInfo(current_app.config["LOCAL_TIMEZONE"])
    parsed = validate(raw, snapshot.keys, deployment_zone)
    localise_session_times(parsed, deployment_zone, cohort_zones(parsed, snapshot, deployment_zone))
    if "placements" in parsed.frames:
        check_placement_terms(parsed, snapshot.frame("enrolments"), programme_salary_ranges(),
                              snapshot.frame("cohorts"), default_salary_range())
    result = ImportResult(errors=sorted_errors(parsed.errors), dry_run=dry_run)
    if result.errors:
        return result
    report("comparing", 0, 1)
    plan = make_plan(parsed, snapshot)
    result.counts = plan.counts()
    result.new_skills = sorted(plan.new_skills.values(), key=str.lower)
    if dry_run:
        return result
    try:
        with db.session.begin_nested():
            Writer(plan, snapshot, progress).apply()
            if result.total("created") or result.total("updated"):
                record_audit(actor, "workbook", name or Path(path).name, "imported",
                             {name: [c["created"], c["updated"]] for name, c in result.counts.items()})
    except SQLAlchemyError as exc:
        db.session.expire_all()
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        result.errors = [WorkbookError.at("workbook", None, None,
                                          f"the database refused the import, nothing was written ({reason})")]
    return result


#: errors a job keeps for its page (the count says how many there were in all; a check keeps them all
#: in a downloadable list)
JOB_ERRORS_KEPT = 500
#: (share of the bar a stage starts at, its line) for import_workbook's stages before the writing
STAGES = {"reading": (2, "Reading the workbook…"), "checking": (10, "Checking every row…"),
          "comparing": (13, "Comparing with what is recorded…")}
#: the same stages when only checking (the check job): no writing follows, so they share the bar
CHECK_STAGES = {"reading": (5, "Reading the workbook…"), "checking": (30, "Checking every row…"),
                "comparing": (75, "Comparing with what is recorded…")}
GONE = "The uploaded workbook is no longer waiting (uploads are kept 24 hours): upload it again."


def check_job(job: Job, report: Report) -> JobOutcome:
    """The upload's dry run as a job: what the import would change, or every problem (the preview)."""
    upload = find_upload(job.parameters.get("token"))
    if upload is None:
        raise JobFailed(GONE)
    with local_copy(upload) as path:
        result = import_workbook(path, dry_run=True,
                                 progress=lambda stage, done, total: report(*CHECK_STAGES[stage]))
    summary = {"filename": upload.filename, "counts": result.counts, "new_skills": result.new_skills,
               "errors": [error_row(e) for e in result.errors[:JOB_ERRORS_KEPT]],
               "error_count": len(result.errors),
               "changes": result.total("created") + result.total("updated")}
    if result.errors:
        uploads.save_errors(upload, [str(e) for e in result.errors])
        return JobOutcome(result=summary, message=f"Checked: {plural(len(result.errors), 'problem')}.")
    return JobOutcome(result=summary, message="Checked: the workbook is valid."
                      if summary["changes"] else "Checked: nothing new.")


def after_check(job: Job) -> None:
    """A workbook with problems cannot be confirmed: it goes now; its problem list stays (24 hours)."""
    if job.result and job.result.get("error_count"):
        uploads.discard_upload(job.parameters.get("token"), keep_errors=True)


def confirm_check(check: Job, started_by: User, token: str | None) -> Job:
    """Enqueue the import of a checked upload; ``token`` is the upload the session is waiting on."""
    upload = find_upload(token) if token == check.parameters.get("token") else None
    valid = check.state == JobState.done and check.result and not check.result.get("error_count")
    if upload is None or not valid:
        raise CohortRuleError("That upload is no longer waiting: please upload the workbook again.")
    return jobs.enqueue_job("workbook_import", started_by,
                            {"token": upload.token, "filename": upload.filename, "check_job_id": check.id})


def import_job(job: Job, report: Report) -> JobOutcome:
    """The confirm step's job: import the waiting upload named by ``job.parameters["token"]``."""
    upload = find_upload(job.parameters.get("token"))
    if upload is None:
        raise JobFailed(GONE)
    actor = db.session.get(User, job.started_by_id) if job.started_by_id else None
    with local_copy(upload) as path:
        result = import_workbook(path, progress=import_progress(report), actor=actor, name=upload.filename)
    if not result.ok:  # the database changed since the preview, or refused the writes
        raise JobFailed(f"{plural(len(result.errors), 'problem')} found: nothing was imported.",
                        result={"errors": [error_row(e) for e in result.errors[:JOB_ERRORS_KEPT]],
                                "error_count": len(result.errors)})
    analyze(db.session.connection())  # bulk writes: fresh planner statistics, committed with them
    merge_segments(db.session.connection())  # and the search index in one segment
    return JobOutcome(result={"counts": result.counts},
                      message=f"Workbook imported: {result.total('created'):,} created, "
                              f"{result.total('updated'):,} updated.")


def plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def error_row(error: WorkbookError) -> dict:
    return {"sheet": error.sheet, "row": None if error.row is None else int(error.row),
            "column": error.column, "message": error.message}


def import_progress(report: Report) -> Progress:
    """import_workbook's (stage, done, total) as a per cent: reading and checking, then 15–99 % writing."""

    def progress(stage: str, done: int, total: int) -> None:
        if stage in STAGES:
            report(*STAGES[stage])
        else:
            report(15 + 84 * done // max(total, 1), f"Writing {stage}: {done:,} of {total:,} rows…")

    return progress


def discard_job_upload(job: Job) -> None:
    uploads.discard_upload(job.parameters.get("token"))


def cohort_zones(parsed, snapshot: Snapshot, default: ZoneInfo) -> Callable[[str], ZoneInfo]:
    """A cohort code's zone: its programme's, from the database or (new) the default a programme gets."""
    zones = programme_zones()
    programme_of: dict[str, str] = {}
    for source in (snapshot.frame("cohorts"), parsed.frames.get("cohorts")):
        if source is not None and len(source) and "programme" in source:
            programme_of.update(zip(source["code"], source["programme"]))
    return lambda code: ZoneInfo(zones[programme_of[code]]) if programme_of.get(code) in zones else default


def export_workbook(path: str | Path) -> Path:
    """Write every sheet to ``path``: an .xlsx file, or a folder of CSV files otherwise."""
    from cohorts.workbook.export import workbook_csv_files, workbook_xlsx

    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(workbook_xlsx())
    else:
        path.mkdir(parents=True, exist_ok=True)
        for name, data in workbook_csv_files().items():
            (path / name).write_bytes(data)
    return path
