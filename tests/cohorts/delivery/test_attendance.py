"""Attendance: the register, corrections in the audit trail, and the spec's attendance rate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.delivery.attendance import cohort_attendance_rates, participant_attendance_rates, record_attendance, session_roster
from cohorts.errors import CohortRuleError
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.models import Attendance, AttendanceStatus, EnrolmentStatus, ExclusionReason
from tests import factories
from tests.conftest import assert_query_count_flat

S = AttendanceStatus


def _session_with(n: int = 2, **session_fields):
    cohort = factories.CohortFactory()
    # a register is taken once the session has started
    session_fields.setdefault("starts_at", datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))
    session = factories.CohortSessionFactory(cohort=cohort, **session_fields)
    people = [factories.EnrolmentFactory(cohort=cohort).participant for _ in range(n)]
    return session, people


def _rows(session):
    return dict(db.session.execute(
        select(Attendance.participant_id, Attendance.status).where(Attendance.session_id == session.id)
    ).all())


def test_record_attendance_saves_the_whole_register():
    session, (a, b) = _session_with()
    counts = record_attendance(session, {a.id: "present", b.id: S.late}, None)
    assert counts == {"created": 2, "corrected": 0, "unchanged": 0}
    assert _rows(session) == {a.id: S.present, b.id: S.late}


def test_corrections_are_audited_old_to_new():
    session, (a, b) = _session_with()
    actor = factories.UserFactory()
    record_attendance(session, {a.id: "absent", b.id: "present"}, actor)
    counts = record_attendance(session, {a.id: "excused", b.id: "present"}, actor)
    assert counts == {"created": 0, "corrected": 1, "unchanged": 1}
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.entity == "attendance")).one()
    assert event.entity_id == f"{session.id}:{a.id}" and event.action == "corrected"
    assert event.changes == {"status": ["absent", "excused"]} and event.actor_id == actor.id


def test_someone_not_enrolled_refuses_the_whole_save():
    session, (a,) = _session_with(1)
    stranger = factories.ParticipantFactory(first_name="Sam", last_name="Stranger")
    applied = factories.EnrolmentFactory(cohort=session.cohort, status=EnrolmentStatus.applied).participant
    with pytest.raises(CohortRuleError, match="Nothing was saved: Sam Stranger is not enrolled"):
        record_attendance(session, {a.id: "present", stranger.id: "present"}, None)
    with pytest.raises(CohortRuleError, match="not enrolled"):
        record_attendance(session, {applied.id: "present"}, None)
    assert _rows(session) == {}


def test_an_unknown_status_is_refused():
    session, (a,) = _session_with(1)
    with pytest.raises(CohortRuleError, match="not an attendance status"):
        record_attendance(session, {a.id: "asleep"}, None)
    assert _rows(session) == {}


def test_roster_has_enrolled_completed_and_those_withdrawn_after_the_session():
    day = datetime(2026, 3, 10, 9, tzinfo=UTC)
    cohort = factories.CohortFactory(starts_on=date(2026, 3, 1))
    session = factories.CohortSessionFactory(cohort=cohort, starts_at=day)
    enrolled = factories.EnrolmentFactory(cohort=cohort).participant
    completed = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.completed).participant
    left_later = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.withdrawn,
                                            exited_on=date(2026, 3, 20)).participant
    factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.withdrawn, exited_on=date(2026, 3, 5))
    factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.applied, enrolled_on=None)
    factories.EnrolmentFactory(status=EnrolmentStatus.enrolled)  # another cohort
    assert {p.id for p in session_roster(session)} == {enrolled.id, completed.id, left_later.id}


def test_attendance_rate_matches_the_spec_on_a_hand_computed_cohort():
    """By hand: Ann 3 of 3 (excused and after-as-of rows out), Ben 1 of 3; Cat (not a starter) and
    Dev (excluded) leave the count. Cohort: (3 + 1) / (3 + 3) = 0.6667."""
    as_of = date(2026, 4, 30)
    cohort = factories.CohortFactory(starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 1))
    s1, s2, s3 = (
        factories.CohortSessionFactory(cohort=cohort, starts_at=datetime(2026, 4, day, 9, tzinfo=UTC))
        for day in (2, 9, 30)
    )
    late_evening = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime(2026, 4, 20, 23, 30, tzinfo=UTC))
    future = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime(2026, 5, 1, 0, 30, tzinfo=UTC))
    ann = factories.EnrolmentFactory(cohort=cohort).participant                       # starter
    ben = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.withdrawn,  # starter (withdrawn)
                                     exited_on=date(2026, 4, 15)).participant
    cat = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.accepted).participant  # not a starter
    dev = factories.EnrolmentFactory(cohort=cohort,
                                     exclusion_reason=ExclusionReason.serious_illness).participant  # excluded
    marks = [
        (s1, ann, S.present), (s2, ann, S.late), (s3, ann, S.excused), (late_evening, ann, S.present),
        (future, ann, S.absent),
        (s1, ben, S.present), (s2, ben, S.absent), (s3, ben, S.absent),  # s3 after withdrawal still counts
        (s1, cat, S.absent), (s1, dev, S.absent), (s2, dev, S.absent),
    ]
    for session, person, status in marks:
        factories.AttendanceFactory(session=session, participant=person, status=status)
    assert cohort_attendance_rates([cohort.id], as_of) == {cohort.id: 0.6667}
    per_person = participant_attendance_rates(as_of, cohort_ids=[cohort.id])
    assert per_person == {(cohort.id, ann.id): 1.0, (cohort.id, ben.id): 0.3333}
    assert cohort_attendance_rates([cohort.id], date(2026, 3, 31)) == {cohort.id: None}
    official = cohort_outcomes(as_of, [cohort.code])["cohorts"][cohort.code]["attendance_rate"]
    assert official == 0.6667


def test_rates_round_half_to_even():
    cohort = factories.CohortFactory(starts_on=date(2026, 1, 1))
    person = factories.EnrolmentFactory(cohort=cohort).participant
    # 1 attended of 32 counted = 0.03125: half to even gives 0.0312 (half up would give 0.0313)
    for hour in range(32):
        session = factories.CohortSessionFactory(
            cohort=cohort, starts_at=datetime(2026, 1, 2, tzinfo=UTC) + timedelta(hours=hour))
        factories.AttendanceFactory(session=session, participant=person, status=S.present if hour == 0 else S.absent)
    assert cohort_attendance_rates([cohort.id], date(2026, 2, 1)) == {cohort.id: 0.0312}


# --- the register page -----------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employer", "participant"])
def test_register_refuses_other_roles(client, login, role):
    session, _ = _session_with(1)
    login(role)
    assert client.get(f"/staff/sessions/{session.id}/attendance").status_code == 403
    assert client.post(f"/staff/sessions/{session.id}/attendance", data={}).status_code == 403


def test_register_page_marks_everyone_in_one_save(client, login):
    session, (a, b) = _session_with()
    staff = login("staff")
    page = client.get(f"/staff/sessions/{session.id}/attendance")
    assert page.status_code == 200 and a.full_name in page.text and page.text.count('type="radio"') == 8
    response = client.post(f"/staff/sessions/{session.id}/attendance", data={f"p{a.id}": "present", f"p{b.id}": "absent"})
    assert response.status_code == 302
    assert _rows(session) == {a.id: S.present, b.id: S.absent}
    client.post(f"/staff/sessions/{session.id}/attendance", data={f"p{a.id}": "present", f"p{b.id}": "excused"})
    assert _rows(session)[b.id] == S.excused
    assert db.session.scalar(select(func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == "attendance", AuditEvent.actor_id == staff.id)) == 1
    assert 'saved: Excused' in client.get(f"/staff/sessions/{session.id}/attendance").text


def test_register_refuses_a_bad_status_and_saves_nothing(client, login):
    session, (a, b) = _session_with()
    login("admin")
    response = client.post(f"/staff/sessions/{session.id}/attendance", data={f"p{a.id}": "present", f"p{b.id}": "gone"})
    assert response.status_code == 400 and "Nothing was saved" in response.text
    assert _rows(session) == {}


def test_register_ignores_ids_not_on_the_roster(client, login):
    session, (a,) = _session_with(1)
    stranger = factories.ParticipantFactory()
    login("staff")
    client.post(f"/staff/sessions/{session.id}/attendance", data={f"p{a.id}": "late", f"p{stranger.id}": "present"})
    assert _rows(session) == {a.id: S.late}


def test_register_unknown_session_is_404(client, login):
    login("staff")
    assert client.get("/staff/sessions/999999/attendance").status_code == 404


def test_register_query_count_is_flat(client, login):
    session, people = _session_with(2, starts_at=datetime.now(UTC) - timedelta(days=1))
    record_attendance(session, {people[0].id: "present"}, None)
    login("staff")

    def grow():
        for _ in range(8):
            p = factories.EnrolmentFactory(cohort=session.cohort).participant
            factories.AttendanceFactory(session=session, participant=p, status=S.late)

    assert_query_count_flat(client, f"/staff/sessions/{session.id}/attendance", grow)


# --- a register only for a session that has started; an empty one asks first ---------------------


def test_a_register_for_next_week_refuses_to_save_with_the_date(client, login):
    starts = datetime(2031, 3, 4, 14, 30, tzinfo=UTC)
    session, (ada, _) = _session_with(starts_at=starts)
    with pytest.raises(CohortRuleError, match=r"starts on Tuesday 4 March 2031 at 14:30 GMT"):
        record_attendance(session, {ada.id: S.present}, None)
    login(Role.staff)
    page = client.get(f"/staff/sessions/{session.id}/attendance").get_data(as_text=True)
    assert "its register opens then" in page and "Save attendance" not in page
    response = client.post(f"/staff/sessions/{session.id}/attendance", data={f"p{ada.id}": "present"})
    assert response.status_code == 400 and "nothing was saved" in response.get_data(as_text=True)
    assert _rows(session) == {}


def test_an_empty_register_asks_to_confirm_then_saves_nothing(client, login):
    session, _ = _session_with()
    login(Role.staff)
    asked = client.post(f"/staff/sessions/{session.id}/attendance", data={})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 400 and "Nothing was marked." in page and 'name="confirm_empty"' in page
    confirmed = client.post(f"/staff/sessions/{session.id}/attendance", data={"confirm_empty": "1"},
                            follow_redirects=True)
    assert "saved with nobody marked" in confirmed.get_data(as_text=True)
    assert _rows(session) == {}


def test_the_register_reads_its_session_cohort_and_programme_at_once(client, login, count_queries):
    session, _ = _session_with(2, starts_at=datetime.now(UTC) - timedelta(days=1))
    login("staff")
    db.session.expunge_all()  # nothing the page reads is already loaded
    with count_queries() as ran:
        response = client.get(f"/staff/sessions/{session.id}/attendance")
    assert response.status_code == 200 and session.cohort.code in response.text
    # the user, the session with its cohort and programme (name, time zone), the roster, the marks
    assert ran.count == 4, ran
