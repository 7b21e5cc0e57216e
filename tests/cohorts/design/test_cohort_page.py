"""The staff cohort page's rows (queries.cohort_page): the cohort, its enrolment counts, demand and consortium
as plain rows in five queries, sorted as the page lists them."""

from __future__ import annotations

from app.extensions import db
from cohorts.design.queries import cohort_page, interview_commitments
from cohorts.models import EnrolmentStatus
from cohorts.participants.queries import enrolment_counts
from tests import factories


def test_the_cohort_page_reads_its_rows_in_five_queries(count_queries):
    cohort = factories.CohortFactory(code="SC-P1", name="Sales spring")
    for name, ref in (("beta Bank", "HN-0002"), ("Acme Sales", "hn-0001"), ("Zed Works", "HN-0003")):
        employer = factories.EmployerFactory(name=name)
        need = factories.HiringNeedFactory(employer=employer, ref=ref)
        factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
        factories.ConsortiumMemberFactory(cohort=cohort, employer=employer, interviews_guaranteed=2)
    factories.ModuleFactory.create_batch(2, cohort=cohort)
    factories.CohortSessionFactory(cohort=cohort)
    factories.EnrolmentFactory.create_batch(2, cohort=cohort, status=EnrolmentStatus.applied, enrolled_on=None)
    factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.applied, enrolled_on=None, waitlist_position=1)
    factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.enrolled)
    db.session.commit()
    cohort_id = cohort.id

    with count_queries() as counted:
        page = cohort_page(cohort_id)
    assert counted.count == 5

    card = page["cohort"]
    assert card.display_name == "SC-P1 — Sales spring" and card.programme_name == cohort.programme.name
    assert (card.module_count, card.session_count) == (2, 1)
    assert page["counts"] == enrolment_counts([cohort.id])[cohort.id] == {"applied": 3, "waitlist": 1, "enrolled": 1}
    assert [d.ref for d in page["demand"]] == ["hn-0001", "HN-0002", "HN-0003"]  # as Jinja sorts: case aside
    assert [m.employer_name for m in page["consortium"]] == ["Acme Sales", "beta Bank", "Zed Works"]
    given = {row.employer_id: row.given for row in interview_commitments(cohort.id)}
    assert {m.employer_id: m.interviews_given for m in page["consortium"]} == given
    assert {entry.text for entry in page["timeline"]} == {"Cohort created", "Training starts", "Training ends"}
    assert cohort_page(cohort.id + 1000) is None
