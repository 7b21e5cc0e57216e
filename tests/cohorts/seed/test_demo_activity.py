"""The demo's everyday traces: session ratings within the rating rules, CVs, and CRM follow-ups."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.dates import local_today
from app.extensions import db
from app.models import STAFF_ROLES, User
from cohorts.documents.validation import PDF, content_type_of
from cohorts.models import Attendance, AttendanceStatus, DocumentKind, Participant, ParticipantDocument, SessionRating
from cohorts.seed import demo_data as data
from cohorts.seed.demo import seed_demo
from employers.crm.models import Activity, FollowUp


@pytest.fixture
def demo(app):
    seed_demo()
    db.session.expire_all()


def _all(model, *where):
    return db.session.scalars(sa.select(model).where(*where)).all()


def _demo_participant() -> Participant:
    return db.session.scalar(sa.select(Participant).where(Participant.email == "participant@bridgework.test"))


def test_the_demo_has_ratings_from_people_present_with_a_few_comments(demo):
    ratings = _all(SessionRating)
    assert len(ratings) > 50
    assert {r.session.cohort.status.value for r in ratings} == {"closed", "training"}
    assert 0 < sum(1 for r in ratings if r.comment) < len(ratings) // 3
    absent = set(db.session.execute(sa.select(Attendance.session_id, Attendance.participant_id)
                                    .where(Attendance.status == AttendanceStatus.absent)))
    assert not any((r.session_id, r.participant_id) in absent for r in ratings)
    mine = _all(SessionRating, SessionRating.participant_id == _demo_participant().id)
    assert mine and all(1 <= r.rating <= 5 for r in mine)


def test_the_demo_participant_has_a_shared_pdf_cv(demo):
    participant = _demo_participant()
    cvs = _all(ParticipantDocument, ParticipantDocument.participant_id == participant.id,
               ParticipantDocument.kind == DocumentKind.cv)
    assert [cv.version for cv in sorted(cvs, key=lambda cv: cv.version)] == [1, 2]
    [shared] = [cv for cv in cvs if cv.shared]
    assert content_type_of(shared.data) == PDF and shared.size == len(shared.data)
    holders = {cv.participant_id for cv in _all(ParticipantDocument, ParticipantDocument.shared.is_(True))}
    assert len(holders) > 1


def test_the_demo_has_activities_and_an_overdue_follow_up_for_a_staff_owner(demo):
    today = local_today(data.DEMO_TIME_ZONE)
    assert _all(Activity) and all(a.staff.role in STAFF_ROLES for a in _all(Activity))
    open_ones = _all(FollowUp, FollowUp.done_at.is_(None))
    overdue = [f for f in open_ones if f.due_on < today]
    soon = [f for f in open_ones if today <= f.due_on <= today + timedelta(days=7)]
    assert overdue and soon
    assert all(isinstance(f.owner, User) and f.owner.role in STAFF_ROLES for f in overdue + soon)


def test_the_demo_activity_is_deterministic(app):
    def content():
        return sorted((r.participant.email, r.session.ref, r.rating, r.comment) for r in _all(SessionRating)) + \
            sorted((a.employer.name, a.kind.value, a.occurred_at.isoformat()) for a in _all(Activity))

    savepoint = db.session.begin_nested()
    seed_demo()
    first = content()
    savepoint.rollback()
    db.session.expunge_all()
    seed_demo()
    assert content() == first
