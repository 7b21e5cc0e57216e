"""Subject access includes the equality answers; erasure deletes them."""

from __future__ import annotations

import sqlalchemy as sa

from cohorts.models import AgeBand, EqualityMonitoring
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from tests.factories import ParticipantFactory


def test_subject_access_and_erasure_cover_equality_answers(db):
    participant = ParticipantFactory()
    db.session.add(EqualityMonitoring(participant=participant, age_band=AgeBand.from_35_to_49, ethnicity="Asian"))
    db.session.flush()
    export = export_subject_data(participant)
    assert export["equality_monitoring"][0]["age_band"] == "35_49"
    assert export["equality_monitoring"][0]["ethnicity"] == "Asian"
    erase_participant(participant, actor=None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EqualityMonitoring)) == 0


def test_without_answers_the_section_is_empty(db):
    assert export_subject_data(ParticipantFactory())["equality_monitoring"] == []
