"""Staff pages for the programme workbook: upload → check job (the preview) → confirm → import job.

No request reads the workbook: the upload is stored (app/uploads.py: in the database,
or UPLOAD_DIR) under a random token also kept in the user's session, and a "workbook_check" job
does the dry run. Its page (templates/jobs/show.html with cohorts/workbook/_check.html) shows the
progress, then the counts, new skills or problems, and the confirm button, which enqueues the
"workbook_import" job; only the person whose session holds the token can confirm it, once.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user

from app.access import get_or_404
from app.dates import local_today
from app.errors import RuleError
from app.extensions import db
from app.forms import EmptyForm
from app.models import Role
from app.security.requests import accepts_upload
from app.tasks import jobs
from app.tasks.models import Job
from app.uploads import read_upload
from cohorts.workbook import uploads
from cohorts.workbook.export import workbook_xlsx, workbook_zip
from cohorts.workbook.forms import UploadWorkbookForm
from cohorts.workbook.schema import SHEETS
from cohorts.workbook.services import confirm_check

UPLOAD_KEY = "workbook_upload"
#: the Job.kinds of the two steps (registered in cohorts/__init__.py)
CHECK_JOB, IMPORT_JOB = "workbook_check", "workbook_import"
EXPORTS = {
    "xlsx": (workbook_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "zip": (workbook_zip, "application/zip"),
}


def _own_check(job: Job) -> bool:
    return job.kind == CHECK_JOB and (job.started_by_id == current_user.id or current_user.role == Role.admin)


def _run(job: Job):
    """Hand a committed job to the queue and show its page (a queue that is down fails it, said so)."""
    try:
        jobs.dispatch(job)
    except jobs.QueueUnavailable as refusal:
        db.session.commit()
        flash(refusal.message, "error")
    return redirect(url_for("jobs.show_job", job_id=job.id))


@accepts_upload("WORKBOOK_MAX_BYTES")
def workbook():
    form = UploadWorkbookForm()
    if not form.validate_on_submit():
        return render_template("cohorts/workbook/index.html", form=form, sheets=SHEETS)
    uploads.discard_upload(session.pop(UPLOAD_KEY, None))  # a new upload replaces the waiting one
    upload = uploads.save_upload(form.workbook.data, current_user)
    job = jobs.enqueue_job(CHECK_JOB, current_user, {"token": upload.token, "filename": upload.filename})
    session[UPLOAD_KEY] = upload.token
    db.session.commit()
    return _run(job)


def workbook_import(job_id: int):
    check = get_or_404(Job, job_id, visible=_own_check)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        job = confirm_check(check, current_user, session.get(UPLOAD_KEY))
    except RuleError as refusal:
        flash(refusal.message, "error")
        return redirect(url_for(".workbook"))
    session.pop(UPLOAD_KEY)  # the upload is the job's now: it goes when the job succeeds
    db.session.commit()
    return _run(job)


def workbook_cancel(job_id: int):
    check = get_or_404(Job, job_id, visible=_own_check)
    if not EmptyForm().validate_on_submit():
        abort(400)
    if session.get(UPLOAD_KEY) == check.parameters.get("token"):
        uploads.discard_upload(session.pop(UPLOAD_KEY))
        db.session.commit()
        flash("The upload was removed: nothing was imported.", "success")
    return redirect(url_for(".workbook"))


def workbook_errors(job_id: int):
    check = get_or_404(Job, job_id, visible=_own_check)
    errors = uploads.find_errors(check.parameters.get("token"))
    data = read_upload(errors) if errors else None
    if data is None:
        abort(404)
    return Response(data, mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="workbook-errors.txt"'})


def workbook_export(fmt: str):
    if fmt not in EXPORTS:
        abort(404)
    build, mimetype = EXPORTS[fmt]
    filename = f"bridgework-workbook-{local_today().isoformat()}.{fmt}"
    return Response(build(), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
