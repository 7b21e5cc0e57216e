"""Talent test data: a participant who can be listed (enrolled in a cohort covering a need, 3 exit levels)."""

from __future__ import annotations

from app.models import Role
from cohorts.models import AssessmentStage, ReachOut, TalentProfile
from cohorts.talent import services
from tests import factories


def listed_participant(skills: int = 3, level: int = 3, with_login: bool = True, region: str = "Toronto", **fields):
    """(participant, hiring need of a cohort they are enrolled in, their opted-in profile)."""
    link = factories.CohortHiringNeedFactory()
    participant = factories.ParticipantFactory(region=region, **fields)
    if with_login:
        factories.user_for_role(Role.participant, participant=participant)
    factories.EnrolmentFactory(participant=participant, cohort=link.cohort)
    for _ in range(skills):
        factories.SkillAssessmentFactory(participant=participant, stage=AssessmentStage.exit, level=level)
    profile = services.opt_in(participant, None, None)
    return participant, link.hiring_need, profile


def employer_login(login, need) -> object:
    """Log in a user of the need's employer."""
    return login(factories.user_for_role(Role.employer, employer=need.employer))


def sent_reach_out(profile: TalentProfile, need, message: str = "We liked your skills.") -> ReachOut:
    return services.reach_out(profile, need.employer, need, None, message=message)
