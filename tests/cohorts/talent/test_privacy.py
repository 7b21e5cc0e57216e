"""Subject access exports the talent profile and its requests; erasure removes them, the introduction stays."""

from __future__ import annotations

from app.extensions import db
from cohorts.models import Candidacy, ReachOut, TalentProfile
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from cohorts.talent import services
from tests.cohorts.talent.helpers import listed_participant, sent_reach_out


def test_subject_access_lists_the_profile_and_the_requests():
    participant, need, profile = listed_participant()
    sent_reach_out(profile, need, message="Come and talk to us")
    data = export_subject_data(participant)
    [exported] = data["talent_profile"]
    assert exported["handle"] == profile.handle
    assert exported["reach_outs"][0]["message"] == "Come and talk to us"
    assert exported["reach_outs"][0]["employer"] == need.employer.name


def test_erasure_removes_the_profile_and_its_requests_but_keeps_the_introduction():
    participant, need, profile = listed_participant()
    accepted = services.accept(sent_reach_out(profile, need), participant.user)
    candidacy_id = accepted.candidacy_id
    erase_participant(participant, None)
    db.session.flush()
    assert db.session.query(TalentProfile).filter_by(participant_id=participant.id).count() == 0
    assert db.session.query(ReachOut).filter_by(hiring_need_id=need.id).count() == 0
    assert db.session.get(Candidacy, candidacy_id) is not None
