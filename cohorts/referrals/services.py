"""Referral partners, their contacts and who referred whom: each change flushes and is audited."""

from __future__ import annotations

import sqlalchemy as sa

from app.audit import changed_fields, record_audit
from app.db import flush_unique, utcnow
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.models import Participant, PartnerKind, ReferralContact, ReferralPartner
from employers.models import new_token

PARTNER_FIELDS = ("name", "kind", "region", "notes", "active")
CONTACT_FIELDS = ("name", "role", "email", "phone")


def _name_taken() -> CohortRuleError:
    return CohortRuleError("A partner with this name exists already.", field="name")


def _audit(partner: ReferralPartner, actor: User | None, action: str, changes: dict | None = None) -> None:
    record_audit(actor, "referral_partner", partner.id, action, changes)


def _refuse_taken_name(name: str, partner_id: int | None) -> None:
    if db.session.scalar(sa.select(ReferralPartner.id).where(
            sa.func.lower(ReferralPartner.name) == name.lower(), ReferralPartner.id != (partner_id or 0))):
        raise _name_taken()


def create_partner(*, actor: User | None, name: str, kind: PartnerKind | str = PartnerKind.other,
                   region: str = "", notes: str = "", active: bool = True) -> ReferralPartner:
    """A new partner with its own referral link."""
    if not (name or "").strip():
        raise CohortRuleError("Give the partner's name.", field="name")
    _refuse_taken_name(name.strip(), None)
    with flush_unique(db.session, _name_taken()):
        partner = ReferralPartner(name=name.strip(), kind=PartnerKind(kind), region=(region or "").strip(),
                                  notes=(notes or "").strip(), active=active)
        db.session.add(partner)
    _audit(partner, actor, "created", {"name": partner.name, "kind": partner.kind.value})
    return partner


def update_partner(partner: ReferralPartner, *, actor: User | None, **values) -> ReferralPartner:
    """Change a partner's details (name, kind, region, notes, active)."""
    if "name" in values and not (values["name"] or "").strip():
        raise CohortRuleError("Give the partner's name.", field="name")
    if "name" in values:
        _refuse_taken_name(values["name"].strip(), partner.id)
    with flush_unique(db.session, _name_taken()):
        for key in PARTNER_FIELDS:
            if key in values:
                value = values[key]
                setattr(partner, key, PartnerKind(value) if key == "kind"
                        else value.strip() if isinstance(value, str) else value)
        changes = changed_fields(partner)
        changes.pop("updated_at", None)
    if changes:
        _audit(partner, actor, "updated", changes)
    return partner


def regenerate_referral_link(partner: ReferralPartner, *, actor: User | None) -> ReferralPartner:
    """A new token: the old link stops working at once (answers 404)."""
    partner.referral_token = new_token()
    db.session.flush()
    _audit(partner, actor, "referral_link_regenerated")
    return partner


def add_contact(partner: ReferralPartner, *, actor: User | None, name: str, role: str = "", email: str = "",
                phone: str = "") -> ReferralContact:
    if not (name or "").strip():
        raise CohortRuleError("Give the contact's name.", field="name")
    contact = ReferralContact(partner=partner, name=name.strip(), role=(role or "").strip(),
                              email=(email or "").strip().lower(), phone=(phone or "").strip())
    db.session.add(contact)
    db.session.flush()
    _audit(partner, actor, "contact_added", {"contact": contact.name})
    return contact


def archive_contact(contact: ReferralContact, *, actor: User | None) -> ReferralContact:
    """Archived contacts leave the partner's current list (kept for the record)."""
    if contact.archived_at is None:
        contact.archived_at = utcnow()
        db.session.flush()
        _audit(contact.partner, actor, "contact_archived", {"contact": contact.name})
    return contact


def set_referring_partner(participant: Participant, partner: ReferralPartner | None, *,
                          actor: User | None) -> Participant:
    """Set or correct who referred a participant: their record and every one of their applications."""
    old = participant.referral_partner_id
    new = partner.id if partner is not None else None
    participant.referral_partner = partner
    for enrolment in participant.enrolments:
        enrolment.referral_partner = partner
    db.session.flush()
    if old != new:
        record_audit(actor, "participant", participant.id, "referral_partner_changed",
                     {"referral_partner_id": [old, new]})
    return participant


def partner_by_token(token: str) -> ReferralPartner | None:
    """The active partner a referral link names, or None (the link then answers 404)."""
    return db.session.scalar(sa.select(ReferralPartner).where(
        ReferralPartner.referral_token == token, ReferralPartner.active.is_(True)))
