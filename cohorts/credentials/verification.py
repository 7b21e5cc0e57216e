"""Check a compact VC-JWT against the published keys and status list: valid, tampered, revoked, expired, unknown issuer."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime

import sqlalchemy as sa
from joserfc import jws
from joserfc.errors import JoseError

from app.db import utcnow
from app.extensions import db
from cohorts.credentials import badges, keys, status
from cohorts.models import IssuedCredential, IssuerKey

RESULTS = ("valid", "tampered", "revoked", "expired", "unknown_issuer")
EXPLANATIONS = {
    "valid": "This credential is genuine: signed by this issuer, unchanged, not revoked and not expired.",
    "tampered": "This credential has been changed since it was signed (or is not a credential at all).",
    "revoked": "This credential was signed by this issuer but has since been revoked.",
    "expired": "This credential was signed by this issuer but its validity has ended.",
    "unknown_issuer": "This credential was not signed with any key of this issuer.",
}


@dataclass
class Verdict:
    result: str
    detail: str = ""
    #: the JWT claims, only once the signature is known to be this issuer's (never an unverified payload)
    claims: dict = field(default_factory=dict)

    @property
    def explanation(self) -> str:
        return EXPLANATIONS[self.result]

    def as_json(self) -> dict:
        vc = self.claims.get("vc", {})
        return {"result": self.result, "explanation": self.explanation, "detail": self.detail,
                "id": vc.get("id"), "name": vc.get("name"), "issuer": self.claims.get("iss"),
                "validFrom": vc.get("validFrom"), "validUntil": vc.get("validUntil")}


def _segment(text: str) -> bytes:
    """Strict base64url: a segment whose spare bits were changed does not decode to the same text."""
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    if base64.urlsafe_b64encode(raw).decode().rstrip("=") != text:
        raise ValueError("not canonical base64url")
    return raw


def _parts(compact: str) -> tuple[dict, dict]:
    header_text, payload_text, signature_text = compact.split(".")
    _segment(signature_text)
    header, payload = json.loads(_segment(header_text)), json.loads(_segment(payload_text))
    if not isinstance(header, dict) or not isinstance(payload, dict):
        raise TypeError("not a JSON object")
    return header, payload


def verify_credential(compact: str, now: datetime | None = None) -> Verdict:
    """Signature first (with the key its kid names), then revocation, then the validity period."""
    compact = "".join(compact.split())
    try:
        header, payload = _parts(compact)
    except (ValueError, TypeError, UnicodeDecodeError):
        return Verdict("tampered", "The text is not a readable compact JWT (three base64url parts).")
    if payload.get("iss") != badges.issuer_id():
        return Verdict("unknown_issuer", "It names another issuer.")
    key = db.session.scalar(sa.select(IssuerKey).where(IssuerKey.kid == str(header.get("kid", ""))))
    if key is None:
        return Verdict("unknown_issuer", "Its key id is not one this issuer has published.")
    if header.get("alg") != keys.ALGORITHM:
        return Verdict("tampered", "It is not signed with Ed25519.")
    try:
        jws.deserialize_compact(compact, keys.public_key_set().get_by_kid(key.kid), algorithms=[keys.ALGORITHM])
    except (JoseError, ValueError):
        return Verdict("tampered", "The signature does not match the content.")
    return _status(payload, now or utcnow())


def _status(payload: dict, now: datetime) -> Verdict:
    entry = payload.get("vc", {}).get("credentialStatus") or {}
    index = db.session.scalar(sa.select(IssuedCredential.status_index)
                              .where(IssuedCredential.jti == str(payload.get("jti", "")).removeprefix("urn:uuid:")))
    listed = str(entry.get("statusListIndex", ""))
    if index is None or listed != str(index):
        return Verdict("unknown_issuer", "This issuer has no record of issuing it.", payload)
    if index in status.revoked_indices():  # the same set the published list encodes
        return Verdict("revoked", "Its bit in the published status list is set.", payload)
    expires = payload.get("exp")
    if expires is not None and datetime.fromtimestamp(int(expires), UTC) <= now:
        return Verdict("expired", f"It expired at {payload['vc'].get('validUntil', '')}.", payload)
    return Verdict("valid", "", payload)
