"""Subject access exports, and erasure blanks, the person's check-ins and the flags they raised."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from cohorts.inwork import services
from cohorts.models import CheckIn, CheckInChannel, RiskFlag, RiskFlagStatus
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from tests.cohorts.inwork.helpers import WORRYING, check_in, placed


def _flagged() -> RiskFlag:
    placement = placed()
    flag = services.answer_check_in(check_in(placement), CheckInChannel.portal, annual_salary=26000, **WORRYING)
    services.resolve_flag(flag, RiskFlagStatus.handled, "Called, agreed a plan", placement.participant.coach)
    return flag


def test_the_export_holds_their_check_ins_and_flags():
    flag = _flagged()
    exported = export_subject_data(flag.participant)["check_ins"]
    assert len(exported) == 1
    row = exported[0]
    assert row["week"] == 1 and row["rating"] == 1 and row["text"] == WORRYING["text"]
    assert row["worries"] and row["annual_salary"] == 26000 and row["work_status"] is None
    assert row["flag"]["status"] == "handled" and row["flag"]["reasons"] == flag.reasons


def test_erasure_blanks_check_in_words_and_flag_notes_and_keeps_the_ratings():
    flag = _flagged()
    participant = flag.participant
    erase_participant(participant, None)
    db.session.expire_all()
    row = db.session.scalar(sa.select(CheckIn).where(CheckIn.participant_id == participant.id))
    assert row.text == "" and row.worries == [] and row.rating == 1
    kept = db.session.get(RiskFlag, flag.id)
    assert kept.resolution_note == "" and kept.reasons == [] and kept.status == RiskFlagStatus.handled


def test_an_erased_person_s_flags_leave_the_triage_list_and_their_link_is_404(client, login):
    from cohorts.inwork.links import check_in_token

    flag = _flagged()
    erase_participant(flag.participant, None)
    db.session.commit()
    login("staff")
    assert client.get("/staff/risk-flags?scope=all").text.count("/staff/risk-flags/") == 0
    assert client.get(f"/staff/risk-flags/{flag.id}").status_code == 404
    assert client.get(f"/reminders/check-in/{check_in_token(flag.check_in_id)}").status_code == 404
