"""The staff participant page (the record): a fixed number of statements whatever each section holds."""

from __future__ import annotations

from datetime import timedelta

from app.dates import local_today
from app.extensions import db
from app.models import Role
from cohorts.participants.record_work import in_work_section
from tests import factories as f
from tests.cohorts.inwork.helpers import check_in, placed
from tests.conftest import assert_query_count_flat, counting_queries

#: the user with their unread notifications, the participant's card, attendance marks, skills, every list section
#: (one UNION ALL), whether the viewer may write notes
STATEMENTS = 6


def _grow(participant, cohort):
    def grow():
        for n in range(3):
            f.EnrolmentFactory(participant=participant)
            f.AttendanceFactory(participant=participant, session=f.CohortSessionFactory(cohort=cohort))
            f.SkillAssessmentFactory(participant=participant)
            f.CandidacyFactory(participant=participant)
            f.CaseNoteFactory(participant=participant)
            placement = f.PlacementFactory(participant=participant, cohort=cohort,
                                           start_date=local_today() - timedelta(days=20 + n))
            f.RetentionCheckFactory(placement=placement)
            check_in(placement, week=1)
        db.session.commit()

    return grow


def test_the_record_runs_a_flat_number_of_statements_as_every_section_grows(client, login):
    placement = placed(days_ago=15)
    participant = placement.participant
    participant.referral_partner = f.ReferralPartnerFactory()
    f.EnrolmentFactory(participant=participant, cohort=placement.cohort)
    db.session.commit()
    login(Role.staff)
    url = f"/staff/participants/{participant.id}"
    assert_query_count_flat(client, url, _grow(participant, placement.cohort))
    with counting_queries() as counted:
        client.get(url)
    assert counted.count == STATEMENTS, counted


def test_the_referral_partner_is_read_with_the_participant(client, login):
    participant = f.ParticipantFactory(referral_partner=f.ReferralPartnerFactory(name="Eastside Hub"))
    db.session.commit()
    login(Role.staff)
    url = f"/staff/participants/{participant.id}"
    client.get(url)
    with counting_queries() as counted:
        page = client.get(url)
    assert "Eastside Hub" in page.get_data(as_text=True)
    assert not any("FROM referral_partners" in statement for statement in counted.statements)


def test_the_in_work_section_lists_live_placements_latest_start_first():
    first = placed(days_ago=40, role_title="First job")
    later = f.PlacementFactory(participant=first.participant, cohort=first.cohort, role_title="Later job",
                               start_date=local_today() - timedelta(days=5))
    f.PlacementFactory(participant=first.participant, cohort=first.cohort, role_title="Voided",
                       voided_at=first.created_at)
    db.session.flush()
    section = in_work_section(first.participant_id)
    assert section["placements"] == [(later.id, "Later job"), (first.id, "First job")]
