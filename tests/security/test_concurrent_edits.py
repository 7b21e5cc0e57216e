"""Optimistic locking: two people edit the same record; the second, stale save is refused with
what changed in the meantime, nothing of it is written, and saving again on the new version works."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.orm.exc import StaleDataError

from app.concurrency import ConflictError, check_version, snapshot
from app.db import utcnow
from app.extensions import db
from app.models import Role
from cohorts.models import CandidacyStage
from tests import factories as f
from tests.conftest import log_in


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'<input[^>]*name="{re.escape(name)}"[^>]*value="([^"]*)"', page)
    assert match, f"no hidden {name} on the page"
    return html.unescape(match.group(1))


@pytest.fixture
def two_clients(app):
    """Two browsers, two people."""
    return app.test_client(), app.test_client()


def _open(client, url: str, prefix: str = "") -> dict[str, str]:
    page = client.get(url)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    return {f"{prefix}version": _hidden(text, f"{prefix}version"), f"{prefix}original": _hidden(text, f"{prefix}original")}


def _race(two_clients, url, first: dict, second: dict, prefix: str = ""):
    """Both open the form; the first saves; the second saves its stale form. → second's response."""
    a, b = two_clients
    form_a, form_b = _open(a, url, prefix), _open(b, url, prefix)
    saved = a.post(url, data={**first, **form_a})
    assert saved.status_code == 302, saved.get_data(as_text=True)[:2000]
    return b.post(url, data={**second, **form_b})


def _conflict_text(response) -> str:
    text = html.unescape(response.get_data(as_text=True))
    assert "Someone else changed this" in text and "nothing was saved" in text
    return text


def test_cohort(two_clients):
    cohort = f.CohortFactory(capacity=20, name="Spring")
    log_in(two_clients[0], f.UserFactory(role=Role.staff))
    log_in(two_clients[1], f.UserFactory(role=Role.staff))
    base = {"programme_id": cohort.programme_id, "code": cohort.code, "name": "Spring",
            "starts_on": cohort.starts_on.isoformat(), "ends_on": cohort.ends_on.isoformat(), "capacity": "20"}
    url = f"/staff/cohorts/{cohort.id}/edit"
    stale = _race(two_clients, url, {**base, "capacity": "25"}, {**base, "name": "Spring (evening)"})
    text = _conflict_text(stale)
    assert "Capacity: 20 → 25" in text
    assert (cohort.capacity, cohort.name) == (25, "Spring")  # the first save stands, the second wrote nothing
    again = two_clients[1].post(url, data={**base, "capacity": "25", "name": "Spring (evening)",
                                           "version": _hidden(stale.get_data(as_text=True), "version"),
                                           "original": _hidden(stale.get_data(as_text=True), "original")})
    assert again.status_code == 302 and cohort.name == "Spring (evening)"


def test_module(two_clients):
    module = f.ModuleFactory(title="Prospecting", hours=10)
    for client in two_clients:
        log_in(client, f.UserFactory(role=Role.staff))
    url = f"/staff/modules/{module.id}/edit"
    stale = _race(two_clients, url, {"title": "Prospecting", "hours": "12"}, {"title": "Cold calling", "hours": "10"})
    assert "Hours: 10 → 12" in _conflict_text(stale)
    assert (module.title, module.hours) == ("Prospecting", 12)


def test_participant(two_clients):
    participant = f.ParticipantFactory(phone="0100", goals="Sales")
    for client in two_clients:
        log_in(client, f.UserFactory(role=Role.staff))
    base = {"first_name": participant.first_name, "last_name": participant.last_name, "email": participant.email,
            "phone": "0100", "goals": "Sales"}
    url = f"/staff/participants/{participant.id}/intake"
    stale = _race(two_clients, url, {**base, "phone": "0200"}, {**base, "goals": "Team lead"})
    assert "Phone: 0100 → 0200" in _conflict_text(stale)
    assert (participant.phone, participant.goals) == ("0200", "Sales")


