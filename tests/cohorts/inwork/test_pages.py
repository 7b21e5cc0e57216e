"""In-work pages for each role: the participant's check-ins, the staff's triage list, flags, calls, the export;
the 404s for other people's rows; employers never see a check-in."""

from __future__ import annotations

import sqlalchemy as sa

from app.db import utcnow
from app.extensions import db
from app.models import Role
from cohorts.inwork import services
from cohorts.models import CandidacyStage, CheckIn, CheckInChannel, RiskFlag, RiskFlagStatus
from tests import factories
from tests.cohorts.inwork.helpers import FINE, WORRYING, check_in, placed
from tests.conftest import assert_query_count_flat

ANSWER = {"rating": "1", "work_status": "same_job", "worries": WORRYING["worries"], "text": WORRYING["text"]}


def _flagged(coach=None, **kwargs) -> RiskFlag:
    row = check_in(placed(coach=coach, **kwargs))
    return services.answer_check_in(row, CheckInChannel.portal, **WORRYING)


def test_a_participant_lists_and_answers_their_due_check_in(client, login):
    placement = placed(login=True)
    row = check_in(placement)
    future = check_in(placement, week=4)
    db.session.commit()
    login(placement.participant.user)
    page = client.get("/participant/job-check-ins")
    assert page.status_code == 200 and f"/participant/job-check-ins/{row.id}" in page.text
    assert f"/participant/job-check-ins/{future.id}" not in page.text
    assert client.get(f"/participant/job-check-ins/{future.id}").status_code == 404
    assert client.post(f"/participant/job-check-ins/{row.id}", data={}).status_code == 422
    assert client.post(f"/participant/job-check-ins/{row.id}", data=ANSWER).status_code == 302
    db.session.expire_all()
    assert row.channel == CheckInChannel.portal and row.flag is not None


def test_another_participant_s_check_in_is_404(client, login):
    other = check_in(placed())
    db.session.commit()
    login(Role.participant)
    assert client.get(f"/participant/job-check-ins/{other.id}").status_code == 404
    assert client.post(f"/participant/job-check-ins/{other.id}", data=ANSWER).status_code == 404


def test_the_triage_list_shows_my_caseload_s_open_flags_with_their_reasons(client, login):
    coach = factories.user_for_role(Role.staff)
    mine = _flagged(coach)
    theirs = _flagged()
    db.session.commit()
    login(coach)
    page = client.get("/staff/risk-flags")
    assert page.status_code == 200 and mine.participant.full_name in page.text
    assert theirs.participant.full_name not in page.text
    assert mine.reasons[0]["detail"] in page.text.replace("&#34;", '"').replace("&quot;", '"')
    assert "thinking of quitting" in page.text and mine.check_in.placement.role_title in page.text
    assert theirs.participant.full_name in client.get("/staff/risk-flags?scope=all").text
    assert client.get("/staff/risk-flags?status=nonsense").status_code == 400


def test_a_coach_closes_a_flag_and_a_false_alarm_needs_a_reason(client, login):
    flag = _flagged()
    login(Role.staff)
    db.session.commit()  # a refusal rolls back what the request flushed, not the test's rows
    assert client.get(f"/staff/risk-flags/{flag.id}").status_code == 200
    refused = client.post(f"/staff/risk-flags/{flag.id}", data={"status": "false_alarm", "note": ""})
    assert refused.status_code == 422 and "false alarm" in refused.text
    assert client.post(f"/staff/risk-flags/{flag.id}", data={"status": "handled", "note": "Called her"}).status_code == 302
    db.session.expire_all()
    assert flag.status == RiskFlagStatus.handled and flag.resolution_note == "Called her"
    assert client.get("/staff/risk-flags/999999").status_code == 404


def test_a_coach_records_a_due_check_in_from_a_call(client, login):
    placement = placed(days_ago=9)
    row = check_in(placement)
    db.session.commit()
    coach = login(Role.staff)
    assert client.get(f"/staff/placements/{placement.id}/check-ins/call?week=1").status_code == 200
    assert client.post(f"/staff/placements/{placement.id}/check-ins/call",
                       data={**ANSWER, "rating": "4", "text": "Fine", "worries": [], "week": "1"}).status_code == 302
    db.session.expire_all()
    assert row.channel == CheckInChannel.call and row.recorded_by_id == coach.id
    listing = client.get(f"/staff/placements/{placement.id}/check-ins")
    assert listing.status_code == 200 and "Fine" in listing.text
    assert client.get(f"/staff/participants/{placement.participant_id}/check-ins").status_code == 200
    assert client.get("/staff/placements/999999/check-ins").status_code == 404


def test_the_staff_participant_page_shows_check_ins_and_open_flags(client, login):
    flag = _flagged()
    db.session.commit()
    login(Role.staff)
    page = client.get(f"/staff/participants/{flag.participant_id}")
    assert page.status_code == 200 and "In-work check-ins" in page.text
    assert f"/staff/risk-flags/{flag.id}" in page.text and "Record a call" in page.text


def test_the_export_is_csv_for_staff_only(client, login):
    flag = _flagged()
    db.session.commit()
    login(Role.staff)
    csv = client.get("/staff/check-ins/export")
    assert csv.status_code == 200 and "text/csv" in csv.content_type and "thinking of quitting" in csv.text
    assert flag.participant.full_name in csv.text
    login(Role.employer)
    assert client.get("/staff/check-ins/export").status_code in (403, 404)
    login(Role.participant)
    assert client.get("/staff/risk-flags").status_code in (403, 404)


def test_employers_never_see_check_in_words(client, login):
    employer_user = factories.user_for_role(Role.employer)
    need = factories.HiringNeedFactory(employer=employer_user.employer)
    candidacy = factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.hired, introduced_at=utcnow(),
                                           participant=factories.ParticipantFactory(consent_to_share=True))
    placement = factories.PlacementFactory(participant=candidacy.participant, employer=employer_user.employer,
                                           hiring_need=need, candidacy=candidacy)
    row = check_in(placement)
    services.answer_check_in(row, CheckInChannel.portal, **WORRYING)
    db.session.commit()
    login(employer_user)
    for url in ("/employer/candidates", f"/employer/candidates/{candidacy.id}", "/employer/outcomes"):
        page = client.get(url)
        assert page.status_code == 200, url
        assert "thinking of quitting" not in page.text and "risk" not in page.text.lower(), url


def test_the_triage_list_query_count_is_flat(client, login):
    coach = factories.user_for_role(Role.staff)
    _flagged(coach)
    db.session.commit()
    login(coach)

    def grow():
        for _ in range(4):
            _flagged(coach)
        db.session.flush()

    assert_query_count_flat(client, "/staff/risk-flags", grow)


def test_the_check_ins_list_query_count_is_flat(client, login):
    placement = placed(days_ago=400)
    check_in(placement)
    db.session.commit()
    login(Role.staff)

    def grow():
        for week in (2, 4, 8, 13):
            services.answer_check_in(check_in(placement, week), CheckInChannel.portal, **FINE)
        db.session.flush()

    assert_query_count_flat(client, f"/staff/placements/{placement.id}/check-ins", grow)
    assert db.session.scalar(sa.select(sa.func.count(CheckIn.id))) == 5
