"""Staff pages and buttons of the employer CRM; employers/crm/urls.py lists their routes."""

from __future__ import annotations

from datetime import UTC

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.dates import at_local_time, local_today
from app.extensions import db
from app.forms import EmptyForm
from app.models import User
from app.reporting import requested_format, table_response
from employers.crm import queries, services
from employers.crm.forms import ActivityFilterForm, ActivityForm, FollowUpForm, OwnerForm
from employers.crm.models import FollowUp
from employers.crm.page import render_timeline_page
from employers.forms import ContactForm
from employers.models import Contact, Employer
from employers.web import page_arg, run_service, valid_filters


def _back(employer_id: int, anchor: str = ""):
    return redirect(url_for("employers_staff.employer_detail", employer_id=employer_id) + anchor)


def _form_page(template: str, employer: Employer, form):
    """A CRM form's own page: blank, or posted with errors (422), the errors next to their fields."""
    return render_template(template, form=form, employer=employer), 422 if form.errors or form.form_errors else 200


def _flash_errors(form) -> None:
    flash(" ".join(e for errors in form.errors.values() for e in errors) or "The form expired; please try again.",
          "error")


def log_activity(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    form = ActivityForm(prefix="activity", contacts=[c for c in employer.contacts if c.archived_at is None])
    if form.validate_on_submit():
        when = at_local_time(form.day.data, form.at.data).astimezone(UTC)
        contact = db.session.get(Contact, form.contact_id.data) if form.contact_id.data else None
        if run_service(form, lambda: services.log_activity(employer, current_user, kind=form.kind.data,
                                                           occurred_at=when, notes=form.notes.data, contact=contact)):
            db.session.commit()
            flash("Activity logged.", "success")
            return _back(employer.id, "#activities")
    return _form_page("employers/staff/activity_form.html", employer, form)


def plan_follow_up(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    form = FollowUpForm(prefix="follow_up", staff=queries.staff_choices(), data={"owner_id": str(current_user.id)})
    if form.validate_on_submit():
        owner = db.session.get(User, int(form.owner_id.data))
        if run_service(form, lambda: services.plan_follow_up(employer, current_user, due_on=form.due_on.data,
                                                             text=form.text.data, owner=owner)):
            db.session.commit()
            flash("Follow-up planned.", "success")
            return _back(employer.id, "#follow-ups")
    return _form_page("employers/staff/follow_up_form.html", employer, form)


def complete_follow_up(follow_up_id: int):
    follow_up = get_or_404(FollowUp, follow_up_id)
    form = EmptyForm()
    if form.validate_on_submit() and run_service(form, lambda: services.complete_follow_up(follow_up, current_user)):
        db.session.commit()
        flash("Follow-up done.", "success")
    else:
        _flash_errors(form)
    if request.form.get("next") == "mine":
        return redirect(url_for("employers_staff.my_follow_ups"))
    return _back(follow_up.employer_id, "#follow-ups")


def set_owner(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    form = OwnerForm(prefix="owner", staff=queries.staff_choices(), data={"owner_id": str(employer.owner_id or "")})
    if form.validate_on_submit():
        owner = db.session.get(User, int(form.owner_id.data)) if form.owner_id.data else None
        if run_service(form, lambda: services.assign_owner(employer, owner, current_user)):
            db.session.commit()
            flash(f"Relationship manager: {owner.display_name if owner else 'nobody'}.", "success")
            return _back(employer.id)
    return _form_page("employers/staff/owner_form.html", employer, form)


def edit_contact(contact_id: int):
    contact = get_or_404(Contact, contact_id)
    form = ContactForm(obj=contact)
    if form.validate_on_submit():
        fields = {name: form[name].data for name in services.CONTACT_FIELDS}
        if run_service(form, lambda: services.update_contact(contact, current_user, **fields)):
            db.session.commit()
            flash("Contact saved.", "success")
            return _back(contact.employer_id, "#contacts")
    return render_template("employers/staff/contact_form.html", form=form, employer=contact.employer,
                           contact=contact), 422 if form.errors or form.form_errors else 200


def archive_contact(contact_id: int):
    contact = get_or_404(Contact, contact_id)
    form = EmptyForm()
    if form.validate_on_submit() and run_service(form, lambda: services.archive_contact(contact, current_user)):
        db.session.commit()
        flash(f"{contact.name} archived.", "success")
    else:
        _flash_errors(form)
    return _back(contact.employer_id, "#contacts")


def unarchive_contact(contact_id: int):
    contact = get_or_404(Contact, contact_id)
    form = EmptyForm()
    if form.validate_on_submit() and run_service(form, lambda: services.unarchive_contact(contact, current_user)):
        db.session.commit()
        flash(f"{contact.name} is a current contact again.", "success")
    else:
        _flash_errors(form)
    return _back(contact.employer_id, "#contacts")


def my_follow_ups():
    if fmt := requested_format():
        return table_response(queries.follow_ups_frame(current_user.id), "my-follow-ups", fmt)
    pagination = queries.my_follow_ups_page(current_user.id, page=page_arg())
    return render_template("employers/staff/my_follow_ups.html", pagination=pagination, today=local_today())


def list_activities():
    form = ActivityFilterForm(formdata=request.args)
    filters = valid_filters(form)
    if employer_id := request.args.get("employer_id", type=int):
        filters["employer_id"] = employer_id
    if fmt := requested_format():
        return table_response(queries.activities_frame(**filters), "activities", fmt)
    employer = db.session.get(Employer, employer_id) if employer_id else None
    if employer_id and employer is None:
        abort(404)
    pagination = queries.activities_page(page=page_arg(), **filters)
    return render_template("employers/staff/activities.html", form=form, pagination=pagination, employer=employer)


def employer_timeline(employer_id: int):
    return render_timeline_page(employer_id, page=page_arg())
