"""The learnability sections: the staff participant page, the participant's own skills page, the cohort
dashboard and the cohort PDF; who may see them."""

from __future__ import annotations

import pytest
from flask import render_template

from app.models import Role
from tests.cohorts.learnability.world import AS_OF, build


@pytest.fixture
def world():
    return build()


def test_staff_see_a_participants_learnability_explained(client, login, world):
    login(Role.staff)
    page = client.get(f"/staff/participants/{world['participants']['p2'].id}").get_data(as_text=True)
    assert 'id="learnability"' in page
    assert "<strong>-2.73</strong> levels a week of training" in page and "Low" in page
    assert "turns training time into skill" in page and "a week being 30 hours" in page
    assert "-0.50 levels" in page and "5.5 hours" in page


def test_the_staff_page_says_why_there_is_no_figure(client, login, world):
    login(Role.staff)
    page = client.get(f"/staff/participants/{world['participants']['p3'].id}").get_data(as_text=True)
    assert "levels a week of training" not in page
    assert "It shows once" in page and "has attended some training" in page
    page = client.get(f"/staff/participants/{world['participants']['p9'].id}").get_data(as_text=True)
    assert "assessed both at the start and at the end of the programme" in page


def test_a_participant_sees_their_own_learnability_in_plain_words(client, login, world):
    me = world["participants"]["p2"]
    login(Role.participant, participant=me, email=me.email)
    page = client.get("/participant/skills").get_data(as_text=True)
    assert "Your learnability" in page and "how quickly you turn training time into skill" in page
    assert "<strong>-2.73</strong>" in page and "it is not a mark of you" in page


def test_a_participant_sees_only_their_own(client, login, world):
    me = world["participants"]["p9"]
    login(Role.participant, participant=me, email=me.email)
    page = client.get("/participant/skills").get_data(as_text=True)
    assert "Your learnability" in page and "-2.73" not in page
    assert "once your skill has been assessed" in page


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_employers_and_participants_never_see_the_staff_pages(client, login, world, role):
    login(role)
    assert client.get(f"/staff/participants/{world['participants']['p2'].id}").status_code == 403
    assert client.get(f"/staff/cohorts/{world['cohorts']['A'].id}/outcomes").status_code == 403


@pytest.mark.parametrize("role", [Role.staff, Role.employer])
def test_only_participants_have_the_portal_skills_page(client, login, world, role):
    login(role)
    assert client.get("/participant/skills").status_code == 403


def test_the_cohort_dashboard_shows_median_and_bands(client, login, world):
    login(Role.staff)
    page = client.get(f"/staff/cohorts/{world['cohorts']['A'].id}/outcomes?as_of={AS_OF}").get_data(as_text=True)
    assert 'id="learnability"' in page
    assert "Learnability of the 5 of 7 starters" in page
    assert '<td class="num">0.24</td><td class="num">1.21</td>' in page
    empty = client.get(f"/staff/cohorts/{world['cohorts']['B'].id}/outcomes?as_of={AS_OF}").get_data(as_text=True)
    assert "No learnability yet: none of the 1 starters" in empty


def test_the_cohort_pdf_shows_it_to_staff_and_not_in_the_employers_edition(app, world):
    from cohorts.reports.rendering import cohort_report_context

    cohort = world["cohorts"]["A"]
    with app.test_request_context():
        staff = render_template("reports/cohort.html", **cohort_report_context(cohort, AS_OF))
        partner = render_template("reports/cohort.html", **cohort_report_context(
            cohort, AS_OF, employer_id=_employer().id))
    assert "Learnability of the 5 of 7 starters" in staff and "0.24" in staff
    assert 'id="learnability"' not in partner


def test_the_staff_cohort_pdf_downloads(client, login, world):
    login(Role.staff)
    answer = client.get(f"/staff/cohorts/{world['cohorts']['A'].id}/outcomes/report.pdf?as_of={AS_OF}")
    assert answer.status_code == 200 and answer.data[:4] == b"%PDF"


def test_the_participant_page_query_count_does_not_grow(client, login, world):
    from tests.cohorts.learnability.test_queries import build_more
    from tests.conftest import assert_query_count_flat

    login(Role.staff)
    assert_query_count_flat(client, f"/staff/participants/{world['participants']['p1'].id}",
                            lambda: build_more(world))


def _employer():
    from tests import factories as f

    return f.EmployerFactory()
