"""Staff pages for the demand side: employers, contacts and discovery interviews.

Hiring needs and the demand board are in need_views.py; employers/urls.py lists the routes of both.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.forms import EmptyForm
from app.reporting import requested_format, table_response
from app.templating import badge, url_with_id
from employers import queries, services
from employers.crm import lists
from employers.crm.forms import CrmEmployerFilterForm
from employers.crm.page import render_employer_page
from employers.crm.queries import staff_choices
from employers.forms import ContactForm, EmployerForm, EmployerStatusForm, InterviewForm, answers_form
from employers.models import DiscoveryInterview, Employer, InterviewFormat
from employers.web import page_arg, run_service, skill_suggestions, valid_filters


def list_employers():
    form = CrmEmployerFilterForm(formdata=request.args, staff=staff_choices(), **lists.filter_options())
    filters = valid_filters(form)
    if fmt := requested_format():
        return table_response(queries.employers_frame(**filters), "employers", fmt)
    pagination, openings = lists.employers_page(page=page_arg(), **filters)
    return render_template("employers/staff/employers.html", form=form, pagination=pagination, openings=openings,
                           employer_url=url_with_id("employers_staff.employer_detail", "employer_id"), badge=badge)


def create_employer():
    form = EmployerForm()
    if form.validate_on_submit():
        fields = {name: form[name].data for name in services.EMPLOYER_FIELDS if name != "name"}
        employer = run_service(form, lambda: services.create_employer(current_user, name=form.name.data, **fields))
        if employer is not None:
            db.session.commit()
            flash(f"{employer.name} added.", "success")
            return redirect(url_for(".employer_detail", employer_id=employer.id))
    return render_template("employers/staff/employer_form.html", form=form, employer=None)


def employer_detail(employer_id: int):
    return render_employer_page(employer_id)


def edit_employer(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    form = EmployerForm(obj=employer)
    if form.validate_on_submit():
        fields = {name: form[name].data for name in services.EMPLOYER_FIELDS}
        if run_service(form, lambda: services.update_employer(employer, current_user, **fields)):
            db.session.commit()
            flash("Employer details saved.", "success")
            return redirect(url_for(".employer_detail", employer_id=employer.id))
    return render_template("employers/staff/employer_form.html", form=form, employer=employer)


def change_employer_status(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    form = EmployerStatusForm()
    if form.validate_on_submit():
        if run_service(form, lambda: services.change_employer_status(employer, form.status.data, current_user)):
            db.session.commit()
            flash(f"{employer.name} is now {employer.status.label.lower()}.", "success")
            return redirect(url_for(".employer_detail", employer_id=employer.id))
    flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for(".employer_detail", employer_id=employer.id))


def new_contact(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    form = ContactForm()
    if form.validate_on_submit():
        fields = {name: form[name].data for name in ("name", "email", "phone", "job_title", "is_primary")}
        if run_service(form, lambda: services.add_contact(employer, **fields)):
            db.session.commit()
            flash("Contact added.", "success")
            return redirect(url_for(".employer_detail", employer_id=employer.id))
    return render_template("employers/staff/contact_form.html", form=form, employer=employer)


# --- discovery interviews -----------------------------------------------------------------------


def start_interview(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    if EmptyForm().validate_on_submit():
        interview = services.start_interview(employer, current_user)
        db.session.commit()
        flash("Interview started" + (" from the employer's questionnaire answers." if interview.answers else "."),
              "success")
        return redirect(url_for(".edit_interview", interview_id=interview.id))
    abort(400)


def interview_detail(interview_id: int):
    interview = queries.interview_detail(interview_id) or abort(404)
    questions = services.bank_questions(interview.bank_version)
    answers = {a.question_id: a.answer for a in interview.answers}
    return render_template("employers/staff/interview_detail.html", interview=interview, questions=questions,
                           answers=answers, needs=queries.needs_from_interview(interview.id))


def edit_interview(interview_id: int):
    interview = queries.interview_detail(interview_id) or abort(404)
    if interview.format == InterviewFormat.questionnaire:
        abort(404)  # the employer's own answers are changed in their portal, not here
    questions = services.bank_questions(interview.bank_version)
    form = answers_form(questions, InterviewForm, obj=interview, data=_interview_data(interview))
    if form.validate_on_submit() and _save_interview(interview, form):
        db.session.commit()
        flash("Interview saved.", "success")
        return redirect(url_for(".interview_detail", interview_id=interview.id))
    return render_template("employers/staff/interview_form.html", form=form, interview=interview, questions=questions)


def _interview_data(interview: DiscoveryInterview) -> dict:
    data = {f"answer_{a.question.key}": a.answer for a in interview.answers}
    return data | {"pain_points": ", ".join(interview.pain_points or []), "complete": interview.status == "complete"}


def _save_interview(interview: DiscoveryInterview, form: InterviewForm) -> bool:
    return run_service(form, lambda: services.update_interview(
        interview, answers=form.answers(), held_on=form.held_on.data, format=form.format.data,
        attendees=form.attendees.data, summary=form.summary.data, pain_points=form.pain_point_tags(),
        complete=form.complete.data)) is not None


def need_from_answer(interview_id: int, key: str):
    interview = queries.interview_detail(interview_id) or abort(404)
    form = EmptyForm()
    need = run_service(form, lambda: services.need_from_answer(interview, key, current_user)) \
        if form.validate_on_submit() else None
    if need is None:
        flash(" ".join(form.form_errors) or "The form expired; please try again.", "error")
        return redirect(url_for(".interview_detail", interview_id=interview.id))
    db.session.commit()
    flash(f"Draft hiring need {need.ref} created from the answer. Check it and add its competencies.", "success")
    return redirect(url_for(".edit_hiring_need", need_id=need.id))


def skill_search():
    return skill_suggestions()


