"""Staff pages for placement: matching, candidacy boards, placements and retention checks."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from app.access import get_or_404
from app.concurrency import version_ok
from app.dates import local_today
from app.extensions import db
from app.forms import EmptyForm, refuse_change, show_rule_error
from app.reporting import requested_format, table_response
from app.templating import badge, html_text, url_with_id
from cohorts.errors import CohortRuleError
from cohorts.models import Candidacy, CandidacyStage, Cohort, Participant, Placement, RetentionCheck
from cohorts.placements import employer_sections, exports, queries
from cohorts.placements.corrections import CORRECTABLE, correct_placement, void_placement
from cohorts.placements.forms import (
    PlacementCorrectionForm,
    PlacementFilterForm,
    PlacementForm,
    RetentionCheckForm,
    VoidPlacementForm,
    hire_terms,
)
from cohorts.placements.matching import MatchRow, matching_page, rank_needs_for_participant
from cohorts.placements.services import introduce, record_placement, record_retention_check, shortlist
from employers.models import Employer, HiringNeed


def _need(need_id: int) -> HiringNeed:
    need = queries.need_for_matching(need_id)
    return need if need is not None else get_or_404(HiringNeed, need_id)


def match_need(need_id: int):
    page = matching_page(need_id) or abort(404)
    return render_template("cohorts/placements/matching.html", **page, ranking=_ranking(page["rows"], need_id))


def _ranking(rows: list[MatchRow], need_id: int) -> Markup:
    """The ranking's table rows, written here and not by a Jinja loop (~9 µs a row less): one csrf token and
    one url_for per kind of link for all rows; the Introduce form is macros/forms.html's post_button."""
    shortlist_url = url_with_id(".shortlist_candidate", "participant_id", need_id=need_id)
    introduce_url = url_with_id(".introduce_candidate", "candidacy_id")
    token = html_text(generate_csrf())
    lines = []
    for rank, (fit, person, candidacy) in enumerate(rows, 1):
        name = html_text(person.full_name)
        if candidacy is None:
            action = (f'        <form method="post" action="{html_text(shortlist_url(person.id))}" class="inline-form">'
                      f'<input type="hidden" name="csrf_token" value="{token}"><button type="submit" '
                      f'class="button button--secondary">Shortlist {name}</button></form>\n')
        else:
            action = f"        {badge(candidacy.stage)}\n"
            if candidacy.stage == CandidacyStage.shortlisted:
                action += (f'          <form method="post" action="{html_text(introduce_url(candidacy.id))}" '
                           f'class="inline-form">\n<input type="hidden" name="csrf_token" value="{token}">  '
                           f'<button type="submit" class="button">Introduce {name}</button>\n</form>\n\n')
        gap = (f' <strong class="gap">Missing must-haves: {html_text(", ".join(fit.missing_musts))}</strong>'
               if fit.missing_musts else "")
        lines.append(f"<tr>\n    <td>{rank}</td>\n    <td>{name}</td>\n    <td>{fit.percent}%</td>\n"
                     f"    <td>{html_text(fit.reasons)}{gap}</td>\n"
                     f"    <td>{'Given' if person.consent_to_share else 'Not given'}</td>\n"
                     f"    <td>\n{action}    </td>\n  </tr>")
    return Markup("\n  ".join(lines))


def shortlist_candidate(need_id: int, participant_id: int):
    need = get_or_404(HiringNeed, need_id)
    participant = get_or_404(Participant, participant_id)
    if EmptyForm().validate_on_submit():
        try:
            shortlist(need, participant, current_user)
        except CohortRuleError as error:
            show_rule_error(None, error)
        else:
            db.session.commit()
            flash(f"{participant.full_name} is shortlisted for {need.ref}.", "success")
    return redirect(url_for(".match_need", need_id=need.id))


def introduce_candidate(candidacy_id: int):
    candidacy = get_or_404(Candidacy, candidacy_id)
    if EmptyForm().validate_on_submit():
        try:
            introduce(candidacy, current_user)
        except CohortRuleError as error:
            show_rule_error(None, error)
        else:
            db.session.commit()
            flash(f"{candidacy.participant.full_name} is introduced to "
                  f"{candidacy.hiring_need.employer.name}.", "success")
    return redirect(url_for(".match_need", need_id=candidacy.hiring_need_id))


def need_board(need_id: int):
    need = _need(need_id)
    board = queries.need_board(need.id)
    if fmt := requested_format():
        return table_response(exports.board_frame(board), f"{need.ref}-candidacies", fmt)
    return render_template("cohorts/placements/board.html", need=need, cohort=None, board=board)


def cohort_board(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    board = queries.cohort_board(cohort.id)
    if fmt := requested_format():
        return table_response(exports.board_frame(board), f"{cohort.code}-candidacies", fmt)
    return render_template("cohorts/placements/board.html", need=None, cohort=cohort, board=board,
                           needs=queries.cohort_needs(cohort.id))


def participant_matches(participant_id: int):
    participant = get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)
    fits = rank_needs_for_participant(participant)
    needs = queries.needs_by_id([fit.hiring_need_id for fit in fits])
    return render_template("cohorts/placements/participant_matches.html", participant=participant,
                           fits=fits, needs=needs)


