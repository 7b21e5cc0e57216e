"""A completed cohort with ESCO-aligned competencies, shared by the credential tests."""

from __future__ import annotations

from cohorts.models import AssessmentStage, EnrolmentStatus
from tests import factories


def completed_world() -> dict:
    """A cohort teaching two ESCO skills and one unaligned; one completer (competent in the first), one enrolled."""
    cohort = factories.CohortFactory(code="CRED-1", name="Sales Development")
    module = factories.ModuleFactory(cohort=cohort)
    esco = [factories.SkillFactory(label=f"ESCO skill {n}", esco_uri=f"http://data.europa.eu/esco/skill/cred-{n}")
            for n in (1, 2)]
    plain = factories.SkillFactory(label="Unaligned skill")
    for skill in (*esco, plain):
        factories.ModuleSkillFactory(module=module, skill=skill)
    completer = factories.ParticipantFactory(first_name="Ada", last_name="Lovelace")
    enrolment = factories.EnrolmentFactory(participant=completer, cohort=cohort, status=EnrolmentStatus.completed)
    factories.SkillAssessmentFactory(participant=completer, skill=esco[0], stage=AssessmentStage.exit, level=3)
    factories.SkillAssessmentFactory(participant=completer, skill=esco[1], stage=AssessmentStage.exit, level=2)
    current = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.enrolled)
    return {"cohort": cohort, "esco": esco, "plain": plain, "completer": completer, "enrolment": enrolment,
            "current": current}
