"""Issuing, verifying (valid, tampered, revoked, expired, unknown issuer), the keys and the status list."""

from __future__ import annotations

import base64
import json
import logging
import os
from datetime import timedelta

import pytest
import sqlalchemy as sa
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jwt
from joserfc.jwk import OKPKey

from app.db import utcnow
from app.extensions import db
from app.models import AuditEvent
from cohorts.credentials import keys, services, status
from cohorts.credentials.verification import verify_credential
from cohorts.errors import CohortRuleError
from cohorts.models import CredentialKind, IssuedCredential
from cohorts.signals import enrolment_completed
from tests.cohorts.credentials.helpers import completed_world

B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _payload(compact: str) -> dict:
    return json.loads(_b64(compact.split(".")[1]))


def _change_one_byte(compact: str, position: int) -> str:
    old = compact[position]
    new = B64URL[(B64URL.index(old) + 1) % 64]
    return compact[:position] + new + compact[position + 1:]


@pytest.fixture
def world():
    return completed_world()


@pytest.fixture
def issued(world):
    return services.issue_completion(world["enrolment"], actor=None)


# --- issuing ----------------------------------------------------------------------------------


def test_a_completion_credential_is_an_open_badge_aligned_to_esco(world, issued):
    claims = _payload(issued.compact_jwt)
    vc = claims["vc"]
    assert vc["type"] == ["VerifiableCredential", "OpenBadgeCredential"]
    assert "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json" in vc["@context"]
    assert claims["iss"] == vc["issuer"]["id"] == "http://127.0.0.1:5000/credentials/issuer.json"
    assert claims["jti"] == vc["id"] == f"urn:uuid:{issued.jti}"
    achievement = vc["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Certificate" and achievement["criteria"]["narrative"]
    # aligned to the ESCO URIs of what the cohort teaches; the skill without a URI is left out
    assert [a["targetUrl"] for a in achievement["alignment"]] == [s.esco_uri for s in world["esco"]]
    assert vc["credentialStatus"]["type"] == "BitstringStatusListEntry"
    assert vc["credentialStatus"]["statusListIndex"] == str(issued.status_index)
    # the email is only a salted hash
    assert world["completer"].email not in issued.compact_jwt
    header = json.loads(_b64(issued.compact_jwt.split(".")[0]))
    assert header["alg"] == "Ed25519" and header["kid"] == keys.current_key().kid


def test_issuing_is_idempotent_and_only_for_completers(world, issued):
    assert services.issue_completion(world["enrolment"], actor=None).id == issued.id
    with pytest.raises(CohortRuleError, match="completed"):
        services.issue_completion(world["current"], actor=None)
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity == "issued_credential")).action == "issued"


def test_issuing_for_a_cohort_gives_completion_and_competencies_reached_once(world):
    first = services.issue_for_cohort(world["cohort"], actor=None)
    assert sorted((c.kind, c.skill_id) for c in first) == sorted(
        [(CredentialKind.competency, world["esco"][0].id), (CredentialKind.completion, None)])
    assert services.issue_for_cohort(world["cohort"], actor=None) == []
    competency = next(c for c in first if c.kind == CredentialKind.competency)
    achievement = _payload(competency.compact_jwt)["vc"]["credentialSubject"]["achievement"]
    assert achievement["achievementType"] == "Competency"
    assert achievement["alignment"][0]["targetUrl"] == world["esco"][0].esco_uri


def test_the_completion_signal_issues_the_credential(world):
    enrolment_completed.send(world["enrolment"])
    assert db.session.scalar(sa.select(IssuedCredential.kind)
                             .where(IssuedCredential.enrolment_id == world["enrolment"].id)) == "completion"


def test_the_database_keeps_one_completion_per_enrolment(world, issued):
    db.session.add(IssuedCredential(participant_id=issued.participant_id, enrolment_id=issued.enrolment_id,
                                    kind=CredentialKind.completion, jti="x" * 36, status_index=issued.status_index + 1
                                    if issued.status_index < 1000 else 1))
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


