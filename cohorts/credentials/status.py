"""The published revocation list: a W3C Bitstring Status List credential, one bit per issued credential."""

from __future__ import annotations

import base64
import gzip

import sqlalchemy as sa
from joserfc import jwt

from app.db import utcnow
from app.extensions import db
from app.templating import absolute_url
from cohorts.credentials import badges, keys
from cohorts.models import STATUS_LIST_SIZE, IssuedCredential


def revoked_indices() -> set[int]:
    return set(db.session.scalars(sa.select(IssuedCredential.status_index)
                                  .where(IssuedCredential.revoked_at.is_not(None))))


def encode_bits(indices: set[int]) -> str:
    """GZIP the bitstring (index 0 = the first byte's most significant bit), base64url, multibase prefix "u"."""
    bits = bytearray(STATUS_LIST_SIZE // 8)
    for index in indices:
        bits[index // 8] |= 0x80 >> (index % 8)
    return "u" + base64.urlsafe_b64encode(gzip.compress(bytes(bits), mtime=0)).decode().rstrip("=")


def decode_bits(encoded: str) -> bytes:
    data = encoded.removeprefix("u")
    return gzip.decompress(base64.urlsafe_b64decode(data + "=" * (-len(data) % 4)))


def is_set(bits: bytes, index: int) -> bool:
    return bool(bits[index // 8] & (0x80 >> (index % 8)))


def status_list_credential() -> str:
    """The list as a VC-JWT signed with the current key: what a third-party verifier fetches."""
    list_id = absolute_url("credentials_public.status_list")
    now = utcnow().replace(microsecond=0)
    document = {
        "@context": [badges.CONTEXT[0]], "id": list_id, "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": badges.issuer_id(), "validFrom": now.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {"id": f"{list_id}#list", "type": "BitstringStatusList", "statusPurpose": "revocation",
                              "encodedList": encode_bits(revoked_indices())},
    }
    kid, private = keys.signing_key()
    claims = {"iss": badges.issuer_id(), "jti": list_id, "iat": int(now.timestamp()), "vc": document}
    return jwt.encode({"alg": keys.ALGORITHM, "typ": "JWT", "kid": kid}, claims, private, algorithms=[keys.ALGORITHM])
