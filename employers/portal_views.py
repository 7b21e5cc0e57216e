"""The employer portal: a hiring partner's contacts see and change their own employer only.

Every record is loaded through ``_own`` so another employer's id answers 404.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import current_employer_id, get_or_404
from app.concurrency import version_ok
from app.extensions import db
from app.forms import EmptyForm
from app.reporting import requested_format, table_response
from app.skills.vocabulary import ESCO_ATTRIBUTION
from employers import queries, services
from employers.forms import (
    ContactForm,
    EmployerProfileForm,
    HiringNeedForm,
    QuestionnaireForm,
    answers_form,
    competencies_form,
)
from employers.models import Employer, HiringNeed, HiringNeedStatus, InterviewStatus
from employers.question_bank import current_bank_version
from employers.timeline import filled_openings
from employers.web import page_arg, resolve_competencies, run_service, skill_suggestions


def _own(record) -> bool:
    return record.employer_id == current_employer_id()


def _own_draft(need_id: int) -> HiringNeed:
    """The contact's own need, which must still be a draft to be changed."""
    need = queries.hiring_need_detail(need_id)
    if need is None or not _own(need):
        abort(404)
    if need.status != HiringNeedStatus.draft:
        flash(f"{need.ref} is {need.status.label.lower()}: ask the programme team to change it.", "info")
        abort(redirect(url_for(".hiring_need_detail", need_id=need.id)))
    return need


def home():
    summary = queries.employer_home_summary(current_employer_id())
    return render_template("employers/portal/home.html", **summary)


def profile():
    employer = queries.employer_detail(current_employer_id()) or abort(404)
    form = EmployerProfileForm(obj=employer)
    if form.validate_on_submit():
        fields = {name: form[name].data for name in ("sector", "size_band", "region", "website")}
        if run_service(form, lambda: services.update_employer(employer, current_user, **fields)):
            db.session.commit()
            flash("Your profile is saved.", "success")
            return redirect(url_for(".profile"))
    return render_template("employers/portal/profile.html", employer=employer, form=form)


def new_contact():
    employer = get_or_404(Employer, current_employer_id())
    form = ContactForm()
    if form.validate_on_submit():
        fields = {name: form[name].data for name in ("name", "email", "phone", "job_title", "is_primary")}
        if run_service(form, lambda: services.add_contact(employer, **fields)):
            db.session.commit()
            flash("Contact added.", "success")
            return redirect(url_for(".profile"))
    return render_template("employers/portal/contact_form.html", form=form, employer=employer)


def questionnaire():
    employer = get_or_404(Employer, current_employer_id())
    current = services.latest_questionnaire(employer.id)
    questions = services.bank_questions(current_bank_version())
    data = {f"answer_{a.question.key}": a.answer for a in current.answers} if current else {}
    form = answers_form(questions, QuestionnaireForm, data=data)
    if form.validate_on_submit():
        services.save_questionnaire(employer, current_user, form.answers(), send=form.send.data)
        db.session.commit()
        flash("Thank you: your answers are with the programme team." if form.send.data
              else "Your answers are saved. Send them when you are ready.", "success")
        return redirect(url_for(".questionnaire"))
    past = [i for i in queries.employer_interviews(employer.id)
            if i.status == InterviewStatus.complete and i.format != "questionnaire"]
    return render_template("employers/portal/questionnaire.html", form=form, questions=questions,
                           questionnaire=current, interviews=past)


def interview_detail(interview_id: int):
    interview = queries.interview_detail(interview_id)
    if interview is None or not _own(interview):
        abort(404)
    questions = services.bank_questions(interview.bank_version)
    return render_template("employers/portal/interview_detail.html", interview=interview, questions=questions,
                           answers={a.question_id: a.answer for a in interview.answers})


# --- hiring needs ------------------------------------------------------------------------------


def list_hiring_needs():
    if fmt := requested_format():
        return table_response(queries.hiring_needs_frame(employer_id=current_employer_id()), "hiring-needs", fmt)
    pagination = queries.hiring_needs_page(page=page_arg(), employer_id=current_employer_id())
    return render_template("employers/portal/hiring_needs.html", pagination=pagination,
                           filled=filled_openings([need.id for need in pagination.items]))


def create_hiring_need():
    employer = get_or_404(Employer, current_employer_id())
    form = HiringNeedForm(data={"region": employer.region} if request.method == "GET" else None)
    del form.ref  # references are given by the programme
    if form.validate_on_submit():
        need = run_service(form, lambda: services.create_hiring_need(
            employer, current_user, status=HiringNeedStatus.draft, **form.need_fields()))
        if need is not None:
            db.session.commit()
            flash(f"Draft {need.ref} saved. Now list the competencies the role needs.", "success")
            return redirect(url_for(".edit_competencies", need_id=need.id))
    return render_template("employers/portal/need_form.html", form=form, need=None)


def hiring_need_detail(need_id: int):
    need = queries.hiring_need_detail(need_id)
    if need is None or not _own(need):
        abort(404)
    return render_template("employers/portal/need_detail.html", need=need, filled=filled_openings([need.id]),
                           esco_attribution=ESCO_ATTRIBUTION)


def edit_hiring_need(need_id: int):
    need = _own_draft(need_id)
    form = HiringNeedForm(obj=need)
    del form.ref
    if form.validate_on_submit() and version_ok(form, need):
        if run_service(form, lambda: services.update_hiring_need(
                need, current_user, version=form.version.data or None, **form.need_fields())):
            db.session.commit()
            flash(f"{need.ref} saved.", "success")
            return redirect(url_for(".hiring_need_detail", need_id=need.id))
    return render_template("employers/portal/need_form.html", form=form, need=need)


def edit_competencies(need_id: int):
    need = _own_draft(need_id)
    form = competencies_form(need)
    if form.validate_on_submit() and (items := resolve_competencies(form)) is not None:
        if run_service(form, lambda: services.set_competencies(need, items)):
            db.session.commit()
            flash("Competencies saved.", "success")
            return redirect(url_for(".hiring_need_detail", need_id=need.id))
    return render_template("employers/portal/competencies.html", need=need, form=form,
                           esco_attribution=ESCO_ATTRIBUTION)


def submit_hiring_need(need_id: int):
    need = _own_draft(need_id)
    form = EmptyForm()
    if form.validate_on_submit() and run_service(form, lambda: services.submit_need_for_review(need, current_user)):
        db.session.commit()
        flash(f"{need.ref} is with the programme team for review.", "success")
    else:
        flash(" ".join(form.form_errors) or "The form expired; please try again.", "error")
    return redirect(url_for(".hiring_need_detail", need_id=need.id))


def skill_search():
    return skill_suggestions()

