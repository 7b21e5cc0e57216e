"""Employer portal: candidates introduced to the employer, stage moves and hires."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import current_employer_id, get_or_404
from app.concurrency import version_ok
from app.extensions import db
from app.forms import show_rule_error
from app.reporting import requested_format, table_response
from cohorts.documents.responses import document_response
from cohorts.documents.services import cv_for_employer
from cohorts.errors import CohortRuleError
from cohorts.models import Candidacy
from cohorts.placements import exports, queries
from cohorts.placements.forms import MoveCandidacyForm, PlacementForm, hire_terms
from cohorts.placements.matching import rank_candidates
from cohorts.placements.services import EMPLOYER_MOVES, TRANSITIONS, move_candidacy, record_placement


def _candidacy(candidacy_id: int) -> Candidacy:
    employer_id = current_employer_id()
    return get_or_404(Candidacy, candidacy_id, visible=lambda c: queries.employer_can_see(c, employer_id))


def _move_form(candidacy: Candidacy, **kwargs) -> MoveCandidacyForm:
    stages = [s for s in EMPLOYER_MOVES if s in TRANSITIONS[candidacy.stage]]
    return MoveCandidacyForm(stages=stages, prefix="move", record=candidacy, **kwargs)


def _hire_form(candidacy: Candidacy) -> PlacementForm:
    return PlacementForm(prefix="hire", programme=candidacy.cohort.programme if candidacy.cohort else None)


def _detail(candidacy: Candidacy, move_form=None, hire_form=None, status: int = 200):
    fit = next((f for f in rank_candidates(candidacy.hiring_need) if f.participant_id == candidacy.participant_id), None)
    return render_template(
        "cohorts/employer_candidates/detail.html", candidacy=candidacy, fit=fit,
        move_form=move_form or _move_form(candidacy),
        hire_form=hire_form or _hire_form(candidacy),
    ), status


def list_candidates():
    if fmt := requested_format():
        return table_response(exports.employer_candidates_frame(current_employer_id()), "candidates", fmt)
    pagination = queries.employer_candidates(
        current_employer_id(), request.args.get("page", 1, type=int), current_app.config["ITEMS_PER_PAGE"]
    )
    return render_template("cohorts/employer_candidates/list.html", pagination=pagination)


def candidate_detail(candidacy_id: int):
    return _detail(_candidacy(candidacy_id))


def candidate_cv(candidacy_id: int):
    """The CV shared on introduction, while the candidacy is live; 404 otherwise. Audited."""
    document = cv_for_employer(_candidacy(candidacy_id), current_user)
    if document is None:
        abort(404)
    db.session.commit()
    return document_response(document)


def move_candidate(candidacy_id: int):
    candidacy = _candidacy(candidacy_id)
    form = _move_form(candidacy)
    if form.validate_on_submit() and version_ok(form, candidacy):
        try:
            move_candidacy(candidacy, form.stage.data, current_user, feedback=form.feedback.data or "")
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"{candidacy.participant.full_name} is now at the {candidacy.stage.label.lower()} stage.", "success")
            return redirect(url_for(".candidate_detail", candidacy_id=candidacy.id))
    return _detail(candidacy, move_form=form, status=422)


def hire_candidate(candidacy_id: int):
    candidacy = _candidacy(candidacy_id)
    form = _hire_form(candidacy)
    if form.validate_on_submit():
        try:
            placement = record_placement(candidacy, actor=current_user, **hire_terms(form))
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"{candidacy.participant.full_name} is hired: placement {placement.ref} is recorded.", "success")
            return redirect(url_for(".candidate_detail", candidacy_id=candidacy.id))
    return _detail(candidacy, hire_form=form, status=422)
