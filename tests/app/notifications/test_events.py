"""Each event tells the right people once: participants, employers and staff, at the service that makes it."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from app.dates import local_today
from app.extensions import db
from app.models import OutboxMessage, Role
from app.notifications.kinds import Kind
from app.notifications.models import Notification
from cohorts.delivery.nudges import RETENTION_OVERDUE_DAYS, send_nudges
from cohorts.delivery.scheduling import SessionPlan, cancel_session, update_session
from cohorts.models import CandidacyStage, CohortStatus, EnrolmentStatus, SessionKind
from cohorts.participants import admissions
from cohorts.placements.services import introduce, move_candidacy
from employers import services as demand
from employers.models import HiringNeedStatus
from tests import factories


def _told(kind: Kind) -> list[tuple[int, str]]:
    return [(n.user_id, n.title) for n in db.session.scalars(
        select(Notification).where(Notification.kind == kind.value).order_by(Notification.id))]


def _mailed(kind: Kind) -> list[str]:
    return list(db.session.scalars(select(OutboxMessage.recipient).where(OutboxMessage.kind == kind.value)))


def _participant_with_login():
    user = factories.user_for_role(Role.participant)
    return user, user.participant


# --- participants and the staff who receive applications ---------------------------------------


def test_an_application_tells_the_applicant_and_the_staff_once():
    staff = factories.UserFactory(role=Role.staff)
    factories.UserFactory(role=Role.staff, active=False)  # deactivated staff hear nothing
    cohort = factories.CohortFactory(status=CohortStatus.recruiting)
    enrolment = admissions.apply_to_cohort(cohort, first_name="Ada", last_name="Lovelace", email="ada@example.org")
    applicant = enrolment.participant.user
    assert _told(Kind.application) == [(applicant.id, f"Your application to {cohort.display_name}")]
    assert _mailed(Kind.application) == ["ada@example.org"]
    assert [user_id for user_id, _ in _told(Kind.application_arrived)] == [staff.id]
    assert _mailed(Kind.application_arrived) == []  # staff get applications in the portal by default
    assert admissions.apply_to_cohort(cohort, first_name="Ada", last_name="L", email="ada@example.org") is None
    assert len(_told(Kind.application)) == 1


def test_the_coach_alone_hears_of_a_coached_participant_s_application():
    coach = factories.UserFactory(role=Role.staff)
    factories.UserFactory(role=Role.staff)
    _, participant = _participant_with_login()
    participant.coach = coach
    admissions.apply_to_cohort(factories.CohortFactory(status=CohortStatus.recruiting), first_name="A",
                               last_name="B", email=participant.email)
    assert [user_id for user_id, _ in _told(Kind.application_arrived)] == [coach.id]


def test_accepting_declining_and_enrolling_tell_the_participant():
    user, participant = _participant_with_login()
    accepted = factories.EnrolmentFactory(participant=participant, status=EnrolmentStatus.applied)
    admissions.accept_application(accepted, actor=None)
    assert _told(Kind.application) == [(user.id, f"You have a place on {accepted.cohort.display_name}")]
    admissions.enrol(accepted, actor=None)
    assert _told(Kind.enrolment) == [(user.id, f"You are enrolled on {accepted.cohort.display_name}")]
    declined = factories.EnrolmentFactory(participant=participant, status=EnrolmentStatus.applied)
    admissions.decline(declined, actor=None)
    assert _told(Kind.application)[-1] == (user.id, f"Your application to {declined.cohort.display_name}")
    assert len(_told(Kind.application)) == 2


def test_a_waitlisted_applicant_hears_when_promoted_not_when_waitlisted():
    user, participant = _participant_with_login()
    cohort = factories.CohortFactory(capacity=1)
    holder = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.accepted)
    waiting = factories.EnrolmentFactory(cohort=cohort, participant=participant, status=EnrolmentStatus.applied)
    admissions.accept_application(waiting, actor=None)
    assert _told(Kind.application) == []
    admissions.withdraw(holder, "Moved away", actor=None)
    assert _told(Kind.application) == [(user.id, f"You have a place on {cohort.display_name}")]


def test_anonymised_participants_are_told_nothing():
    _, participant = _participant_with_login()
    participant.anonymised_at = participant.created_at
    admissions.accept_application(factories.EnrolmentFactory(participant=participant, status=EnrolmentStatus.applied),
                                  actor=None)
    assert _told(Kind.application) == [] and _mailed(Kind.application) == []


# --- candidacies: participant and employer ---------------------------------------------------------


def test_an_introduction_tells_the_participant_and_the_employer_s_users():
    user, participant = _participant_with_login()
    contact = factories.user_for_role(Role.employer)
    factories.user_for_role(Role.employer)  # another employer's login hears nothing
    need = factories.HiringNeedFactory(employer=contact.employer)
    candidacy = factories.CandidacyFactory(participant=participant, hiring_need=need)
    introduce(candidacy, actor=None)
    assert _told(Kind.introduction) == [(user.id, f"You are introduced to {need.employer.name}")]
    assert [user_id for user_id, _ in _told(Kind.candidate_introduced)] == [contact.id]


def test_interviews_and_offers_tell_the_participant_other_moves_do_not():
    _, participant = _participant_with_login()
    candidacy = factories.CandidacyFactory(participant=participant, stage=CandidacyStage.introduced)
    move_candidacy(candidacy, CandidacyStage.interviewing, actor=None)
    move_candidacy(candidacy, CandidacyStage.offer, actor=None)
    titles = [title for _, title in _told(Kind.candidacy_stage)]
    assert titles == [f"Your application for {candidacy.hiring_need.role_title}: interviewing",
                      f"Your application for {candidacy.hiring_need.role_title}: offer"]
    move_candidacy(candidacy, CandidacyStage.not_selected, actor=None)
    assert len(_told(Kind.candidacy_stage)) == 2


# --- the demand side: staff and employers ------------------------------------------------------------


def test_a_submitted_need_tells_the_staff():
    staff, admin = factories.UserFactory(role=Role.staff), factories.UserFactory(role=Role.admin)
    need = factories.HiringNeedFactory(status=HiringNeedStatus.draft)
    factories.HiringNeedSkillFactory(hiring_need=need)
    db.session.refresh(need)
    demand.submit_need_for_review(need, actor=None)
    assert sorted(user_id for user_id, _ in _told(Kind.need_submitted)) == sorted([staff.id, admin.id])


def test_publishing_a_need_tells_the_employer():
    contact = factories.user_for_role(Role.employer)
    need = factories.HiringNeedFactory(employer=contact.employer, status=HiringNeedStatus.draft)
    demand.change_need_status(need, HiringNeedStatus.open, actor=None)
    assert _told(Kind.need_reviewed) == [(contact.id, f"Your hiring need {need.ref} is published")]
    assert _mailed(Kind.need_reviewed) == [contact.email]


def test_sending_the_questionnaire_tells_the_staff_saving_it_does_not():
    staff = factories.UserFactory(role=Role.staff)
    contact = factories.user_for_role(Role.employer)
    demand.save_questionnaire(contact.employer, contact, {}, send=False)
    assert _told(Kind.questionnaire_submitted) == []
    demand.save_questionnaire(contact.employer, contact, {}, send=True)
    assert _told(Kind.questionnaire_submitted) == [(staff.id, f"{contact.employer.name} sent their questionnaire")]


# --- sessions: the co-delivering employer -------------------------------------------------------------


def _plan(session, **changes) -> SessionPlan:
    fields = {key: getattr(session, key) for key in ("title", "kind", "starts_at", "ends_at", "location",
                                                      "employer", "facilitator", "module", "description")}
    return SessionPlan(**{**fields, **changes})


def test_a_changed_or_cancelled_session_tells_its_employer():
    contact = factories.user_for_role(Role.employer)
    member = factories.ConsortiumMemberFactory(employer=contact.employer)
    session = factories.CohortSessionFactory(cohort=member.cohort, kind=SessionKind.employer_session,
                                             employer=contact.employer)
    update_session(session, _plan(session))  # nothing changed: nothing to tell
    assert _told(Kind.session_changed) == []
    update_session(session, _plan(session, location="Room 2"))
    cancel_session(session)
    assert [title for _, title in _told(Kind.session_changed)] == [
        f"Session changed: {session.title}", f"Session cancelled: {session.title}"]


def test_a_session_without_an_employer_tells_no_employer():
    factories.user_for_role(Role.employer)
    session = factories.CohortSessionFactory()
    update_session(session, _plan(session, location="Room 9"))
    assert _told(Kind.session_changed) == []


# --- retention: the nudges job ----------------------------------------------------------------------


def test_the_job_asks_for_a_check_in_once_and_tells_the_coach_when_it_is_overdue():
    coach = factories.UserFactory(role=Role.staff)
    user, participant = _participant_with_login()
    participant.coach = coach
    today = local_today()
    placement = factories.PlacementFactory(participant=participant)
    due = factories.RetentionCheckFactory(placement=placement, day_mark=90, due_on=today - timedelta(days=1))
    factories.RetentionCheckFactory(placement=placement, day_mark=180,
                                    due_on=today - timedelta(days=RETENTION_OVERDUE_DAYS + 1))
    counts = send_nudges(today)
    assert counts["retention_check_in_due"] == 2 and counts["retention_check_overdue"] == 1
    assert [user_id for user_id, _ in _told(Kind.retention_check_in)] == [user.id, user.id]
    assert _told(Kind.retention_overdue) == [
        (coach.id, f"Retention check overdue: {participant.full_name}, day 180")]
    again = send_nudges(today)
    assert again["retention_check_in_due"] == 0 and again["retention_check_overdue"] == 0
    assert len(_told(Kind.retention_check_in)) == 2 and len(_told(Kind.retention_overdue)) == 1
    assert due.checked_on is None  # telling people records nothing
