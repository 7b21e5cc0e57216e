"""The learning pages of each portal: what each role sees, each denial, CSV in and out, flat query counts."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.models import LearningResource, ProgressStatus, ResourceProgress, ResourceStatus
from tests import factories
from tests.conftest import assert_query_count_flat


@pytest.fixture
def world():
    """A participant whose cohort's need asks Negotiation 3 (they are at 1); two approved resources teach it."""
    neg = factories.SkillFactory(label="Negotiation")
    need = factories.HiringNeedFactory(role_title="Account manager")
    factories.HiringNeedSkillFactory(hiring_need=need, skill=neg, level=3)
    cohort = factories.CohortFactory()
    factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    me = factories.ParticipantFactory(first_name="Amara")
    factories.EnrolmentFactory(participant=me, cohort=cohort)
    factories.SkillAssessmentFactory(participant=me, skill=neg, level=1)
    free = factories.ResourceSkillFactory(skill=neg, level=3, resource=factories.LearningResourceFactory(
        title="Negotiation basics")).resource
    suggested = factories.ResourceSkillFactory(skill=neg, resource=factories.LearningResourceFactory(
        title="Someone's idea", status=ResourceStatus.suggested)).resource
    db.session.commit()
    return {"neg": neg, "cohort": cohort, "me": me, "free": free, "suggested": suggested, "need": need}


@pytest.fixture
def as_me(world, login):
    user = login(Role.participant, participant=world["me"], email=world["me"].email)
    db.session.commit()
    return user


def _progress(world) -> ResourceProgress | None:
    return db.session.scalar(sa.select(ResourceProgress).where(ResourceProgress.participant_id == world["me"].id))


# --- participant ------------------------------------------------------------------------------


def test_the_participant_sees_gaps_marks_started_done_and_rates(client, world, as_me):
    page = client.get("/participant/learning").get_data(as_text=True)
    assert "Negotiation: level 3 wanted, you are at 1" in page
    assert "teaches Negotiation to level 3; you are at 1; free; 4 hours; not rated yet" in page
    assert "Someone&#39;s idea" not in page and "Someone's idea" not in page
    free_id = world["free"].id
    assert client.post(f"/participant/learning/{free_id}/start").status_code == 302
    assert _progress(world).status == ProgressStatus.started
    assert client.post(f"/participant/learning/{free_id}/done").headers["Location"].endswith(f"/learning/{free_id}/rate")
    assert _progress(world).status == ProgressStatus.done
    assert client.get(f"/participant/learning/{free_id}/rate").status_code == 200
    assert client.post(f"/participant/learning/{free_id}/rate", data={"rating": "9"}).status_code == 422
    assert client.post(f"/participant/learning/{free_id}/rate", data={"rating": "4", "comment": "Good"}).status_code == 302
    assert (_progress(world).rating, _progress(world).comment) == (4, "Good")
    assert "4 out of 5" in client.get("/participant/learning").get_data(as_text=True)


def test_a_resource_not_approved_is_a_404_for_participants(client, world, as_me):
    rid = world["suggested"].id
    assert client.post(f"/participant/learning/{rid}/start").status_code == 404
    assert client.get(f"/participant/learning/{rid}/rate").status_code == 404
    assert client.post("/participant/learning/999999/done").status_code == 404


def test_a_participant_suggests_a_resource(client, world, as_me):
    bad = client.post("/participant/learning/suggest", data={"title": "X", "url": "nope", "cost": "0",
                                                              "currency": "CAD", "language": "en",
                                                              "format": "video", "skills": "Negotiation: 2"})
    assert bad.status_code == 422 and "starting with https://" in bad.get_data(as_text=True)
    good = client.post("/participant/learning/suggest", data={
        "title": "Win-win talks", "url": "https://video.example.test/win", "cost": "0", "currency": "CAD",
        "language": "en", "format": "video", "skills": "Negotiation: 2"})
    assert good.status_code == 302
    resource = db.session.scalar(sa.select(LearningResource).where(LearningResource.title == "Win-win talks"))
    assert resource.status == ResourceStatus.suggested and resource.suggested_by_id == as_me.id


def test_an_employer_login_may_suggest_too(client, world, login):
    login(Role.employer)
    assert client.get("/employer/learning/suggest").status_code == 200


@pytest.mark.parametrize("role", [Role.staff, Role.employer])
def test_only_participants_see_the_participant_pages(client, world, login, role):
    login(role)
    assert client.get("/participant/learning").status_code == 403


@pytest.mark.parametrize("role", [Role.participant, Role.employer])
def test_only_staff_see_the_library(client, world, login, role):
    login(role)
    for url in ("/staff/learning", "/staff/learning/review", "/staff/learning/import", "/staff/learning/new"):
        assert client.get(url).status_code == 403
    assert client.post(f"/staff/learning/{world['suggested'].id}/approve").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    assert client.get("/participant/learning").status_code == 302
    assert client.get("/staff/learning").status_code == 302


def test_the_coach_sees_progress_on_the_participant_page(client, world, login):
    factories.ResourceProgressFactory(participant=world["me"], resource=world["free"], rating=5, comment="Loved it")
    db.session.commit()
    login(Role.staff)
    page = client.get(f"/staff/participants/{world['me'].id}").get_data(as_text=True)
    assert 'id="learning"' in page and "Negotiation basics" in page and "5 out of 5" in page and "Loved it" in page


# --- staff ------------------------------------------------------------------------------------


@pytest.fixture
def staff(login, world):
    user = login(Role.staff)
    db.session.commit()
    return user


