"""Staff pages: participants, their intake, case notes and consent."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from app.access import get_or_404
from app.concurrency import version_ok
from app.dates import local_today
from app.extensions import db
from app.forms import EmptyForm, show_rule_error
from app.models import User
from app.pagination import Cursor
from app.reporting import requested_format, table_response
from app.tasks.web import export_wants_job, run_as_job
from app.templating import badge, format_date, format_money, html_text, humanize, url_with_id
from cohorts.errors import CohortRuleError
from cohorts.models import Participant
from cohorts.participants import exports, queries
from cohorts.participants.forms import CaseNoteForm, ParticipantFilterForm, ParticipantForm
from cohorts.participants.services import add_case_note, assign_coach, create_participant, set_consent, update_intake


def _coach(coach_id: int | None) -> User | None:
    return db.session.get(User, coach_id) if coach_id else None


def _participant(participant_id: int) -> Participant:
    return get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)


def list_participants():
    form = ParticipantFilterForm(request.args, cohorts=queries.cohort_choices(), coaches=queries.coach_choices())
    form.validate()
    filters = {"search": form.q.data or "", "cohort_id": form.cohort.data if not form.cohort.errors else None,
               "coach_id": form.coach.data if not form.coach.errors else None, "consent": form.consent.data or ""}
    if fmt := requested_format():
        if export_wants_job(lambda: exports.participants_count(**filters)):
            return run_as_job(exports.PARTICIPANTS_EXPORT, {"filters": filters, "format": fmt})
        return table_response(exports.participants_frame(**filters), "participants", fmt)
    page = queries.participants_page(
        **filters, cursor=Cursor.from_args(request.args), per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("cohorts/participants/list.html", form=form, page=page)


def new_participant():
    form = ParticipantForm(coaches=queries.coach_choices())
    if form.validate_on_submit():
        try:
            participant = create_participant(current_user, coach=_coach(form.coach_id.data), **form.intake())
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"{participant.full_name} is added.", "success")
            return redirect(url_for(".participant_detail", participant_id=participant.id))
    return render_template("cohorts/participants/form.html", form=form, participant=None)


def participant_detail(participant_id: int):
    detail = queries.participant_detail(participant_id, current_user, local_today()) or abort(404)
    # the form only for who may write a note (a form built for nothing cost ~0.1 ms of a view)
    return render_template("cohorts/participants/detail.html", rows=_record_rows(detail),
                           note_form=CaseNoteForm() if detail["may_write_notes"] else None, **detail)


def _record_rows(detail: dict) -> dict[str, Markup]:
    """The record page's longest rows written in Python, each as its template's loop wrote it (the loops' calls
    and look-ups per cell cost ~0.2 ms of the page): skills progress, the work history's jobs and salaries, and
    the placements with their retention checks. Every text is escaped as the templates would."""
    amounts: dict[tuple, str] = {}

    def money(value: int, currency: str | None = None) -> str:  # babel's ~35 µs once per amount and currency
        if (value, currency) not in amounts:
            amounts[value, currency] = html_text(format_money(value, currency))
        return amounts[value, currency]

    history = detail["work_history"]
    return {"skills": _skills_rows(detail["progress"]), "jobs": _jobs_rows(history["jobs"], money),
            "salaries": Markup("".join(
                f"    <tr><td>{html_text(point.placement_ref)}</td><td>"
                f"{'Start' if point.week == 0 else f'Week {point.week}'}"
                f"{f' ({format_date(point.reported_on)})' if point.reported_on else ''}</td>"
                f"<td>{money(point.annual_salary, point.currency or None)}</td></tr>\n" for point in history["salaries"])),
            "placements": _placements_markup(detail["placements"], money)}


def _skills_rows(progress: list) -> Markup:
    """templates/cohorts/participants/_skills.html's rows (the PDF keeps that loop)."""
    shown = []
    for row in progress:
        meets, gain = row.meets_demand, row.gain
        gained = "—" if gain is None else format(gain, "+d")
        against = ("—" if meets is None else '<span class="covered">Meets it</span>' if meets
                   else f'<span class="partial">{row.demanded_level - row.latest} below</span>')
        shown.append(f'  <tr>\n    <th scope="row">{html_text(row.skill.label)}</th>\n'
                     f'    <td class="num">{"—" if row.baseline is None else row.baseline}</td>\n'
                     f'    <td class="num">{"—" if row.exit is None else row.exit}</td>\n'
                     f'    <td class="num">{gained}</td>\n'
                     f'    <td class="num">{row.demanded_level or "—"}</td>\n    <td>{against}</td>\n  </tr>\n')
    return Markup("".join(shown))


