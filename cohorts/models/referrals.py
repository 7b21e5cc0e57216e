"""Referral partners (Jobcentre, charity, NHS trust, college …), their contacts and their link."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column
from employers.models import new_token


class PartnerKind(StrEnum):
    """What kind of organisation refers people."""

    jobcentre = "jobcentre"
    charity = "charity"
    nhs_trust = "nhs_trust"
    college = "college"
    local_authority = "local_authority"
    housing = "housing"
    employer = "employer"
    other = "other"

    @property
    def label(self) -> str:
        return {"nhs_trust": "NHS trust"}.get(self.value, super().label)


class DeclineReason(StrEnum):
    """Why an application was not accepted: what a partner's feedback report counts."""

    wrong_provision = "wrong_provision"
    not_eligible = "not_eligible"
    not_ready = "not_ready"
    no_response = "no_response"
    cohort_full = "cohort_full"
    other = "other"


class ReferralPartner(TimestampMixin, Base):
    """An organisation that refers people, through its own tokenised application link."""

    __tablename__ = "referral_partners"
    __repr_attr__ = "name"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the organisation's name as staff and reports show it; unique
    name: Mapped[str] = mapped_column(sa.String(160), unique=True)
    #: what kind of organisation it is (jobcentre, charity, NHS trust …)
    kind: Mapped[PartnerKind] = mapped_column(enum_column(PartnerKind, "partner_kind"), default=PartnerKind.other)
    #: the area it covers, free text; "" when not given
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    #: staff notes about the relationship; never shown to applicants
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: secret part of the partner's referral link (/apply/r/<token>); regenerating it kills the old link
    referral_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    #: false stops the referral link working (404) and leaves the partner off new choices
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    contacts: Mapped[list[ReferralContact]] = relationship(
        back_populates="partner", order_by="ReferralContact.name", cascade="all, delete-orphan"
    )


class ReferralContact(Base):
    """A person at a partner organisation (not a participant: not part of anyone's record)."""

    __tablename__ = "referral_contacts"
    __repr_attr__ = "name"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the partner they work for; contacts go with their partner
    partner_id: Mapped[int] = mapped_column(sa.ForeignKey("referral_partners.id", ondelete="CASCADE"), index=True)
    #: full name
    name: Mapped[str] = mapped_column(sa.String(160))
    #: job title or role (work coach, employment lead …); "" when not given
    role: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    #: work email, lower-cased; "" when not given
    email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    #: work phone, free text; "" when not given
    phone: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    #: when staff archived the contact (UTC); NULL = current
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    partner: Mapped[ReferralPartner] = relationship(back_populates="contacts")