def test_hiring_need(two_clients):
    need = f.HiringNeedFactory(openings=2, role_title="Sales rep")
    for client in two_clients:
        log_in(client, f.UserFactory(role=Role.staff))
    base = {"ref": need.ref, "role_title": "Sales rep", "openings": "2"}
    url = f"/staff/hiring-needs/{need.id}/edit"
    stale = _race(two_clients, url, {**base, "openings": "4"}, {**base, "role_title": "Account manager"})
    assert "Openings: 2 → 4" in _conflict_text(stale)
    assert (need.openings, need.role_title) == (4, "Sales rep")


def test_candidacy(two_clients):
    employer = f.EmployerFactory()
    need = f.HiringNeedFactory(employer=employer)
    start = date(2026, 1, 5)
    cohort = f.CohortFactory(starts_on=start, ends_on=start + timedelta(days=56))
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    participant = f.EnrolmentFactory(cohort=cohort, enrolled_on=start).participant
    candidacy = f.CandidacyFactory(participant=participant, hiring_need=need, cohort=cohort,
                                   stage=CandidacyStage.introduced, introduced_at=utcnow())
    for client in two_clients:
        log_in(client, f.user_for_role(Role.employer, employer=employer))
    url = f"/employer/candidates/{candidacy.id}"
    a, b = two_clients
    form_a, form_b = _open(a, url, "move-"), _open(b, url, "move-")
    post = f"/employer/candidates/{candidacy.id}/stage"
    assert a.post(post, data={"move-stage": "interviewing", "move-feedback": "Good call", **form_a}).status_code == 302
    stale = b.post(post, data={"move-stage": "not_selected", "move-feedback": "No", **form_b})
    text = _conflict_text(stale)
    assert "Stage: introduced → interviewing" in text
    assert candidacy.stage == CandidacyStage.interviewing and candidacy.employer_feedback == "Good call"


# --- the helper and the last line of defence ------------------------------------------------


def test_check_version_names_what_changed():
    cohort = f.CohortFactory(capacity=10)
    original = snapshot(cohort, ("capacity", "name"))
    version = cohort.version
    check_version(cohort, version, original, fields=("capacity", "name"))  # current: fine
    cohort.capacity = 12
    db.session.flush()
    with pytest.raises(ConflictError) as raised:
        check_version(cohort, version, original, fields=("capacity", "name"), what="cohort")
    assert raised.value.changes == {"capacity": (10, 12)}
    with pytest.raises(ConflictError):
        check_version(cohort, "not a number", original, fields=("capacity",))


def test_the_version_column_refuses_a_simultaneous_save():
    """Two saves that both passed the form check: the database sees the second as stale."""
    cohort = f.CohortFactory(capacity=10)
    db.session.execute(sa.text("UPDATE cohorts SET version = version + 1, capacity = 11 WHERE id = :id"),
                       {"id": cohort.id})
    cohort.capacity = 12
    with pytest.raises(StaleDataError):
        db.session.flush()
    db.session.rollback()


def test_a_simultaneous_save_gets_a_409_page(app, client, login, monkeypatch):
    login(Role.staff)
    cohort = f.CohortFactory()
    db.session.commit()  # the 409 handler rolls back: keep the test's own rows
    from cohorts.design import services

    def racing_update(cohort, **kwargs):
        db.session.execute(sa.text("UPDATE cohorts SET version = version + 1 WHERE id = :id"), {"id": cohort.id})
        cohort.name = "Mine"
        db.session.flush()

    monkeypatch.setattr(services, "update_cohort", racing_update)
    response = client.post(f"/staff/cohorts/{cohort.id}/edit", data={
        "programme_id": cohort.programme_id, "code": cohort.code, "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat()})
    assert response.status_code == 409
    assert "Someone else saved this record at the same moment" in response.get_data(as_text=True)
