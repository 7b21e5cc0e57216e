"""Session feedback: who may rate what and when, the pages of each role, the designer's averages."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from cohorts.errors import CohortRuleError
from cohorts.feedback import queries, services
from cohorts.models import AttendanceStatus, EnrolmentStatus, SessionRating
from tests import factories
from tests.conftest import assert_query_count_flat

NOW = datetime.now(UTC).replace(microsecond=0)


def _past_session(cohort, days_ago: float = 1, **fields):
    starts = NOW - timedelta(days=days_ago)
    return factories.CohortSessionFactory(cohort=cohort, starts_at=starts, ends_at=starts + timedelta(hours=3),
                                          **fields)


@pytest.fixture
def world():
    """A cohort with two modules, a co-delivering employer, a participant enrolled, and sessions past and future."""
    cohort = factories.CohortFactory(code="FB-1")
    acme = factories.EmployerFactory(name="Acme Sales")
    first, second = (factories.ModuleFactory(cohort=cohort, title=t, position=i)
                     for i, t in enumerate(("Prospecting", "Objection handling"), start=1))
    me = factories.ParticipantFactory()
    factories.EnrolmentFactory(participant=me, cohort=cohort)
    w = {
        "cohort": cohort, "acme": acme, "first": first, "second": second, "me": me,
        "past": _past_session(cohort, module=first, title="Cold calls"),
        "with_acme": _past_session(cohort, 2, module=second, employer=acme, title="Acme objections"),
        "future": factories.CohortSessionFactory(cohort=cohort, title="Next week"),
        "old": _past_session(cohort, 20, module=first, title="Long ago"),
        "other": _past_session(factories.CohortFactory(), title="Someone else's"),
    }
    db.session.commit()  # a refused POST rolls the request back; keep the fixture data
    return w


# --- services -------------------------------------------------------------------------------


def test_a_participant_rates_a_started_session_of_their_cohort_once_and_may_change_it(world):
    rating = services.rate_session(world["me"], world["past"], 4, "  Useful  ")
    assert (rating.rating, rating.comment) == (4, "Useful")
    again = services.rate_session(world["me"], world["past"], 2, "")
    assert again.id == rating.id and again.rating == 2 and again.comment == ""
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionRating)) == 1


@pytest.mark.parametrize("value", [0, 6, -1])
def test_the_rating_is_1_to_5(world, value):
    with pytest.raises(CohortRuleError) as refused:
        services.rate_session(world["me"], world["past"], value)
    assert refused.value.field == "rating"


def test_the_database_holds_the_range_and_one_rating_per_person_and_session(world):
    db.session.add(SessionRating(participant=world["me"], session=world["past"], rating=7))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()
    w = world
    db.session.add_all([SessionRating(participant_id=w["me"].id, session_id=w["past"].id, rating=3),
                        SessionRating(participant_id=w["me"].id, session_id=w["past"].id, rating=4)])
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_only_sessions_of_my_own_cohorts(world):
    with pytest.raises(CohortRuleError, match="your own cohort"):
        services.rate_session(world["me"], world["other"], 5)


def test_a_withdrawn_participant_no_longer_rates(world):
    world["me"].enrolments[0].status = EnrolmentStatus.withdrawn
    with pytest.raises(CohortRuleError, match="your own cohort"):
        services.rate_session(world["me"], world["past"], 5)


def test_not_before_the_session_has_started(world):
    with pytest.raises(CohortRuleError, match="once it has started"):
        services.rate_session(world["me"], world["future"], 5)


def test_not_when_marked_absent_but_late_and_excused_may(world):
    factories.AttendanceFactory(session=world["past"], participant=world["me"], status=AttendanceStatus.absent)
    with pytest.raises(CohortRuleError, match="absent"):
        services.rate_session(world["me"], world["past"], 5)
    factories.AttendanceFactory(session=world["with_acme"], participant=world["me"], status=AttendanceStatus.late)
    assert services.rate_session(world["me"], world["with_acme"], 5).rating == 5


def test_the_edit_window_closes_14_days_after_the_session(world):
    with pytest.raises(CohortRuleError, match="closed"):
        services.rate_session(world["me"], world["old"], 3)
    closes = services.rating_closes_at(world["past"])
    assert closes == world["past"].ends_at + timedelta(days=14)
    services.rate_session(world["me"], world["past"], 3, now=closes)
    with pytest.raises(CohortRuleError, match="closed"):
        services.rate_session(world["me"], world["past"], 4, now=closes + timedelta(seconds=1))


# --- aggregates -------------------------------------------------------------------------------


def _rate(world, session, *ratings, comment=""):
    for value in ratings:
        person = factories.ParticipantFactory()
        factories.EnrolmentFactory(participant=person, cohort=world["cohort"])
        services.rate_session(person, session, value, comment)


def test_averages_per_module_and_per_co_delivering_employer(world):
    _rate(world, world["past"], 5, 4)
    _rate(world, world["with_acme"], 2, 3, comment="Too fast")
    _rate(world, _past_session(world["cohort"], title="No module"), 1)
    summary = queries.cohort_ratings(world["cohort"].id)
    assert (summary["overall"].count, float(summary["overall"].average)) == (5, 3.0)
    by_module = [(r.title, float(r.average), r.count) for r in summary["by_module"]]
    assert by_module == [("Prospecting", 4.5, 2), ("Objection handling", 2.5, 2), (None, 1.0, 1)]
    assert [(r.name, float(r.average), r.count) for r in summary["by_employer"]] == [("Acme Sales", 2.5, 2)]
    assert [r.comment for r in summary["comments"]] == ["Too fast", "Too fast"]
    assert len(summary["ratings"]) == 5


# --- pages ------------------------------------------------------------------------------------


@pytest.fixture
def me_logged_in(world, login):
    login(Role.participant, participant=world["me"], email=world["me"].email)
    db.session.commit()  # the login survives a refused POST's rollback
    return world


def test_the_participant_rates_through_the_portal(client, me_logged_in):
    w = me_logged_in
    page = client.get("/participant/feedback").text
    assert "Cold calls" in page and "Rate this session" in page and "Next week" not in page
    assert "Someone else" not in page and "Ratings for this session have closed" in page  # the old one
    form = client.get(f"/participant/sessions/{w['past'].id}/rate").text
    assert '<fieldset class="field field--radios' in form and "<legend>How useful was this session?</legend>" in form
    answer = client.post(f"/participant/sessions/{w['past'].id}/rate", data={"rating": "4", "comment": "Good pace"})
    assert answer.status_code == 302
    rating = db.session.scalar(sa.select(SessionRating))
    assert (rating.participant_id, rating.rating, rating.comment) == (w["me"].id, 4, "Good pace")
    assert "Change your rating" in client.get("/participant/feedback").text
    assert "Rate these sessions" in client.get("/participant/schedule").text


def test_the_portal_refuses_what_the_rules_refuse(client, me_logged_in):
    w = me_logged_in
    assert client.get(f"/participant/sessions/{w['other'].id}/rate").status_code == 404
    assert client.post(f"/participant/sessions/{w['other'].id}/rate", data={"rating": "5"}).status_code == 404
    for session, reason in ((w["future"], "once it has started"), (w["old"], "closed")):
        page = client.get(f"/participant/sessions/{session.id}/rate").text
        assert reason in page and 'name="rating"' not in page
        assert client.post(f"/participant/sessions/{session.id}/rate", data={"rating": "5"}).status_code == 200
    assert client.post(f"/participant/sessions/{w['past'].id}/rate", data={"rating": "9"}).status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionRating)) == 0


def test_csrf_is_required(app, client, me_logged_in):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        answer = client.post(f"/participant/sessions/{me_logged_in['past'].id}/rate", data={"rating": "4"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert answer.status_code in (200, 400)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(SessionRating)) == 0


@pytest.mark.parametrize("role", [Role.staff, Role.admin])
def test_staff_see_the_ratings_without_names_and_download_them(client, login, world, role):
    _rate(world, world["with_acme"], 2, comment="Too fast")
    names = [p.full_name for p in db.session.scalars(sa.select(factories.Participant))]
    login(role)
    page = client.get(f"/staff/cohorts/{world['cohort'].id}/session-ratings").text
    assert "Acme Sales" in page and "Objection handling" in page and "Too fast" in page
    assert not any(name in page for name in names)
    assert "Session ratings" in client.get(f"/staff/cohorts/{world['cohort'].id}/coverage").text
    csv = client.get(f"/staff/cohorts/{world['cohort'].id}/session-ratings?format=csv")
    assert csv.status_code == 200 and "Too fast" in csv.text and "Acme Sales" in csv.text
    xlsx = client.get(f"/staff/cohorts/{world['cohort'].id}/session-ratings?format=xlsx")
    assert xlsx.status_code == 200 and xlsx.data[:2] == b"PK"


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_employers_and_participants_never_see_the_staff_page(client, login, world, role):
    login(role)
    assert client.get(f"/staff/cohorts/{world['cohort'].id}/session-ratings").status_code == 403


@pytest.mark.parametrize("role", [Role.staff, Role.admin, Role.employer])
def test_only_participants_rate(client, login, world, role):
    login(role)
    assert client.get("/participant/feedback").status_code == 403
    assert client.post(f"/participant/sessions/{world['past'].id}/rate", data={"rating": "5"}).status_code == 403


def test_anonymous_is_sent_to_login(client, world):
    assert client.get("/participant/feedback").status_code == 302
    assert client.get(f"/staff/cohorts/{world['cohort'].id}/session-ratings").status_code == 302


# --- query counts -----------------------------------------------------------------------------


def test_the_staff_page_and_coverage_keep_a_flat_query_count(client, login, world):
    login(Role.staff)
    _rate(world, world["past"], 4, comment="Fine")

    def grow():
        beta = factories.EmployerFactory()
        for days in (3, 4):
            _rate(world, _past_session(world["cohort"], days, module=world["second"], employer=beta), 3, 5,
                  comment="More")

    url = f"/staff/cohorts/{world['cohort'].id}/session-ratings"
    assert_query_count_flat(client, url, grow)
    assert_query_count_flat(client, f"/staff/cohorts/{world['cohort'].id}/coverage", grow)


def test_the_participant_list_keeps_a_flat_query_count(client, me_logged_in):
    w = me_logged_in
    services.rate_session(w["me"], w["past"], 4)

    def grow():
        for days in (3, 4, 5):
            session = _past_session(w["cohort"], days, module=w["second"], employer=w["acme"])
            services.rate_session(w["me"], session, 5, "Great")
            factories.AttendanceFactory(session=session, participant=w["me"])

    assert_query_count_flat(client, "/participant/feedback", grow)
