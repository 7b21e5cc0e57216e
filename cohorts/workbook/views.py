"""Staff pages for the programme workbook: upload → preview → confirm, and the exports.

The dry run behind the preview writes nothing; the uploaded file waits in UPLOAD_DIR under a
random token that is also kept in the user's session, so only the person who previewed it can
confirm it. The confirm enqueues the import as a job (app.tasks): the browser goes to the job's
page, which shows its progress and then the counts or the problems (cohorts/workbook/_job.html).
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, session, url_for
from flask_login import current_user

from app.dates import local_today
from app.extensions import db
from app.security.requests import accepts_upload
from app.tasks import jobs
from cohorts.workbook import uploads
from cohorts.workbook.export import workbook_xlsx, workbook_zip
from cohorts.workbook.forms import ConfirmImportForm, UploadWorkbookForm
from cohorts.workbook.schema import SHEETS
from cohorts.workbook.services import import_workbook

UPLOAD_KEY = "workbook_upload"
#: the Job.kind of the confirm step (registered in cohorts/__init__.py)
IMPORT_JOB = "workbook_import"
#: errors listed on the preview page; all of them are in the downloadable list
SHOWN_ERRORS = 500
EXPORTS = {
    "xlsx": (workbook_xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "zip": (workbook_zip, "application/zip"),
}


def _preview(result, token: str, filename: str):
    if result.errors:
        uploads.save_errors(token, result.errors)
    return render_template("cohorts/workbook/preview.html", result=result, token=token,
                           filename=filename, confirm=ConfirmImportForm(token=token),
                           shown=SHOWN_ERRORS)


@accepts_upload("WORKBOOK_MAX_BYTES")
def workbook():
    form = UploadWorkbookForm()
    if form.validate_on_submit():
        uploads.discard_upload(session.pop(UPLOAD_KEY, None))
        token = session[UPLOAD_KEY] = uploads.save_upload(form.workbook.data)
        result = import_workbook(uploads.upload_path(token), dry_run=True)
        return _preview(result, token, form.workbook.data.filename)
    if not form.is_submitted():  # back here from a preview (its Cancel): the upload is dropped
        uploads.discard_upload(session.pop(UPLOAD_KEY, None))
    return render_template("cohorts/workbook/index.html", form=form, sheets=SHEETS)


def workbook_import():
    form = ConfirmImportForm()
    token = session.get(UPLOAD_KEY)
    path = uploads.upload_path(token) if form.validate_on_submit() and form.token.data == token else None
    if path is None:
        flash("That upload is no longer waiting: please upload the workbook again.", "error")
        return redirect(url_for(".workbook"))
    job = jobs.enqueue_job(IMPORT_JOB, current_user, {"token": token, "filename": path.name})
    session.pop(UPLOAD_KEY)  # the upload is the job's now: it goes when the job succeeds
    db.session.commit()
    try:
        jobs.dispatch(job)
    except jobs.QueueUnavailable as refusal:
        db.session.commit()
        flash(refusal.message, "error")
    return redirect(url_for("jobs.show_job", job_id=job.id))


def workbook_errors():
    token = session.get(UPLOAD_KEY)
    path = uploads.errors_path(token) if token else None
    if path is None or not path.exists():
        abort(404)
    return Response(path.read_bytes(), mimetype="text/plain; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="workbook-errors.txt"'})


def workbook_export(fmt: str):
    if fmt not in EXPORTS:
        abort(404)
    build, mimetype = EXPORTS[fmt]
    filename = f"bridgework-workbook-{local_today().isoformat()}.{fmt}"
    return Response(build(), mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
