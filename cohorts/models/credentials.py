"""What the programme publishes: verifiable credentials issued to participants with the issuer's public
signing keys (private keys live in files), and the open data packages (spec/open-data.md §1)."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, UTCDateTime, enum_column, utcnow

if TYPE_CHECKING:
    from app.models import Skill
    from cohorts.models.participants import Enrolment, Participant

#: bits in the published revocation status list (the Bitstring Status List minimum, 16 KiB)
STATUS_LIST_SIZE = 131_072


class CredentialKind(StrEnum):
    completion = "completion"
    competency = "competency"


class IssuerKey(Base):
    """One Ed25519 public key of the issuer, published in its JWKS; the private half is a file, never a row."""

    __tablename__ = "credential_issuer_keys"
    __repr_attr__ = "kid"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the key id in JWT headers and the JWKS: the RFC 7638 thumbprint of the public key
    kid: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: the public key as a JWK (JSON object: kty OKP, crv Ed25519, x, kid); never the private part
    public_jwk: Mapped[dict] = mapped_column(sa.JSON)
    #: when the key was made (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when a newer key replaced it for signing (UTC); NULL = the current signing key. Retired keys stay
    #: published so the credentials they signed still verify
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class IssuedCredential(Base):
    """An OpenBadgeCredential signed as a VC-JWT: one per completed enrolment, or per competency reached at exit."""

    __tablename__ = "issued_credentials"
    __repr_attr__ = "kind"
    __table_args__ = (
        # one completion credential per enrolment, one competency credential per enrolment and skill
        sa.Index("uq_issued_credentials_completion", "enrolment_id", unique=True,
                 sqlite_where=sa.text("kind = 'completion'"), postgresql_where=sa.text("kind = 'completion'")),
        sa.UniqueConstraint("enrolment_id", "skill_id"),
        sa.CheckConstraint("(kind = 'competency') = (skill_id IS NOT NULL)", name="competency_has_skill"),
        sa.CheckConstraint(f"status_index >= 0 AND status_index < {STATUS_LIST_SIZE}", name="status_index_range"),
        sa.CheckConstraint("expires_at IS NULL OR expires_at > issued_at", name="expires_after_issue"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the credential's subject (its holder)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    #: the completed enrolment the achievement belongs to
    enrolment_id: Mapped[int] = mapped_column(sa.ForeignKey("enrolments.id", ondelete="CASCADE"))
    #: completion of the cohort, or one competency reached at exit
    kind: Mapped[CredentialKind] = mapped_column(enum_column(CredentialKind, "credential_kind"))
    #: the competency (competency credentials only; check competency_has_skill)
    skill_id: Mapped[int | None] = mapped_column(sa.ForeignKey("skills.id", ondelete="RESTRICT"), index=True)
    #: the credential's id (urn:uuid:<jti>) and the JWT's jti claim
    jti: Mapped[str] = mapped_column(sa.String(36), unique=True)
    #: when it was signed (UTC): validFrom, nbf and iat
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: validUntil / exp (UTC); NULL = does not expire
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when staff (or an erasure) revoked it (UTC); NULL = not revoked. Revoked credentials keep their row so the
    #: status list keeps saying so
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: staff's reason for revoking; "" when not revoked
    revoke_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: this credential's bit in the revocation status list (0 … STATUS_LIST_SIZE-1, drawn at random)
    status_index: Mapped[int] = mapped_column(unique=True)
    #: the signed compact VC-JWT as issued (header.payload.signature); "" once erased
    compact_jwt: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: unguessable token of the public share link /credentials/<token>; NULL once erased
    public_token: Mapped[str | None] = mapped_column(sa.String(43), unique=True)

    participant: Mapped[Participant] = relationship()
    enrolment: Mapped[Enrolment] = relationship()
    skill: Mapped[Skill | None] = relationship()


class OpenDataPackage(Base):
    """One built, validated and published package: its zip is kept in the database so every server can serve it."""

    __tablename__ = "open_data_packages"
    __repr_attr__ = "as_of"
    __table_args__ = (
        sa.CheckConstraint("archive_size >= 0", name="archive_size_not_negative"),
        sa.Index("ix_open_data_packages_created_at", "created_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: when the package was built and published (UTC); the newest is "the latest package"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the date the figures are computed as of (needs opened, assessments and outcomes up to that day)
    as_of: Mapped[date]
    #: the package as a zip: datapackage.json and one CSV per resource
    archive: Mapped[bytes] = mapped_column(sa.LargeBinary)
    #: hex SHA-256 of the zip, shown on the public page so a download can be checked
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: size of the zip in bytes
    archive_size: Mapped[int]
    #: the datapackage.json descriptor as written into the zip (served on its own)
    descriptor: Mapped[str] = mapped_column(sa.Text)
    #: rows per resource, e.g. {"demand": 12, "supply": 4}: what the public page lists
    row_counts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
