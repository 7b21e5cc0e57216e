"""Cohorts, their sessions and a session's attendance (bulk write): staff see all, others their own."""

from __future__ import annotations

import json

from flask import abort, jsonify
from flask.views import MethodView
from sqlalchemy import or_, select

from app.errors import RuleError
from app.extensions import db
from app.models import Role
from app.templating import absolute_url
from cohorts.api import schemas as s
from cohorts.api.auth import api_user, is_staff, requires
from cohorts.api.blueprints import api_blueprint
from cohorts.api.paging import PageArgs, page_of
from cohorts.api.problems import refuse
from cohorts.delivery.attendance import record_attendance
from cohorts.learnability.queries import cohort_learnability
from cohorts.models import Cohort, CohortHiringNeed, CohortSession, ConsortiumMember, Enrolment
from cohorts.opendata.services import latest_package
from employers.models import HiringNeed

blp = api_blueprint("programmes", "Cohorts, their sessions and attendance.")


def visible_cohorts():
    """SQL condition on Cohort for the token's user (None: every cohort)."""
    user = api_user()
    if is_staff():
        return None
    if user.role == Role.participant:
        pid = user.participant.id if user.participant else -1
        return Cohort.id.in_(select(Enrolment.cohort_id).where(Enrolment.participant_id == pid))
    return or_(
        Cohort.id.in_(select(ConsortiumMember.cohort_id).where(ConsortiumMember.employer_id == user.employer_id)),
        Cohort.id.in_(select(CohortHiringNeed.cohort_id).join(HiringNeed).where(
            HiringNeed.employer_id == user.employer_id)),
    )


def _cohort(cohort_id: int) -> Cohort:
    query = select(Cohort).where(Cohort.id == cohort_id)
    if (condition := visible_cohorts()) is not None:
        query = query.where(condition)
    found = db.session.scalar(query)
    if found is None:
        abort(404, description="No such cohort.")
    return found


@blp.route("/cohorts")
@blp.arguments(s.CohortArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.CohortSchema, "CohortPage"))
@requires("read:cohorts")
def cohorts(filters, **page):
    """Cohorts (participants: theirs; employers: those built on their needs or with them in the consortium)."""
    query = select(Cohort)
    if (condition := visible_cohorts()) is not None:
        query = query.where(condition)
    for name in ("status", "region"):
        if filters.get(name):
            query = query.where(getattr(Cohort, name) == filters[name])
    return page_of(query, Cohort, page)


@blp.route("/cohorts/<int(max=2147483647):cohort_id>")
@blp.response(200, s.CohortSchema)
@requires("read:cohorts")
def cohort(cohort_id):
    """One cohort."""
    return _cohort(cohort_id)


@blp.route("/cohorts/<int(max=2147483647):cohort_id>/sessions")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.SessionSchema, "SessionPage"))
@requires("read:cohorts")
def sessions(cohort_id, **page):
    """A cohort's sessions."""
    _cohort(cohort_id)
    return page_of(select(CohortSession).where(CohortSession.cohort_id == cohort_id), CohortSession, page)


@blp.route("/cohorts/<int(max=2147483647):cohort_id>/learnability")
@blp.arguments(s.LearnabilityArgs, location="query")
@blp.response(200, s.LearnabilitySchema)
@requires("read:outcomes")
def learnability(args, cohort_id):
    """A cohort's learnability (staff): the object cohorts/learnability computes, as is."""
    _cohort(cohort_id)
    return jsonify(cohort_learnability(cohort_id, args.get("as_of")))


@blp.route("/sessions/<int(max=2147483647):session_id>/attendance")
class SessionAttendance(MethodView):
    @blp.arguments(s.AttendanceWrite)
    @blp.response(200, s.AttendanceResult)
    @requires("write:attendance")
    def put(self, data, session_id):
        """Save a session's register in one step: every mark or none (422 names the problem)."""
        session = db.session.get(CohortSession, session_id)
        if session is None:
            abort(404, description="No such session.")
        marks = {mark["participant_id"]: mark["status"] for mark in data["marks"]}
        try:
            counts = record_attendance(session, marks, api_user())
        except (RuleError, ValueError) as error:
            refuse(error)
        db.session.commit()
        return counts


@blp.route("/open-data")
@blp.response(200, s.OpenDataSchema)
@requires("read:outcomes")
def open_data():
    """The latest published open data package (404 until staff publish one)."""
    package = latest_package()
    if package is None:
        abort(404, description="No open data package has been published yet.")
    return {"as_of": package.as_of, "created_at": package.created_at, "sha256": package.sha256,
            "size": package.archive_size, "download_url": absolute_url("cohorts_public.latest_zip"),
            "descriptor": json.loads(package.descriptor)}
