"""Staff portal: the learning library (filters, pages, CSV in and out), adding and editing, and the review queue."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.forms import EmptyForm, refuse_change, show_rule_error
from app.reporting import table_response
from cohorts.errors import CohortRuleError
from cohorts.learning import queries, services, transfer
from cohorts.learning.forms import ImportForm, LibraryFilterForm, ResourceForm
from cohorts.learning.gaps import Stats
from cohorts.models import LearningResource


def _filters() -> tuple[LibraryFilterForm, queries.LibraryFilters]:
    form = LibraryFilterForm(request.args)
    form.validate()
    return form, queries.LibraryFilters(
        q="" if form.q.errors else form.q.data or "", status="" if form.status.errors else form.status.data or "",
        format="" if form.format.errors else form.format.data or "", free=bool(form.free.data),
        flagged=bool(form.flagged.data))


def library():
    form, filters = _filters()
    pagination, stats = queries.library_page(filters, request.args.get("page", 1, type=int))
    return render_template("cohorts/learning/library.html", form=form, pagination=pagination, stats=stats,
                           empty_stats=Stats(), action_form=EmptyForm())


def export_library():
    _, filters = _filters()
    return table_response(transfer.export_frame(*queries.library_rows(filters)), "learning-resources", "csv")


def new_resource():
    form = ResourceForm()
    if form.validate_on_submit():
        try:
            resource = services.add_resource(current_user, form.fields())
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"“{resource.title}” is in the library.", "success")
            return redirect(url_for(".learning_library"))
    return render_template("cohorts/learning/edit.html", form=form, resource=None), 422 if form.errors else 200


def edit_resource(resource_id: int):
    resource = get_or_404(LearningResource, resource_id)
    form = ResourceForm(obj=resource)
    if not form.is_submitted():
        form.skills.data = services.skill_levels_text(resource)
    if form.validate_on_submit():
        try:
            services.update_resource(current_user, resource, form.fields())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"“{resource.title}” is saved.", "success")
            return redirect(url_for(".learning_library"))
    return render_template("cohorts/learning/edit.html", form=form, resource=resource), 422 if form.errors else 200


def review_resource(resource_id: int, action: str):
    """approve, reject, retire or keep (clear a flag) — POST buttons on the library and the review queue."""
    resource = get_or_404(LearningResource, resource_id)
    if EmptyForm().validate_on_submit():
        try:
            if action == "keep":
                services.keep_resource(current_user, resource)
            else:
                services.review_resource(current_user, resource, action)
        except CohortRuleError as error:
            refuse_change(None, error)
        else:
            db.session.commit()
            flash(f"“{resource.title}”: {action} done.", "success")
    back = ".learning_review" if request.form.get("back") == "review" else ".learning_library"
    return redirect(url_for(back))


def review_queue():
    return render_template("cohorts/learning/review.html", action_form=EmptyForm(), **queries.review_queue())


def import_library():
    form, result = ImportForm(), None
    if form.validate_on_submit():
        try:
            result = transfer.import_resources(current_user, form.file.data.read())
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            if result.problems:
                db.session.rollback()
            else:
                db.session.commit()
                flash(f"{result.created} resource(s) imported, {len(result.skipped)} skipped.", "success")
    failed = bool(form.errors or (result and result.problems))
    return render_template("cohorts/learning/import.html", form=form, result=result), 422 if failed else 200
