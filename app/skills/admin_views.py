"""The admin's ESCO import page: upload the two zips, and a job imports them (its page shows progress)."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.access import AdminOnly, guard_blueprint
from app.security.requests import accepts_upload
from app.skills.forms import EscoImportForm
from app.skills.jobs import ESCO_IMPORT
from app.tasks.files import save_job_input
from app.tasks.web import run_as_job


@accepts_upload("ESCO_MAX_BYTES")
def esco_import():
    form = EscoImportForm()
    if form.validate_on_submit():
        stored = [save_job_input(form.classification.data, ".zip"), save_job_input(form.relations.data, ".zip")]
        return run_as_job(ESCO_IMPORT, {"files": stored, "names": [form.classification.data.filename,
                                                                     form.relations.data.filename]})
    return render_template("admin/esco_import.html", form=form)


def build() -> Blueprint:
    """A fresh blueprint per app (tests build several), for admins only."""
    bp = guard_blueprint(Blueprint("skills_admin", __name__, url_prefix="/admin/skills"), AdminOnly)
    bp.add_url_rule("/esco", view_func=esco_import, methods=["GET", "POST"])
    return bp
