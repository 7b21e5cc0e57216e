"""A person's session ratings travel with their data: in the subject access export, blanked on erasure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from cohorts.feedback import queries, services
from cohorts.models import SessionRating
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import PARTICIPANT_TABLES, export_subject_data
from tests import factories


def _rated():
    cohort = factories.CohortFactory()
    session = factories.CohortSessionFactory(cohort=cohort, title="Cold calls",
                                             starts_at=datetime.now(UTC) - timedelta(days=1))
    person, other = factories.ParticipantFactory(), factories.ParticipantFactory()
    for p in (person, other):
        factories.EnrolmentFactory(participant=p, cohort=cohort)
    services.rate_session(person, session, 4, "The trainer mentioned my landlord dispute")
    services.rate_session(other, session, 2, "Too fast")
    return cohort, person


def test_the_subject_access_export_holds_the_persons_ratings_and_comments():
    _, person = _rated()
    export = export_subject_data(person)
    assert PARTICIPANT_TABLES["session_ratings"] == "session_ratings"
    [mine] = export["session_ratings"]
    assert (mine["rating"], mine["comment"], mine["session"]) == (4, "The trainer mentioned my landlord dispute",
                                                                 "Cold calls")


def test_erasure_blanks_the_comment_and_keeps_the_rating_for_the_averages():
    cohort, person = _rated()
    before = queries.cohort_ratings(cohort.id)["overall"]
    erase_participant(person, None)
    db.session.expire_all()
    mine = db.session.scalar(sa.select(SessionRating).where(SessionRating.participant_id == person.id))
    assert (mine.rating, mine.comment) == (4, "")
    other = db.session.scalar(sa.select(SessionRating).where(SessionRating.participant_id != person.id))
    assert other.comment == "Too fast"  # only the erased person's words go
    after = queries.cohort_ratings(cohort.id)["overall"]
    assert (after.count, after.average) == (before.count, before.average)
