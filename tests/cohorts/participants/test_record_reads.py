"""The staff record's shared reads: one read of the attendance marks gives the attendance rates and
learnability, one read of the skills gives skills progress and the assessments; the same figures as the
functions that read them on their own."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.extensions import db
from cohorts.delivery.assessments import skill_progress, skill_record
from cohorts.delivery.attendance import participant_attendance_rates, participant_marks, rates_from_marks
from cohorts.learnability import measure
from cohorts.learnability.queries import participant_learnability
from cohorts.models import AssessmentStage, EnrolmentStatus, ExclusionReason
from cohorts.models import AttendanceStatus as S
from cohorts.participants.record import participant_card
from tests import factories

AS_OF = date(2026, 4, 30)


def _attended_twice_over():
    """A participant in three cohorts: a starter, a withdrawn starter (later marks count) and an excluded one."""
    person = factories.ParticipantFactory()
    cohorts = [factories.CohortFactory(starts_on=date(2026, 4, 1), ends_on=date(2026, 6, 1)) for _ in range(3)]
    factories.EnrolmentFactory(cohort=cohorts[0], participant=person)
    factories.EnrolmentFactory(cohort=cohorts[1], participant=person, status=EnrolmentStatus.withdrawn,
                               exited_on=date(2026, 4, 15))
    factories.EnrolmentFactory(cohort=cohorts[2], participant=person, exclusion_reason=ExclusionReason.serious_illness)
    stranger = factories.CohortFactory(starts_on=date(2026, 4, 1))  # marked there without an enrolment
    for cohort, statuses in ((cohorts[0], (S.present, S.late, S.excused, S.absent, S.present)),
                             (cohorts[1], (S.present, S.absent, S.absent)), (cohorts[2], (S.present,)),
                             (stranger, (S.present,))):
        for day, status in enumerate(statuses, start=2):
            session = factories.CohortSessionFactory(
                cohort=cohort, starts_at=datetime(2026, 4, day * 6, 9, tzinfo=UTC) if day * 6 <= 30
                else datetime(2026, 5, 2, 9, tzinfo=UTC))
            factories.AttendanceFactory(session=session, participant=person, status=status)
    skill, other = factories.SkillFactory(label="CRM"), factories.SkillFactory(label="Prospecting")
    factories.ModuleSkillFactory(module=factories.ModuleFactory(cohort=cohorts[0]), skill=skill, level=3)
    for s, stage, level, on in ((skill, AssessmentStage.baseline, 1, date(2026, 4, 2)),
                                (skill, AssessmentStage.exit, 3, date(2026, 4, 28)),
                                (other, AssessmentStage.baseline, 2, None)):
        factories.SkillAssessmentFactory(participant=person, skill=s, stage=stage, level=level, assessed_on=on)
    db.session.commit()
    return person


def test_the_marks_give_the_rates_of_participant_attendance_rates():
    person = _attended_twice_over()
    expected = {cid: rate for (cid, _pid), rate in participant_attendance_rates(AS_OF, participant_ids=[person.id]).items()}
    assert rates_from_marks(participant_marks(person.id), AS_OF) == expected
    assert len(expected) == 2  # the excluded enrolment and the cohort without one count nothing


def test_the_shared_reads_give_the_learnability_and_progress_read_on_their_own():
    person = _attended_twice_over()
    marks = participant_marks(person.id)
    progress, assessments = skill_record(person.id)
    given = ([measure.Attendance(person.id, m.session_id, m.status) for m in marks if str(m.status) in measure.ATTENDED],
             list({m.session_id: measure.Session(m.session_id, m.cohort_id, m.starts_at, m.ends_at) for m in marks}.values()),
             [measure.Assessment(*row) for row in assessments])
    assert participant_learnability(person.id, AS_OF, given=given) == participant_learnability(person.id, AS_OF)
    assert progress == skill_progress(person)
    assert [(row.skill.label, row.baseline, row.exit, row.taught_level) for row in progress] == [
        ("CRM", 1, 3, 3), ("Prospecting", 2, None, None)]
    assert sorted((row[2], row[3]) for row in assessments) == [
        (AssessmentStage.baseline, 1), (AssessmentStage.baseline, 2), (AssessmentStage.exit, 3)]


def test_the_card_is_none_for_an_anonymised_or_unknown_participant():
    coach = factories.UserFactory(full_name="")
    person = factories.ParticipantFactory(coach=coach)
    gone = factories.ParticipantFactory(anonymised_at=datetime(2026, 1, 1, tzinfo=UTC))
    db.session.commit()
    card = participant_card(person.id)
    assert card.coach_name == coach.email and card.full_name == person.full_name  # as User.display_name
    assert participant_card(gone.id) is None and participant_card(gone.id + 1000) is None
