"""API fixtures: a token per role (all the scopes its role may grant), and a request helper."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.api_tokens.scopes import scopes_for
from app.api_tokens.services import create_token
from app.db import utcnow
from app.models import Role
from cohorts.models import CandidacyStage
from tests import factories


def token_for(user, scopes=None, days=30) -> str:
    _, secret = create_token(user, "test", scopes if scopes is not None else scopes_for(user.role), days)
    return secret


@pytest.fixture
def demand(db):
    """Two employers with a hiring need each, a cohort on the first need, a participant with a candidacy."""
    mine, theirs = factories.EmployerFactory(), factories.EmployerFactory()
    need = factories.HiringNeedFactory(employer=mine)
    other_need = factories.HiringNeedFactory(employer=theirs)
    cohort = factories.CohortFactory()
    factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    participant = factories.ParticipantFactory(consent_to_share=True)
    factories.EnrolmentFactory(participant=participant, cohort=cohort)
    session = factories.CohortSessionFactory(cohort=cohort, starts_at=utcnow() - timedelta(days=1))
    candidacy = factories.CandidacyFactory(participant=participant, hiring_need=need, cohort=cohort,
                                           stage=CandidacyStage.introduced, introduced_at=utcnow())
    placement = factories.PlacementFactory(participant=participant, employer=mine, cohort=cohort)
    factories.RetentionCheckFactory(placement=placement)
    factories.SkillAssessmentFactory(participant=participant)
    factories.HiringNeedSkillFactory(hiring_need=need)
    db.session.flush()
    return {"placement": placement, "mine": mine, "theirs": theirs, "need": need, "other_need": other_need, "cohort": cohort,
            "participant": participant, "session": session, "candidacy": candidacy}


@pytest.fixture
def tokens(db, demand):
    """role → (user, bearer header) for staff, the first employer's contact and the participant."""
    staff = factories.user_for_role(Role.staff)
    employer = factories.user_for_role(Role.employer, employer=demand["mine"])
    participant = factories.user_for_role(Role.participant, participant=demand["participant"])
    return {name: (user, {"Authorization": f"Bearer {token_for(user)}"})
            for name, user in (("staff", staff), ("employer", employer), ("participant", participant))}
