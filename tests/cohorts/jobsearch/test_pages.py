"""The job-search pages of each role: participants' sources, jobs, applications; staff's application and hire."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from app.outbound import forget_hosts
from cohorts.models import ApplicationStage, Placement, SavedPosting
from employers.jobs.models import JobPosting, JobSource
from tests.cohorts.jobsearch.conftest import make_saved, rss_feed
from tests.conftest import assert_query_count_flat


@pytest.fixture(autouse=True)
def _polite():
    forget_hosts()


# --- participant: sources -----------------------------------------------------------------------


def test_a_participant_adds_a_feed_and_it_is_read_at_once_into_jobs_for_you(client, login, world, feed_server):
    url = feed_server(rss_feed([("Closer", "Brightside", "You will lead every Negotiation with clients."),
                                ("Night porter", "Hotel", "Keys and coffee.")]))
    login(world["user"])
    answer = client.post("/participant/job-sources", data={"name": "Loopback jobs", "url": url, "kind": "feed"},
                         follow_redirects=True)
    assert answer.status_code == 200
    assert "Loopback jobs" in answer.text and "We found 2 open jobs there" in answer.text
    source = db.session.scalar(sa.select(JobSource).where(JobSource.url == url))
    assert source.owner_id == world["user"].id and source.last_error == ""
    jobs = client.get("/participant/jobs").text
    assert "Closer" in jobs and "mentions Negotiation — asked by your target roles; you have shown it" in jobs


def test_a_refused_address_is_shown_next_to_the_field(client, login, world):
    login(world["user"])
    answer = client.post("/participant/job-sources", data={"name": "Bad", "url": "ftp://x.example/", "kind": "feed"})
    assert answer.status_code == 422 and "http:// or https://" in answer.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobSource).where(JobSource.name == "Bad")) == 0


def test_the_sources_page_lists_the_programmes_and_mine_not_someone_elses(client, login, world):
    login(world["user"])
    page = client.get("/participant/job-sources").text
    assert "Programme board" in page and "My board" in page and "Their board" not in page


def test_a_participant_removes_their_own_source_not_anothers(client, login, world):
    login(world["user"])
    assert client.post(f"/participant/job-sources/{world['theirs'].id}/remove").status_code == 404
    assert client.post(f"/participant/job-sources/{world['programme'].id}/remove").status_code == 404
    assert client.post(f"/participant/job-sources/{world['mine'].id}/remove").status_code == 302
    assert db.session.get(JobSource, world["mine"].id) is None


# --- participant: jobs and applications ------------------------------------------------------------


def test_saving_a_job_leads_to_the_application_form_and_applying_moves_it(client, login, world):
    login(world["user"])
    answer = client.post(f"/participant/jobs/{world['both'].id}/save")
    saved = db.session.scalar(sa.select(SavedPosting).where(SavedPosting.participant_id == world["me"].id))
    assert answer.status_code == 302 and answer.location.endswith(f"/participant/job-applications/{saved.id}")
    answer = client.post(f"/participant/job-applications/{saved.id}",
                         data={"stage": "applied", "applied_on": "2026-11-20", "notes": "Sent my CV"})
    assert answer.status_code == 302
    db.session.refresh(saved)
    assert (saved.stage, saved.applied_on, saved.notes) == (ApplicationStage.applied, date(2026, 11, 20), "Sent my CV")
    listing = client.get("/participant/job-applications").text
    assert "Sales negotiator" in listing


def test_applying_without_the_day_is_refused_next_to_it(client, login, world):
    login(world["user"])
    saved = make_saved(world["me"], world["both"])
    db.session.commit()
    answer = client.post(f"/participant/job-applications/{saved.id}", data={"stage": "applied", "applied_on": ""})
    assert answer.status_code == 422 and "Give the day you applied" in answer.text


def test_a_job_from_someone_elses_source_or_expired_cannot_be_saved(client, login, world):
    login(world["user"])
    assert client.post(f"/participant/jobs/{world['hidden'].id}/save").status_code == 404
    assert client.post(f"/participant/jobs/{world['expired'].id}/save").status_code == 404
    assert client.post("/participant/jobs/999999/save").status_code == 404


def test_another_participants_application_is_a_404(client, login, world):
    theirs = make_saved(world["other"], world["both"])
    db.session.commit()
    login(world["user"])
    assert client.get(f"/participant/job-applications/{theirs.id}").status_code == 404
    assert client.post(f"/participant/job-applications/{theirs.id}", data={"stage": "withdrawn"}).status_code == 404


@pytest.mark.parametrize("role", [Role.employer, Role.staff])
def test_other_roles_cannot_use_the_participant_pages(client, login, world, role):
    login(role)
    for url in ("/participant/jobs", "/participant/job-sources", "/participant/job-applications"):
        assert client.get(url).status_code in (302, 403)


# --- staff: the participant page, an application, the hire ---------------------------------------


def test_staff_see_the_job_search_on_the_participant_page(client, login, world):
    make_saved(world["me"], world["both"], stage=ApplicationStage.applied, applied_on=date(2026, 11, 2),
               notes="Waiting to hear")
    db.session.commit()
    login(Role.staff)
    page = client.get(f"/staff/participants/{world['me'].id}").text
    assert 'id="job-search"' in page and "Sales negotiator" in page and "Waiting to hear" in page


def test_the_staff_participant_page_query_count_stays_flat_with_job_applications(client, login, world):
    login(Role.staff)

    def grow():
        for posting in (world["both"], world["one_shown"], world["one_not"]):
            make_saved(world["me"], posting, stage=ApplicationStage.applied, applied_on=date(2026, 11, 2))

    assert_query_count_flat(client, f"/staff/participants/{world['me'].id}", grow)


def test_a_coach_marks_it_hired_and_records_the_placement(client, login, world):
    saved = make_saved(world["me"], world["both"], stage=ApplicationStage.offer, applied_on=date(2026, 11, 2))
    db.session.commit()
    coach = login(Role.staff)
    base = f"/staff/participants/{world['me'].id}/job-applications/{saved.id}"
    answer = client.post(base, data={"stage": "hired", "applied_on": "2026-11-02"})
    assert answer.status_code == 302
    assert "Record the placement" in client.get(base).text
    assert client.get(f"{base}/placement").status_code == 200
    refused = client.post(f"{base}/placement", data={"employer_name": "Acme Sales", "start_date": "2026-08-01",
                                                     "employment_type": "permanent"})
    assert refused.status_code == 422 and "before the participant enrolled" in refused.text
    answer = client.post(f"{base}/placement", data={"employer_name": "Acme Sales", "start_date": "2026-12-01",
                                                    "annual_salary": "52000", "employment_type": "permanent",
                                                    "in_field": "y"})
    assert answer.status_code == 302
    db.session.refresh(saved)
    placement = db.session.get(Placement, saved.placement_id)
    assert placement.start_date == date(2026, 12, 1) and answer.location.endswith(f"/staff/placements/{placement.id}")
    assert db.session.scalar(sa.select(AuditEvent.actor_id).where(AuditEvent.entity == "placement",
                                                                  AuditEvent.entity_id == str(placement.id))) == coach.id


def test_staff_pages_answer_404_for_an_application_of_another_participant(client, login, world):
    theirs = make_saved(world["other"], world["both"], stage=ApplicationStage.hired, applied_on=date(2026, 11, 2))
    db.session.commit()
    login(Role.staff)
    base = f"/staff/participants/{world['me'].id}/job-applications/{theirs.id}"
    assert client.get(base).status_code == 404
    assert client.get(f"{base}/placement").status_code == 404


@pytest.mark.parametrize("role", [Role.participant, Role.employer])
def test_only_staff_use_the_staff_application_pages(client, login, world, role):
    saved = make_saved(world["me"], world["both"], stage=ApplicationStage.hired, applied_on=date(2026, 11, 2))
    db.session.commit()
    login(world["user"] if role == Role.participant else role)
    base = f"/staff/participants/{world['me'].id}/job-applications/{saved.id}"
    assert client.get(base).status_code in (302, 403)
    assert client.post(f"{base}/placement", data={"employer_name": "X", "start_date": "2026-12-01"}).status_code \
        in (302, 403)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) == 0


def test_postings_are_left_alone_when_a_source_is_removed_if_someone_saved_them(client, login, world):
    make_saved(world["me"], world["one_shown"], stage_changed_at=datetime(2026, 11, 1, tzinfo=UTC))
    db.session.commit()
    login(world["user"])
    client.post(f"/participant/job-sources/{world['mine'].id}/remove")
    assert db.session.get(JobPosting, world["one_shown"].id) is not None
    assert "Deal desk" in client.get("/participant/job-applications").text
