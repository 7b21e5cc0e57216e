"""Participants, enrolments, candidacies (with stage moves) and the outcome measures."""

from __future__ import annotations

from flask import abort, jsonify
from flask.views import MethodView
from sqlalchemy import select

from app.dates import local_today
from app.errors import RuleError
from app.extensions import db
from app.models import Role
from cohorts.api import schemas as s
from cohorts.api.auth import api_user, is_staff, requires
from cohorts.api.blueprints import api_blueprint
from cohorts.api.paging import PageArgs, check_if_match, page_of
from cohorts.api.problems import refuse
from cohorts.learnability.queries import participant_learnability
from cohorts.models import Candidacy, Enrolment, Participant
from cohorts.outcomes.data import UnknownCohortError
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.placements.queries import employer_sees
from cohorts.placements.services import move_candidacy

blp = api_blueprint("people", "Participants, enrolments, candidacies and outcomes.")


def _own_participant_id() -> int | None:
    """None for staff (every participant); the token user's own participant id otherwise."""
    if is_staff():
        return None
    user = api_user()
    if user.role != Role.participant or user.participant is None:
        abort(403, description="Only staff and participant tokens read participants.")
    return user.participant.id


@blp.route("/participants")
@blp.arguments(s.ParticipantArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.ParticipantSchema, "ParticipantPage"))
@requires("read:participants")
def participants(filters, **page):
    """Participants (a participant token: only themselves); anonymised records are left out."""
    query = select(Participant).where(Participant.anonymised_at.is_(None))
    if (own := _own_participant_id()) is not None:
        query = query.where(Participant.id == own)
    for name in ("region", "coach_id"):
        if filters.get(name) is not None:
            query = query.where(getattr(Participant, name) == filters[name])
    return page_of(query, Participant, page)


@blp.route("/participants/<int(max=2147483647):participant_id>")
@blp.response(200, s.ParticipantSchema)
@requires("read:participants")
def participant(participant_id):
    """One participant."""
    return _visible_participant(participant_id)


def _visible_participant(participant_id: int) -> Participant:
    own = _own_participant_id()
    found = db.session.get(Participant, participant_id)
    if found is None or found.anonymised_at is not None or (own is not None and found.id != own):
        abort(404, description="No such participant.")
    return found


@blp.route("/participants/<int(max=2147483647):participant_id>/learnability")
@blp.arguments(s.LearnabilityArgs, location="query")
@blp.response(200, s.LearnabilitySchema)
@requires("read:participants")
def learnability(args, participant_id):
    """A participant's learnability (a participant token: their own), as cohorts/learnability computes it."""
    _visible_participant(participant_id)
    return jsonify(participant_learnability(participant_id, args.get("as_of")))


@blp.route("/enrolments")
@blp.arguments(s.EnrolmentArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.EnrolmentSchema, "EnrolmentPage"))
@requires("read:participants")
def enrolments(filters, **page):
    """Enrolments (a participant token: their own)."""
    query = select(Enrolment)
    if (own := _own_participant_id()) is not None:
        query = query.where(Enrolment.participant_id == own)
    for name in ("cohort_id", "status"):
        if filters.get(name) is not None:
            query = query.where(getattr(Enrolment, name) == filters[name])
    return page_of(query, Enrolment, page)


def _candidacies():
    user = api_user()
    query = select(Candidacy)
    if is_staff():
        return query
    if user.role == Role.employer:
        return query.where(employer_sees(user.employer_id))
    pid = user.participant.id if user.participant else -1
    return query.where(Candidacy.participant_id == pid)


def _candidacy(candidacy_id: int) -> Candidacy:
    found = db.session.scalar(_candidacies().where(Candidacy.id == candidacy_id))
    if found is None:
        abort(404, description="No such candidacy.")
    return found


@blp.route("/candidacies")
@blp.arguments(s.CandidacyArgs, location="query")
@blp.arguments(PageArgs, location="query", as_kwargs=True)
@blp.response(200, s.page_schema(s.CandidacySchema, "CandidacyPage"))
@requires("read:placements")
def candidacies(filters, **page):
    """Candidacies (employers: those introduced to their needs, with consent; participants: their own)."""
    query = _candidacies()
    for name in ("hiring_need_id", "stage"):
        if filters.get(name) is not None:
            query = query.where(getattr(Candidacy, name) == filters[name])
    return page_of(query, Candidacy, page)


@blp.route("/candidacies/<int(max=2147483647):candidacy_id>")
class CandidacyItem(MethodView):
    @blp.response(200, s.CandidacySchema)
    @requires("read:placements")
    def get(self, candidacy_id):
        """One candidacy."""
        return _candidacy(candidacy_id)


@blp.route("/candidacies/<int(max=2147483647):candidacy_id>/stage")
class CandidacyStage(MethodView):
    @blp.arguments(s.StageMove)
    @blp.response(200, s.CandidacySchema)
    @requires("write:placements")
    def post(self, data, candidacy_id):
        """Move a candidacy along its path; If-Match (its ETag) or ``version`` guards against lost updates."""
        candidacy = _candidacy(candidacy_id)
        check_if_match(s.CandidacySchema(), candidacy, data.get("version"))
        try:
            move_candidacy(candidacy, data["stage"], api_user(), data.get("feedback", ""))
            db.session.flush()
        except (RuleError, ValueError) as error:
            refuse(error)
        db.session.commit()
        return candidacy


@blp.route("/outcomes")
@blp.arguments(s.OutcomesArgs, location="query")
@blp.response(200, s.OutcomesSchema)
@requires("read:outcomes")
def outcomes(args):
    """The outcome measures: exactly the JSON of ``flask outcomes --format json`` (docs/OUTCOMES.md)."""
    try:
        result = cohort_outcomes(args.get("as_of") or local_today(), args.get("cohort") or None)
    except UnknownCohortError as error:
        abort(404, description=str(error))
    return jsonify(result)  # as is: the CLI's exact JSON, not re-dumped through the schema