def _jobs_rows(jobs: list, money) -> Markup:
    """templates/cohorts/placements/_work_history.html's rows of jobs."""
    end_url = url_with_id("cohorts_staff.end_placement_view", "placement_id")
    edit_url = url_with_id("cohorts_staff.edit_later_job", "job_id")
    shown = []
    for job in jobs:
        if job.placement_id:
            kind = html_text(f"placement {job.placement_ref}")
            action = (f'<a href="{html_text(end_url(job.placement_id))}">'
                      f'{"Change the end" if job.ended_on else "End this job"}'
                      f'<span class="visually-hidden"> ({html_text(job.placement_ref)})</span></a>')
        else:
            kind = "later job"
            action = (f'<a href="{html_text(edit_url(job.later_job_id))}">Change or end'
                      f'<span class="visually-hidden"> ({html_text(job.role_title)})</span></a>')
        ended = (f"{format_date(job.ended_on)} ({html_text(humanize(job.end_reason))})" if job.ended_on
                 else "still in it")
        salary = money(job.annual_salary, job.currency or None) if job.annual_salary else "—"
        shown.append(f"    <tr>\n      <td>{html_text(job.role_title)} ({kind})</td>\n"
                     f"      <td>{html_text(job.employer_name)}</td>\n      <td>{format_date(job.started_on)}</td>\n"
                     f"      <td>{ended}</td>\n      <td>{salary}</td>\n      <td>{action}</td>\n    </tr>\n")
    return Markup("".join(shown))


def _placements_markup(placements: list, money) -> Markup:
    """The placements section's cards with their retention checks (templates/cohorts/participants/detail.html)."""
    placement_url = url_with_id("cohorts_staff.placement_detail", "placement_id")
    shown = []
    for pl in placements:
        salary = f" · {money(pl.annual_salary)} a year" if pl.annual_salary else ""
        shown.append(f'<section class="card" aria-labelledby="placement-{pl.id}">\n'
                     f'  <h3 id="placement-{pl.id}"><a href="{html_text(placement_url(pl.id))}">'
                     f"{html_text(pl.role_title)} at {html_text(pl.employer_name)}</a></h3>\n"
                     f"  <p>Started {format_date(pl.start_date)}{salary}</p>\n")
        if pl.retention_checks:
            shown.append("  <ul>\n")
            shown.extend(f"    <li>Day {rc.day_mark} check, due {format_date(rc.due_on)}: "
                         f"{f'{badge(rc.still_employed)} on {format_date(rc.checked_on)}' if rc.checked_on else 'not yet recorded'}"
                         "</li>\n" for rc in pl.retention_checks)
            shown.append("  </ul>\n")
        shown.append("</section>\n")
    return Markup("".join(shown))


def edit_intake(participant_id: int):
    participant = _participant(participant_id)
    form = ParticipantForm(obj=participant, coaches=queries.coach_choices())
    if form.validate_on_submit() and version_ok(form, participant):
        try:
            update_intake(participant, current_user, **form.intake())
            assign_coach(participant, _coach(form.coach_id.data), current_user)
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash("Intake saved.", "success")
            return redirect(url_for(".participant_detail", participant_id=participant.id))
    return render_template("cohorts/participants/form.html", form=form, participant=participant)


def add_note(participant_id: int):
    participant = _participant(participant_id)
    form = CaseNoteForm()
    if not form.validate_on_submit():
        flash(" ".join(form.body.errors) or "The note could not be saved.", "error")
    else:
        try:
            add_case_note(participant, current_user, form.body.data)
        except CohortRuleError as error:
            show_rule_error(None, error)
        else:
            db.session.commit()
            flash("Note added.", "success")
    return redirect(url_for(".participant_detail", participant_id=participant.id, _anchor="case-notes"))


def record_consent(participant_id: int, action: str):
    """Staff record consent the participant gave or withdrew in person (audited as theirs)."""
    participant = _participant(participant_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    set_consent(participant, action == "give", current_user)
    db.session.commit()
    flash("Consent to share recorded as " + ("given." if action == "give" else "withdrawn."), "success")
    return redirect(url_for(".participant_detail", participant_id=participant.id, _anchor="consent"))
