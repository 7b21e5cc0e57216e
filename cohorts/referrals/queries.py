"""The partners list and lookups, eager-loaded for what the pages show."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from app.extensions import db
from cohorts.models import Enrolment, ReferralContact, ReferralPartner


def partners() -> list[ReferralPartner]:
    """Every partner by name, its contacts loaded (a short list: no pagination)."""
    return list(db.session.scalars(
        sa.select(ReferralPartner).options(selectinload(ReferralPartner.contacts)).order_by(ReferralPartner.name)))


def referral_counts() -> dict[int, int]:
    """Applications each partner referred, ever."""
    return dict(db.session.execute(
        sa.select(Enrolment.referral_partner_id, sa.func.count())
        .where(Enrolment.referral_partner_id.is_not(None)).group_by(Enrolment.referral_partner_id)).all())


def partner_choices(include_id: int | None = None) -> list[tuple[int, str]]:
    """(id, name) of active partners, plus the one already chosen even if inactive."""
    return list(db.session.execute(
        sa.select(ReferralPartner.id, ReferralPartner.name)
        .where(sa.or_(ReferralPartner.active.is_(True), ReferralPartner.id == (include_id or 0)))
        .order_by(ReferralPartner.name)).all())


def current_contacts(partner: ReferralPartner) -> list[ReferralContact]:
    return [c for c in partner.contacts if c.archived_at is None]