def list_placements():
    cohorts, employers = queries.filter_choices()
    form = PlacementFilterForm(request.args, cohorts=cohorts, employers=employers)
    form.validate()
    filters = queries.PlacementFilters(
        cohort_id=None if form.cohort.errors else form.cohort.data,
        employer_id=None if form.employer.errors else form.employer.data,
        q=form.q.data or "",
    )
    if fmt := requested_format():
        return table_response(exports.placements_frame(filters), "placements", fmt)
    pagination = queries.placements_page(filters, request.args.get("page", 1, type=int),
                                         current_app.config["ITEMS_PER_PAGE"])
    return render_template("cohorts/placements/list.html", form=form, pagination=pagination)


def employer_candidates(employer_id: int):
    """Every candidate introduced to an employer, a page at a time (its page lists the latest)."""
    employer = get_or_404(Employer, employer_id)
    pagination = employer_sections.employer_candidates_page(
        employer.id, request.args.get("page", 1, type=int), current_app.config["ITEMS_PER_PAGE"])
    return render_template("cohorts/staff/employer_candidates.html", employer=employer, pagination=pagination,
                           participant_url=url_with_id(".participant_detail", "participant_id"), badge=badge)


def employer_placements(employer_id: int):
    """Every standing placement with an employer, a page at a time (its page lists the latest)."""
    employer = get_or_404(Employer, employer_id)
    pagination = employer_sections.employer_placements_page(
        employer.id, request.args.get("page", 1, type=int), current_app.config["ITEMS_PER_PAGE"])
    return render_template("cohorts/staff/employer_placements.html", employer=employer, pagination=pagination,
                           placement_url=url_with_id(".placement_detail", "placement_id"))


def placement_detail(placement_id: int, void_form: VoidPlacementForm | None = None, status: int = 200):
    placement = queries.placement_detail(placement_id)
    if placement is None:
        abort(404)
    forms = {check.id: RetentionCheckForm(prefix=f"check{check.id}") for check in placement.retention_checks}
    return render_template("cohorts/placements/detail.html", placement=placement, forms=forms,
                           void_form=void_form or VoidPlacementForm(prefix="void"),
                           today=local_today(placement.cohort.time_zone)), status


def correct_placement_view(placement_id: int):
    placement = queries.placement_detail(placement_id) or abort(404)
    if placement.is_void:
        abort(404)
    form = PlacementCorrectionForm(obj=placement, record=placement, programme=placement.cohort.programme)
    if form.validate_on_submit() and version_ok(form, placement):
        fields = {name: getattr(form, name).data for name in CORRECTABLE}
        try:
            correct_placement(placement, current_user, **fields)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Placement {placement.ref} is corrected.", "success")
            return redirect(url_for(".placement_detail", placement_id=placement.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cohorts/placements/correct.html", placement=placement, form=form), status


def hire_candidate(candidacy_id: int):
    """Staff record a hire the employer told them about: the same form and rules as the employer's."""
    candidacy = queries.candidacy_for_hire(candidacy_id) or abort(404)
    form = PlacementForm(prefix="hire", programme=candidacy.cohort.programme if candidacy.cohort else None)
    if form.validate_on_submit():
        try:
            placement = record_placement(candidacy, actor=current_user, **hire_terms(form))
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{candidacy.participant.full_name} is hired: placement {placement.ref} is recorded.", "success")
            return redirect(url_for(".placement_detail", placement_id=placement.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cohorts/placements/hire.html", candidacy=candidacy, form=form), status


def void_placement_view(placement_id: int):
    placement = get_or_404(Placement, placement_id)
    form = VoidPlacementForm(prefix="void")
    if form.validate_on_submit():
        try:
            void_placement(placement, form.reason.data, current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Placement {placement.ref} is voided: it no longer counts anywhere.", "success")
            return redirect(url_for(".placement_detail", placement_id=placement.id))
    return placement_detail(placement_id, void_form=form, status=422)


def record_retention(check_id: int):
    check = get_or_404(RetentionCheck, check_id)
    form = RetentionCheckForm(prefix=f"check{check.id}")
    if form.validate_on_submit():
        try:
            record_retention_check(
                check, still_employed=form.still_employed.data, checked_on=form.checked_on.data,
                same_employer=form.same_employer.data, notes=form.notes.data or "", actor=current_user,
            )
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"The {check.day_mark}-day check is recorded.", "success")
            return redirect(url_for(".placement_detail", placement_id=check.placement_id))
    placement = queries.placement_detail(check.placement_id)
    forms = {c.id: (form if c.id == check.id else RetentionCheckForm(prefix=f"check{c.id}"))
             for c in placement.retention_checks}
    return render_template("cohorts/placements/detail.html", placement=placement, forms=forms,
                           void_form=VoidPlacementForm(prefix="void"),
                           today=local_today(placement.cohort.time_zone)), 422


def retention_due():
    mine = request.args.get("mine") == "1"
    coach_id = current_user.id if mine else None
    if fmt := requested_format():
        lists = queries.retention_lists(local_today(), coach_id=coach_id, limit=None)
        return table_response(exports.retention_checks_frame(lists), "retention-checks", fmt)
    lists = queries.retention_lists(local_today(), coach_id=coach_id)
    return render_template("cohorts/placements/retention.html", lists=lists, mine=mine,
                           grace=queries.GRACE_DAYS)