def test_the_library_filters_and_pages(client, world, staff):
    page = client.get("/staff/learning").get_data(as_text=True)
    assert "Negotiation basics" in page and "Someone&#39;s idea" in page
    page = client.get("/staff/learning?status=suggested").get_data(as_text=True)
    assert "Negotiation basics" not in page and "Someone&#39;s idea" in page
    page = client.get("/staff/learning?q=basics&free=y").get_data(as_text=True)
    assert "Negotiation basics" in page and "Someone&#39;s idea" not in page
    assert client.get("/staff/learning?status=bogus&page=99").status_code == 200
    for blank_looking in ("%0D%0A", "%20", "%09"):  # no choice, though Optional() would have let them through
        page = client.get(f"/staff/learning?format={blank_looking}&status={blank_looking}")
        assert page.status_code == 200 and "Negotiation basics" in page.get_data(as_text=True)


def test_staff_add_edit_and_review(client, world, staff):
    answer = client.post("/staff/learning/new", data={
        "title": "Excel for sales", "url": "https://learn.example.test/excel", "cost": "25", "currency": "CAD",
        "hours": "3", "language": "en", "format": "course", "skills": "Negotiation: 4"})
    assert answer.status_code == 302
    added = db.session.scalar(sa.select(LearningResource).where(LearningResource.title == "Excel for sales"))
    assert added.status == ResourceStatus.approved
    assert client.post("/staff/learning/new", data={"title": "", "skills": "Nope: 2"}).status_code == 422
    edit = client.get(f"/staff/learning/{added.id}/edit").get_data(as_text=True)
    assert "Negotiation: 4" in edit
    assert client.post(f"/staff/learning/{added.id}/edit", data={
        "title": "Excel for sales 2", "url": "https://learn.example.test/excel", "cost": "0", "currency": "CAD",
        "language": "en", "format": "course", "skills": "Unknown: 2"}).status_code == 422
    suggested = world["suggested"]
    assert client.post(f"/staff/learning/{suggested.id}/approve", data={"back": "review"}).status_code == 302
    db.session.refresh(suggested)
    assert suggested.status == ResourceStatus.approved
    assert client.post(f"/staff/learning/{suggested.id}/reject").status_code == 302  # refused: flashed, unchanged
    db.session.refresh(suggested)
    assert suggested.status == ResourceStatus.approved
    assert client.post("/staff/learning/999999/retire").status_code == 404


def test_the_review_queue_lists_suggestions_and_flags(client, world, staff):
    world["free"].review_flagged_at = sa.func.now()
    db.session.commit()
    page = client.get("/staff/learning/review").get_data(as_text=True)
    assert "Someone&#39;s idea" in page and "Negotiation basics" in page and "Poorly rated" in page
    assert client.post(f"/staff/learning/{world['free'].id}/keep").status_code == 302
    db.session.refresh(world["free"])
    assert world["free"].review_flagged_at is None


CSV_HEADER = "title,url,provider,format,cost,currency,hours,language,skills\n"


def test_the_import_writes_every_row_or_none(client, world, staff):
    from io import BytesIO

    bad = CSV_HEADER + ("Good one,https://a.example.test/1,P,video,0,CAD,2,en,Negotiation: 2\n"
                        "Bad one,not-a-url,P,video,0,CAD,2,en,Negotiation: 2\n")
    answer = client.post("/staff/learning/import", data={"file": (BytesIO(bad.encode()), "r.csv")},
                         content_type="multipart/form-data")
    assert answer.status_code == 422 and "Row 2 (url)" in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(LearningResource).where(LearningResource.title == "Good one")) is None
    good = CSV_HEADER + ("Good one,https://a.example.test/1,P,video,0,CAD,2,en,Negotiation: 2\n"
                         f"Known,{world['free'].url},P,video,0,CAD,2,en,Negotiation: 2\n")
    answer = client.post("/staff/learning/import", data={"file": (BytesIO(good.encode()), "r.csv")},
                         content_type="multipart/form-data")
    assert answer.status_code == 200 and "1 resource(s) imported, 1 skipped" in answer.get_data(as_text=True)
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "import")) is not None
    no_columns = client.post("/staff/learning/import", data={"file": (BytesIO(b"a,b\n1,2\n"), "r.csv")},
                             content_type="multipart/form-data")
    assert no_columns.status_code == 422 and "lacks the column" in no_columns.get_data(as_text=True)


def test_the_export_reads_back(client, world, staff):
    answer = client.get("/staff/learning/export?status=approved")
    assert answer.mimetype == "text/csv"
    text = answer.get_data(as_text=True)
    assert text.startswith("title,url,provider,format,cost") and "Negotiation basics" in text
    assert "Someone's idea" not in text


# --- query counts -----------------------------------------------------------------------------


def _more_resources(world, n=6):
    def grow():
        for _ in range(n):
            resource = factories.ResourceSkillFactory(skill=world["neg"], level=3).resource
            factories.ResourceProgressFactory(resource=resource, rating=3)
            factories.ResourceProgressFactory(participant=world["me"], resource=resource, rating=4)
            factories.ResourceSkillFactory(resource=resource, level=2)
            factories.ResourceSkillFactory(resource=factories.LearningResourceFactory(
                status=ResourceStatus.approved, link_broken_since=sa.func.now()))
        db.session.flush()
    return grow


def test_the_participant_page_s_query_count_is_flat(client, world, as_me):
    factories.ResourceProgressFactory(participant=world["me"], resource=world["free"])
    factories.LearningResourceFactory(suggested_by=as_me)
    db.session.flush()
    assert_query_count_flat(client, "/participant/learning", _more_resources(world))


@pytest.mark.parametrize("url", ["/staff/learning", "/staff/learning/review"])
def test_the_staff_pages_query_counts_are_flat(client, world, staff, url):
    factories.ResourceSkillFactory(resource=factories.LearningResourceFactory(review_flagged_at=sa.func.now()))
    db.session.flush()
    assert_query_count_flat(client, url, _more_resources(world))
