"""The issuer's Ed25519 signing keys: private halves as 0600 files in CREDENTIAL_KEY_DIR, public halves in the database."""

from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from joserfc.jwk import KeySet, OKPKey

from app.audit import record_audit
from app.db import utcnow
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.models import IssuerKey

#: the JWS algorithm of every credential (RFC 9864's fully specified name for EdDSA over Ed25519)
ALGORITHM = "Ed25519"


def key_dir() -> Path:
    """The folder of private keys: CREDENTIAL_KEY_DIR, else credential-keys/ in the instance folder."""
    configured = current_app.config.get("CREDENTIAL_KEY_DIR")
    return Path(configured) if configured else Path(current_app.instance_path) / "credential-keys"


def _key_file(kid: str) -> Path:
    if not kid.replace("-", "").replace("_", "").isalnum():
        raise CohortRuleError("That is not a key id this issuer makes.")
    return key_dir() / f"{kid}.pem"


def _write_private(kid: str, pem: bytes) -> None:
    """Create the key file readable by its owner only; never overwrite one."""
    folder = key_dir()
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(_key_file(kid), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)


def create_key() -> IssuerKey:
    """A fresh Ed25519 key pair: the private key to its file, the public JWK to a new current row."""
    private = OKPKey.generate_key("Ed25519", private=True)
    kid = private.thumbprint()
    _write_private(kid, private.as_pem(private=True))
    public = dict(private.as_dict(private=False), kid=kid, alg=ALGORITHM, use="sig")
    key = IssuerKey(kid=kid, public_jwk=public)
    db.session.add(key)
    db.session.flush()
    return key


def current_key() -> IssuerKey | None:
    return db.session.scalar(sa.select(IssuerKey).where(IssuerKey.retired_at.is_(None))
                             .order_by(IssuerKey.created_at.desc(), IssuerKey.id.desc()).limit(1))


def signing_key() -> tuple[str, OKPKey]:
    """The current key id and private key, making the first key when there is none."""
    key = current_key() or create_key()
    path = _key_file(key.kid)
    if not path.exists():
        raise CohortRuleError("The issuer's signing key file is missing: restore the key folder or rotate the key.")
    private = OKPKey.import_key(path.read_bytes(), parameters={"kid": key.kid})
    return key.kid, private


def rotate_key(*, actor: User | None) -> IssuerKey:
    """A new current key; the old ones are retired from signing but stay published for verification."""
    now = utcnow()
    old = db.session.scalars(sa.select(IssuerKey).where(IssuerKey.retired_at.is_(None))).all()
    for key in old:
        key.retired_at = now
    db.session.flush()
    new = create_key()
    record_audit(actor, "credential_issuer_key", new.id, "rotated",
                 {"kid": [", ".join(k.kid for k in old) or None, new.kid]})
    return new


def published_keys() -> list[IssuerKey]:
    """Every key, current first: what the JWKS publishes and the verifier trusts."""
    return list(db.session.scalars(sa.select(IssuerKey).order_by(IssuerKey.retired_at.is_not(None),
                                                                  IssuerKey.created_at.desc(), IssuerKey.id.desc())))


def jwks() -> dict:
    return {"keys": [key.public_jwk for key in published_keys()]}


def public_key_set() -> KeySet:
    return KeySet([OKPKey.import_key(key.public_jwk) for key in published_keys()])
