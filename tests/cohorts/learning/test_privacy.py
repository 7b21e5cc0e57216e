"""Subject access exports a participant's learning, and erasure blanks their words and who suggested what."""

from __future__ import annotations

from app.extensions import db
from app.models import Role
from cohorts.models import ResourceStatus
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from tests import factories


def _learner():
    user = factories.user_for_role(Role.participant)
    me = user.participant
    progress = factories.ResourceProgressFactory(participant=me, rating=4, comment="My own words")
    suggested = factories.LearningResourceFactory(title="My idea", status=ResourceStatus.suggested,
                                                  suggested_by_id=user.id)
    db.session.flush()
    return me, progress, suggested


def test_subject_access_lists_progress_ratings_and_suggestions():
    me, progress, _ = _learner()
    data = export_subject_data(me)
    assert data["learning"][0]["comment"] == "My own words" and data["learning"][0]["rating"] == 4
    assert data["learning"][0]["resource"] == progress.resource.title
    assert [s["title"] for s in data["learning_suggestions"]] == ["My idea"]


def test_erasure_blanks_comments_and_forgets_the_suggester():
    me, progress, suggested = _learner()
    erase_participant(me, None)
    db.session.refresh(progress)
    db.session.refresh(suggested)
    assert progress.comment == "" and progress.rating == 4
    assert suggested.suggested_by_id is None
