"""The public application form: applies, never enumerates, resists abuse; capacity and waitlist."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import func, select

from app.extensions import db, limiter
from app.models import OutboxMessage, Role, User
from cohorts.participants import admissions as services
from cohorts.participants.admissions import APPLICATION_RECEIVED, CONFIRM_BY_EMAIL
from cohorts.models import CohortStatus, Enrolment, EnrolmentStatus, Participant
from tests import factories
from tests.conftest import assert_query_count_flat


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def cohort():
    cohort = factories.CohortFactory(code="SC-APPLY", name="Spring", status=CohortStatus.recruiting, capacity=1)
    db.session.commit()
    return cohort


def form(**fields):
    return {"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "phone": "",
            "region": "Leeds", "referral_source": "A friend", "goals": "Sales role", "consent": "y",
            "website": ""} | fields


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def confirmation_link(email: str) -> str:
    """The path of the newest confirmation link mailed to this address."""
    body = db.session.scalars(
        select(OutboxMessage.body_text).where(OutboxMessage.recipient == email.lower(),
                                              OutboxMessage.kind == "application_confirmation")
        .order_by(OutboxMessage.id.desc())
    ).first()
    return urlsplit(re.search(r"https?://\S+/apply/\S+", body).group(0)).path


def confirm(client, email: str = "ada@example.org"):
    """Open the mailed link and press its button, as the applicant would."""
    path = confirmation_link(email)
    assert client.get(path).status_code == 200
    return client.post(path)


def apply(client, **fields):
    response = client.post("/apply/SC-APPLY", data=form(**fields))
    confirm(client, fields.get("email", "ada@example.org"))
    return response


def test_the_application_page_shows_the_form_with_a_hidden_honeypot(client, cohort):
    page = client.get("/apply/SC-APPLY").get_data(as_text=True)
    assert "Apply to SC-APPLY — Spring" in page
    assert '<div class="honeypot" aria-hidden="true">' in page
    assert 'tabindex="-1"' in page and 'autocomplete="off"' in page


@pytest.mark.parametrize("status", [CohortStatus.design, CohortStatus.training, CohortStatus.closed])
def test_only_recruiting_cohorts_take_applications(client, status):
    factories.CohortFactory(code="NOT-OPEN", status=status)
    assert client.get("/apply/NOT-OPEN").status_code == 404
    assert client.post("/apply/NOT-OPEN", data=form()).status_code == 404
    assert client.get("/apply/NO-SUCH-COHORT").status_code == 404


def test_applying_creates_participant_enrolment_and_invitation(client, cohort):
    response = client.post("/apply/SC-APPLY", data=form(), follow_redirects=True)
    assert CONFIRM_BY_EMAIL in response.get_data(as_text=True)
    assert count(Participant) == 0 and count(Enrolment) == 0  # nothing until the mailbox confirms
    assert APPLICATION_RECEIVED in confirm(client).get_data(as_text=True)
    participant = db.session.scalar(select(Participant).where(Participant.email == "ada@example.org"))
    assert (participant.first_name, participant.region, participant.goals) == ("Ada", "Leeds", "Sales role")
    enrolment = db.session.scalar(select(Enrolment).where(Enrolment.participant_id == participant.id))
    assert enrolment.status == EnrolmentStatus.applied and enrolment.cohort_id == cohort.id
    user = db.session.scalar(select(User).where(User.email == "ada@example.org"))
    assert user.role == Role.participant and participant.user_id == user.id
    assert count(OutboxMessage, OutboxMessage.recipient == "ada@example.org", OutboxMessage.kind == "invitation") == 1


def test_invalid_input_shows_errors_and_saves_nothing(client, cohort):
    response = client.post("/apply/SC-APPLY", data=form(email="not-an-email", consent=""))
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Please correct the highlighted fields" in page
    assert "Please agree so that we can contact you." in page
    assert count(Participant) == 0


def test_a_duplicate_application_gets_the_same_answer_and_no_second_enrolment(client, cohort):
    first = client.post("/apply/SC-APPLY", data=form(), follow_redirects=True)
    confirm(client)
    second = client.post("/apply/SC-APPLY", data=form(first_name="Mallory", email="ADA@example.org"),
                         follow_redirects=True)
    confirm(client)
    assert first.get_data() == second.get_data()
    assert count(Enrolment) == 1
    assert db.session.scalar(select(Participant.first_name)) == "Ada"


def test_the_answer_never_reveals_a_known_email(client, cohort):
    factories.user_for_role(Role.staff, email="known@example.org")
    factories.ParticipantFactory(email="member@example.org")
    db.session.commit()
    answers = {
        email: client.post("/apply/SC-APPLY", data=form(email=email))
        for email in ("new@example.org", "known@example.org", "member@example.org")
    }
    assert {(r.status_code, r.location) for r in answers.values()} == {(302, "/apply/SC-APPLY/thanks")}
    # a staff account's email never gets a participant login
    assert db.session.scalar(select(User.role).where(User.email == "known@example.org")) == Role.staff


def test_a_filled_honeypot_is_thanked_and_ignored(client, cohort):
    response = client.post("/apply/SC-APPLY", data=form(website="http://spam.example"))
    assert response.status_code == 302 and response.location == "/apply/SC-APPLY/thanks"
    assert count(Participant) == 0 and count(OutboxMessage) == 0


def test_submissions_are_rate_limited_per_client(client, cohort):
    for i in range(5):
        assert client.post("/apply/SC-APPLY", data=form(email=f"p{i}@example.org")).status_code == 302
    blocked = client.post("/apply/SC-APPLY", data=form(email="p6@example.org"))
    assert blocked.status_code == 429
    assert count(Participant, Participant.email == "p6@example.org") == 0
    assert client.get("/apply/SC-APPLY").status_code == 200  # reading the page is not limited
    other = client.post("/apply/SC-APPLY", data=form(email="p7@example.org"),
                        environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert other.status_code == 302


def test_the_form_requires_a_csrf_token(client, cohort, app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    response = client.post("/apply/SC-APPLY", data=form())
    assert response.status_code == 400
    assert count(Participant) == 0


def test_capacity_and_waitlist_after_public_applications(client, login, cohort):
    for i in range(3):
        apply(client, email=f"a{i}@example.org", first_name=f"A{i}")
    enrolments = list(db.session.scalars(select(Enrolment).order_by(Enrolment.id)))
    staff = login(Role.staff)
    db.session.commit()
    for enrolment in enrolments:
        client.post(f"/staff/enrolments/{enrolment.id}/accept")
    db.session.expire_all()
    assert [(e.status, e.waitlist_position) for e in enrolments] == [
        (EnrolmentStatus.accepted, None), (EnrolmentStatus.applied, 1), (EnrolmentStatus.applied, 2)]
    services.withdraw(enrolments[0], "Changed plans", actor=staff)
    assert [(e.status, e.waitlist_position) for e in enrolments[1:]] == [
        (EnrolmentStatus.accepted, None), (EnrolmentStatus.applied, 1)]
    client.get(f"/staff/cohorts/{cohort.id}/enrolments")  # shows (and so clears) the screening messages
    page = client.get(f"/staff/cohorts/{cohort.id}/enrolments?status=waitlist").get_data(as_text=True)
    # Full names: a bare "A1" can turn up inside a CSRF token's base64.
    assert "waitlist #1" in page and "A2 Lovelace" in page and "A1 Lovelace" not in page


def test_an_existing_participant_is_untouched_until_the_mailbox_confirms(client, cohort):
    member = factories.ParticipantFactory(email="member@example.org", first_name="Grace")
    db.session.commit()
    client.post("/apply/SC-APPLY", data=form(email="member@example.org", first_name="Mallory"))
    assert count(Enrolment, Enrolment.participant_id == member.id) == 0
    assert count(OutboxMessage, OutboxMessage.recipient == "member@example.org",
                 OutboxMessage.kind == "invitation") == 0
    confirm(client, "member@example.org")
    assert count(Enrolment, Enrolment.participant_id == member.id) == 1
    assert db.session.get(Participant, member.id).first_name == "Grace"


@pytest.mark.parametrize("tamper", [lambda path: path[:-3] + "abc", lambda path: path.replace("SC-APPLY", "SC-OTHER")])
def test_a_tampered_or_foreign_link_applies_nobody(client, cohort, tamper):
    factories.CohortFactory(code="SC-OTHER", status=CohortStatus.recruiting)
    db.session.commit()
    client.post("/apply/SC-APPLY", data=form())
    response = client.post(tamper(confirmation_link("ada@example.org")))
    assert response.status_code == 200 and "expired or is not valid" in response.get_data(as_text=True)
    assert count(Participant) == 0 and count(Enrolment) == 0


def test_one_address_cannot_be_flooded_from_many_clients(client, cohort):
    for i in range(3):
        assert client.post("/apply/SC-APPLY", data=form(), environ_base={"REMOTE_ADDR": f"192.0.2.{i}"}).status_code == 302
    flooded = client.post("/apply/SC-APPLY", data=form(), environ_base={"REMOTE_ADDR": "192.0.2.99"})
    assert flooded.status_code == 429
    assert count(OutboxMessage, OutboxMessage.recipient == "ada@example.org") == 1  # one link a day


def test_opening_a_bad_link_says_so_at_once(client, cohort):
    page = client.get("/apply/SC-APPLY/confirm/not-a-real-token").get_data(as_text=True)
    assert "expired or is not valid" in page and "Confirm my application" not in page


def test_the_public_list_names_the_cohorts_taking_applications(client, cohort):
    factories.CohortFactory(code="NOT-YET", status=CohortStatus.design)
    page = client.get("/apply/").get_data(as_text=True)
    assert "SC-APPLY — Spring" in page and 'href="/apply/SC-APPLY"' in page and "NOT-YET" not in page


def test_the_login_page_leads_to_the_open_cohorts(client):
    assert 'href="/apply/"' in client.get("/login").get_data(as_text=True)


def test_the_open_cohorts_list_runs_the_same_queries_however_many_there_are(client, cohort):
    assert_query_count_flat(client, "/apply/", lambda: [
        factories.CohortFactory(status=CohortStatus.recruiting) for _ in range(3)])