# --- verifying --------------------------------------------------------------------------------


def test_an_issued_credential_verifies(issued):
    verdict = verify_credential(issued.compact_jwt)
    assert verdict.result == "valid", verdict


def test_an_independent_library_verifies_the_signature_and_rejects_one_changed_byte(issued):
    """cryptography's Ed25519 over header.payload with the published JWK: nothing of joserfc involved."""
    jwk = keys.jwks()["keys"][0]
    assert "d" not in jwk
    public = Ed25519PublicKey.from_public_bytes(_b64(jwk["x"]))
    header, payload, signature = issued.compact_jwt.split(".")
    public.verify(_b64(signature), f"{header}.{payload}".encode())
    changed = bytearray(f"{header}.{payload}".encode())
    changed[len(header) + 10] ^= 0x01
    with pytest.raises(InvalidSignature):
        public.verify(_b64(signature), bytes(changed))


def test_one_changed_byte_in_the_payload_or_signature_is_tampered(issued):
    compact = issued.compact_jwt
    dots = [i for i, ch in enumerate(compact) if ch == "."]
    for position in (dots[0] + len(compact) // 4, dots[1] + 20, len(compact) - 1):
        assert verify_credential(_change_one_byte(compact, position)).result == "tampered"
    assert verify_credential("not a credential").result == "tampered"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_no_single_changed_character_still_verifies(issued, data):
    compact = issued.compact_jwt
    position = data.draw(st.integers(0, len(compact) - 1).filter(lambda i: compact[i] != "."))
    assert verify_credential(_change_one_byte(compact, position)).result != "valid"


def test_a_revoked_credential_is_revoked_and_the_status_list_says_so(issued):
    with pytest.raises(CohortRuleError):
        services.revoke_credential(issued, "  ", actor=None)
    services.revoke_credential(issued, "Issued in error", actor=None)
    assert verify_credential(issued.compact_jwt).result == "revoked"
    with pytest.raises(CohortRuleError, match="already"):
        services.revoke_credential(issued, "Again", actor=None)
    signed = status.status_list_credential()
    public = Ed25519PublicKey.from_public_bytes(_b64(keys.jwks()["keys"][0]["x"]))
    header, payload, signature = signed.split(".")
    public.verify(_b64(signature), f"{header}.{payload}".encode())
    bits = status.decode_bits(json.loads(_b64(payload))["vc"]["credentialSubject"]["encodedList"])
    assert len(bits) * 8 == 131_072 and status.is_set(bits, issued.status_index)
    assert sum(b.bit_count() for b in bits) == 1


def test_an_expired_credential_is_expired(world):
    credential = services.issue_completion(world["enrolment"], actor=None, expires_at=utcnow() + timedelta(hours=1))
    assert verify_credential(credential.compact_jwt).result == "valid"
    assert verify_credential(credential.compact_jwt, now=utcnow() + timedelta(hours=2)).result == "expired"
    assert _payload(credential.compact_jwt)["vc"]["validUntil"]


def test_an_expiry_in_the_past_is_refused(world):
    with pytest.raises(CohortRuleError, match="future"):
        services.issue_completion(world["enrolment"], actor=None, expires_at=utcnow() - timedelta(days=1))


def test_a_credential_signed_by_another_key_is_from_an_unknown_issuer(issued):
    forger = OKPKey.generate_key("Ed25519", parameters={"kid": "forged"})
    claims = _payload(issued.compact_jwt)
    forged = jwt.encode({"alg": "Ed25519", "kid": "forged"}, claims, forger, algorithms=["Ed25519"])
    assert verify_credential(forged).result == "unknown_issuer"
    # same key id as ours, wrong key: the signature fails
    ours = keys.current_key().kid
    forged = jwt.encode({"alg": "Ed25519", "kid": ours}, claims, forger, algorithms=["Ed25519"])
    assert verify_credential(forged).result == "tampered"
    kid, private = keys.signing_key()
    other_issuer = jwt.encode({"alg": "Ed25519", "kid": kid}, dict(claims, iss="https://elsewhere.example/"), private,
                              algorithms=["Ed25519"])
    assert verify_credential(other_issuer).result == "unknown_issuer"


# --- keys -------------------------------------------------------------------------------------


def test_private_keys_are_0600_files_never_rows(key_dir, issued):
    kid = keys.current_key().kid
    path = key_dir / f"{kid}.pem"
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert os.stat(key_dir).st_mode & 0o777 == 0o700
    assert "PRIVATE KEY" in path.read_text()
    assert all("d" not in key.public_jwk for key in keys.published_keys())


def test_rotation_keeps_old_credentials_valid(world, issued, key_dir):
    old_kid = keys.current_key().kid
    new = keys.rotate_key(actor=None)
    assert new.kid != old_kid and keys.current_key().kid == new.kid
    assert [k["kid"] for k in keys.jwks()["keys"]] == [new.kid, old_kid]
    assert verify_credential(issued.compact_jwt).result == "valid"
    later = services.issue_competencies(world["enrolment"], actor=None)[0]
    assert json.loads(_b64(later.compact_jwt.split(".")[0]))["kid"] == new.kid
    assert verify_credential(later.compact_jwt).result == "valid"
    assert sorted(p.name for p in key_dir.iterdir()) == sorted([f"{old_kid}.pem", f"{new.kid}.pem"])


def test_a_missing_key_file_is_a_clear_refusal(world, key_dir):
    keys.create_key()
    for path in key_dir.iterdir():
        path.unlink()
    with pytest.raises(CohortRuleError, match="key file is missing"):
        services.issue_completion(world["enrolment"], actor=None)


def test_keys_never_reach_the_logs(world, key_dir, caplog):
    caplog.set_level(logging.DEBUG)
    services.issue_for_cohort(world["cohort"], actor=None)
    keys.rotate_key(actor=None)
    status.status_list_credential()
    secrets = []
    for path in key_dir.iterdir():
        private = OKPKey.import_key(path.read_bytes())
        secrets += [private.as_dict(private=True)["d"], path.read_text().splitlines()[1]]
    text = caplog.text + json.dumps([e.changes for e in db.session.scalars(sa.select(AuditEvent))], default=str)
    assert secrets and not any(secret in text for secret in secrets)



def test_the_commands_issue_for_a_cohort_and_rotate_the_key(app, world):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["credentials", "issue", "--cohort", "CRED-1"])
    assert result.exit_code == 0 and "2 credential(s) issued for CRED-1" in result.output
    assert "0 credential(s)" in runner.invoke(args=["credentials", "issue", "--cohort", "CRED-1"]).output
    assert runner.invoke(args=["credentials", "issue", "--cohort", "NOPE"]).exit_code != 0
    old = keys.current_key().kid
    result = runner.invoke(args=["credentials", "rotate-key"])
    assert result.exit_code == 0 and keys.current_key().kid != old and "PRIVATE" not in result.output


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.one_of(st.text(max_size=300), st.lists(st.text(B64URL, max_size=80), min_size=1, max_size=4)
                      .map(".".join)))
def test_any_text_is_answered_and_never_valid(issued, text):
    assert verify_credential(text).result in ("tampered", "unknown_issuer")


def test_an_unverified_payload_is_never_echoed(client, issued):
    forger = OKPKey.generate_key("Ed25519", parameters={"kid": "forged"})
    claims = dict(_payload(issued.compact_jwt), vc="not an object")
    forged = jwt.encode({"alg": "Ed25519", "kid": "forged"}, claims, forger, algorithms=["Ed25519"])
    answer = client.post("/credentials/verify", json={"credential": forged}).json
    assert answer["result"] == "unknown_issuer" and answer["name"] is None
