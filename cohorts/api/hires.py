"""Assessments, placements and retention checks, read-only, under the web's object-level rules."""

from __future__ import annotations

from flask import abort
from sqlalchemy import select

from app.extensions import db
from app.models import Role
from cohorts.api import schemas as s
from cohorts.api.auth import api_user, is_staff, requires
from cohorts.api.blueprints import api_blueprint
from cohorts.api.paging import PageArgs, page_of
from cohorts.models import Placement, RetentionCheck, SkillAssessment

blp = api_blueprint("hires", "Skill assessments, placements and retention checks.")


def _own_participant_id() -> int:
    participant = api_user().participant
    return participant.id if participant is not None else -1


def _placements():
    """Placements this token may see: staff all; an employer its own hires; a participant their own."""
    query = select(Placement).where(Placement.voided_at.is_(None))
    if is_staff():
        return query
    if api_user().role == Role.employer:
        return query.where(Placement.employer_id == api_user().employer_id)
    return query.where(Placement.participant_id == _own_participant_id())


@blp.route("/assessments")
@blp.arguments(s.AssessmentArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.AssessmentSchema, "AssessmentPage"))
@requires("read:participants")
def assessments(filters, **page):
    """Skill assessments (a participant token: their own)."""
    query = select(SkillAssessment)
    if not is_staff():
        query = query.where(SkillAssessment.participant_id == _own_participant_id())
    if filters.get("participant_id") is not None:
        query = query.where(SkillAssessment.participant_id == filters["participant_id"])
    return page_of(query, SkillAssessment, page)


@blp.route("/placements")
@blp.arguments(s.PlacementArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.PlacementSchema, "PlacementPage"))
@requires("read:placements")
def placements(filters, **page):
    """Placements that stand (voided ones are left out)."""
    query = _placements()
    for name in ("cohort_id", "employer_id"):
        if filters.get(name) is not None:
            query = query.where(getattr(Placement, name) == filters[name])
    return page_of(query, Placement, page)


@blp.route("/placements/<int(max=2147483647):placement_id>")
@blp.response(200, s.PlacementSchema)
@requires("read:placements")
def placement(placement_id):
    """One placement."""
    found = db.session.scalar(_placements().where(Placement.id == placement_id))
    if found is None:
        abort(404, description="No such placement.")
    return found


@blp.route("/retention-checks")
@blp.arguments(s.RetentionArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.RetentionCheckSchema, "RetentionCheckPage"))
@requires("read:placements")
def retention_checks(filters, **page):
    """Retention checks of the placements this token sees (not employers': they are the programme's follow-up)."""
    if api_user().role == Role.employer:
        abort(403, description="Retention checks are the programme's follow-up with the participant.")
    visible = _placements().with_only_columns(Placement.id)
    query = select(RetentionCheck).where(RetentionCheck.placement_id.in_(visible))
    if filters.get("placement_id") is not None:
        query = query.where(RetentionCheck.placement_id == filters["placement_id"])
    return page_of(query, RetentionCheck, page)
