"""The public pages (verify, share link, issuer, keys, status), the participant's and staff's pages, denials."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.credentials import services
from cohorts.models import EnrolmentStatus, IssuedCredential
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from tests import factories
from tests.cohorts.credentials.helpers import completed_world
from tests.conftest import assert_query_count_flat


@pytest.fixture
def world():
    w = completed_world()
    w["issued"] = services.issue_completion(w["enrolment"], actor=None)
    db.session.commit()
    return w


def _tampered(compact: str) -> str:
    middle = len(compact) // 2
    return compact[:middle] + ("A" if compact[middle] != "A" else "B") + compact[middle + 1:]


# --- public -----------------------------------------------------------------------------------


def test_the_issuer_profile_and_keys_are_published(client, world):
    profile = client.get("/credentials/issuer.json").json
    assert profile["type"] == ["Profile"] and profile["id"].endswith("/credentials/issuer.json")
    keys = client.get("/credentials/jwks.json").json["keys"]
    assert len(keys) == 1 and keys[0]["crv"] == "Ed25519" and keys[0]["kid"] and "d" not in keys[0]
    answer = client.get("/credentials/status")
    assert answer.status_code == 200 and answer.mimetype == "application/vc+jwt" and answer.text.count(".") == 2


def test_the_verify_endpoint_answers_valid_tampered_revoked(client, world):
    compact = world["issued"].compact_jwt
    assert client.post("/credentials/verify", json={"credential": compact}).json["result"] == "valid"
    assert client.post("/credentials/verify", json={"credential": _tampered(compact)}).json["result"] == "tampered"
    assert client.post("/credentials/verify", data=compact, content_type="application/jwt").json["result"] == "valid"
    assert client.post("/credentials/verify", json={"nothing": 1}).status_code == 400
    services.revoke_credential(world["issued"], "Issued in error", actor=None)
    db.session.commit()
    assert client.post("/credentials/verify", json={"credential": compact}).json["result"] == "revoked"


def test_the_verify_page_takes_pasted_text_or_an_upload(client, world):
    compact = world["issued"].compact_jwt
    assert "Verify a credential" in client.get("/credentials/verify").text
    page = client.post("/credentials/verify", data={"credential": compact})
    assert page.status_code == 200 and 'data-result="valid"' in page.text
    page = client.post("/credentials/verify", data={"credential": _tampered(compact)})
    assert 'data-result="tampered"' in page.text
    upload = {"upload": (io.BytesIO(compact.encode()), "credential.jwt")}
    page = client.post("/credentials/verify", data=upload, content_type="multipart/form-data")
    assert 'data-result="valid"' in page.text
    empty = client.post("/credentials/verify", data={"credential": ""})
    assert empty.status_code == 422 and "Paste a credential" in empty.text


def test_the_json_endpoint_needs_no_csrf_token_but_the_form_does(app, client, world):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        answer = client.post("/credentials/verify", json={"credential": world["issued"].compact_jwt})
        assert answer.json["result"] == "valid"
        form = client.post("/credentials/verify", data={"credential": world["issued"].compact_jwt})
        assert form.status_code == 422 and "data-result" not in form.text
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_share_link_shows_downloads_and_json(client, world):
    token = world["issued"].public_token
    page = client.get(f"/credentials/{token}")
    assert page.status_code == 200 and "Ada Lovelace" in page.text and 'data-result="valid"' in page.text
    assert "ESCO skill 1" in page.text
    download = client.get(f"/credentials/{token}.jwt")
    assert download.text == world["issued"].compact_jwt and "attachment" in download.headers["Content-Disposition"]
    assert client.get(f"/credentials/{token}.json").json["type"][1] == "OpenBadgeCredential"
    assert client.get("/credentials/not-a-token").status_code == 404
    assert client.get("/credentials/not-a-token.jwt").status_code == 404


# --- participant ------------------------------------------------------------------------------


@pytest.fixture
def me(world, login):
    login(Role.participant, participant=world["completer"], email=world["completer"].email)
    db.session.commit()
    return world


def test_my_credentials_lists_mine_with_download_and_share_link(client, me):
    page = client.get("/participant/credentials").text
    assert "Completed Sales Development" in page and me["issued"].public_token in page
    assert "Issue my completion credential" not in page


def test_a_completer_issues_their_own_completion_credential(client, login, world):
    person = factories.ParticipantFactory()
    enrolment = factories.EnrolmentFactory(participant=person, cohort=world["cohort"], status=EnrolmentStatus.completed)
    login(Role.participant, participant=person, email=person.email)
    db.session.commit()
    assert "Issue my completion credential" in client.get("/participant/credentials").text
    answer = client.post(f"/participant/credentials/issue/{enrolment.id}", follow_redirects=True)
    assert "Your completion credential is issued" in answer.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(IssuedCredential)
                             .where(IssuedCredential.participant_id == person.id)) == 1
    # another participant's enrolment is not theirs
    assert client.post(f"/participant/credentials/issue/{world['enrolment'].id}").status_code == 404


def test_my_credentials_query_count_is_flat(client, me):
    def grow():
        for _ in range(3):
            enrolment = factories.EnrolmentFactory(participant=me["completer"], status=EnrolmentStatus.completed)
            services.issue_completion(enrolment, actor=None)
        db.session.commit()
    assert_query_count_flat(client, "/participant/credentials", grow)


# --- staff ------------------------------------------------------------------------------------


def test_staff_issue_for_completers_and_revoke_with_a_reason(client, login, world):
    login(Role.staff)
    assert "CRED-1" in client.get("/staff/credentials").text
    answer = client.post(f"/staff/cohorts/{world['cohort'].id}/credentials/issue", follow_redirects=True)
    assert "1 credential(s) issued" in answer.text and "Competency: ESCO skill 1" in answer.text
    url = f"/staff/credentials/{world['issued'].id}/revoke"
    assert client.get(url).status_code == 200
    refused = client.post(url, data={"reason": ""})
    assert refused.status_code == 422 and "Say why" in refused.text
    done = client.post(url, data={"reason": "Completion recorded in error"}, follow_redirects=True)
    assert "Revoked" in done.text and "Completion recorded in error" in done.text
    assert db.session.scalar(sa.select(AuditEvent.action).where(
        AuditEvent.entity == "issued_credential", AuditEvent.entity_id == str(world["issued"].id))
        .order_by(AuditEvent.id.desc()).limit(1)) == "revoked"
    assert client.post("/credentials/verify", json={"credential": world["issued"].compact_jwt}).json["result"] == "revoked"


def test_staff_pages_query_counts_are_flat(client, login, world):
    login(Role.staff)

    def grow():
        for _ in range(3):
            cohort = factories.CohortFactory()
            enrolment = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.completed)
            services.issue_completion(enrolment, actor=None)
            services.issue_completion(factories.EnrolmentFactory(cohort=world["cohort"],
                                                                 status=EnrolmentStatus.completed), actor=None)
        db.session.commit()
        assert world["cohort"].code  # reload what the commit expired, as the first measure had it loaded
    assert_query_count_flat(client, f"/staff/cohorts/{world['cohort'].id}/credentials", grow)
    assert_query_count_flat(client, "/staff/credentials", grow)


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_only_staff_issue_and_revoke(client, login, world, role):
    login(role)
    assert client.get("/staff/credentials").status_code == 403
    assert client.get(f"/staff/cohorts/{world['cohort'].id}/credentials").status_code == 403
    assert client.post(f"/staff/cohorts/{world['cohort'].id}/credentials/issue").status_code == 403
    assert client.post(f"/staff/credentials/{world['issued'].id}/revoke", data={"reason": "x"}).status_code == 403


@pytest.mark.parametrize("role", [Role.staff, Role.employer])
def test_only_participants_have_my_credentials(client, login, world, role):
    login(role)
    assert client.get("/participant/credentials").status_code == 403


def test_anonymous_reaches_public_pages_only(client, world):
    assert client.get("/participant/credentials").status_code == 302
    assert client.get("/staff/credentials").status_code == 302
    assert client.get("/staff/credentials/999999/revoke").status_code == 302
    assert client.get("/credentials/verify").status_code == 200


def test_unknown_records_are_404_for_staff(client, login, world):
    login(Role.staff)
    assert client.get("/staff/credentials/999999/revoke").status_code == 404
    assert client.get("/staff/cohorts/999999/credentials").status_code == 404


# --- privacy ----------------------------------------------------------------------------------


def test_subject_access_lists_the_credentials(world):
    section = export_subject_data(world["completer"])["credentials"]
    assert [row["kind"] for row in section] == ["completion"] and section[0]["compact_jwt"]


def test_erasure_revokes_and_removes_the_credential(client, world):
    compact, token = world["issued"].compact_jwt, world["issued"].public_token
    erase_participant(world["completer"], None)
    db.session.commit()
    db.session.refresh(world["issued"])
    assert world["issued"].compact_jwt == "" and world["issued"].public_token is None
    assert world["issued"].revoked_at is not None
    assert client.get(f"/credentials/{token}").status_code == 404
    assert client.post("/credentials/verify", json={"credential": compact}).json["result"] == "revoked"
    assert services.issue_for_cohort(world["cohort"], actor=None) == []
