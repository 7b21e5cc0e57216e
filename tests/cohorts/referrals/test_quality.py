"""Services and figures: partners, contacts, who referred whom, and each partner's referral quality."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.models import DeclineReason, EnrolmentStatus, PartnerKind, StillEmployed
from cohorts.participants.admissions import SOURCE_MAX, clean_source
from cohorts.referrals import feedback, quality, services
from tests import factories

TODAY = date(2026, 12, 1)


def audits(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)))


def test_create_and_edit_a_partner_are_audited_and_names_stay_unique():
    staff = factories.user_for_role(Role.staff)
    partner = services.create_partner(actor=staff, name=" Jobcentre East ", kind=PartnerKind.jobcentre)
    assert partner.name == "Jobcentre East" and partner.referral_token and partner.active
    with pytest.raises(CohortRuleError) as refused:
        services.create_partner(actor=staff, name="jobcentre east")
    assert refused.value.field == "name"
    services.update_partner(partner, actor=staff, name="Jobcentre East Leeds", region="Leeds", active=True)
    assert [e.changes["name"] for e in audits("updated") if e.entity == "referral_partner"] == [
        ["Jobcentre East", "Jobcentre East Leeds"]]
    assert audits("created")[0].entity_id == str(partner.id)


def test_regenerating_the_link_changes_the_token_and_is_audited():
    partner = factories.ReferralPartnerFactory()
    db.session.flush()
    old = partner.referral_token
    services.regenerate_referral_link(partner, actor=None)
    assert partner.referral_token != old
    assert services.partner_by_token(old) is None and services.partner_by_token(partner.referral_token) == partner
    assert audits("referral_link_regenerated")


def test_an_inactive_partners_link_finds_nobody():
    partner = factories.ReferralPartnerFactory(active=False)
    db.session.flush()
    assert services.partner_by_token(partner.referral_token) is None


def test_contacts_are_added_and_archived():
    partner = factories.ReferralPartnerFactory()
    contact = services.add_contact(partner, actor=None, name="Sam Work", email="SAM@Partner.org")
    assert contact.email == "sam@partner.org"
    services.archive_contact(contact, actor=None)
    assert contact.archived_at is not None
    with pytest.raises(CohortRuleError):
        services.add_contact(partner, actor=None, name="  ")


def test_setting_the_referring_partner_covers_every_application_and_is_audited():
    partner = factories.ReferralPartnerFactory()
    enrolment = factories.EnrolmentFactory()
    db.session.flush()
    services.set_referring_partner(enrolment.participant, partner, actor=None)
    assert enrolment.participant.referral_partner_id == partner.id and enrolment.referral_partner_id == partner.id
    assert audits("referral_partner_changed")[0].changes == {"referral_partner_id": [None, partner.id]}
    services.set_referring_partner(enrolment.participant, None, actor=None)
    assert enrolment.referral_partner_id is None


def _referred(partner, cohort, status, **fields):
    return factories.EnrolmentFactory(cohort=cohort, status=status, referral_partner=partner,
                                      applied_on=cohort.starts_on - timedelta(days=20), **fields)


def test_quality_follows_each_referral_to_a_job_kept():
    partner, other = factories.ReferralPartnerFactory(), factories.ReferralPartnerFactory()
    cohort = factories.CohortFactory(starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 14))
    placed = _referred(partner, cohort, EnrolmentStatus.completed)
    _referred(partner, cohort, EnrolmentStatus.completed)
    _referred(partner, cohort, EnrolmentStatus.withdrawn, exited_on=date(2025, 2, 1))
    _referred(partner, cohort, EnrolmentStatus.not_accepted, enrolled_on=None,
              decline_reason=DeclineReason.wrong_provision)
    _referred(partner, cohort, EnrolmentStatus.not_accepted, enrolled_on=None)
    _referred(other, cohort, EnrolmentStatus.completed)
    placement = factories.PlacementFactory(participant=placed.participant, cohort=cohort,
                                           start_date=date(2025, 4, 1))
    factories.RetentionCheckFactory(placement=placement, day_mark=180, still_employed=StillEmployed.yes,
                                    checked_on=date(2025, 10, 1))
    db.session.flush()
    mine, theirs = quality.partner_quality(date(2024, 1, 1), TODAY, as_of=TODAY, partners=[partner, other])
    assert {k: mine.counts[k] for k in ("referred", "accepted", "started", "completed", "placed_180",
                                        "retention_due_180", "retained_180")} == {
        "referred": 5, "accepted": 3, "started": 3, "completed": 2, "placed_180": 1,
        "retention_due_180": 1, "retained_180": 1}
    assert mine.rates["acceptance_rate"] == 0.6 and mine.rates["placement_rate_180"] == 0.5
    assert mine.rates["retention_rate_180"] == 1.0
    assert mine.declined_because == {"Wrong provision": 1, quality.NO_REASON: 1}
    assert theirs.counts["referred"] == 1 and theirs.counts["placed_180"] == 0
    # a period before the applications: nothing counted, rates have no denominator
    empty, _ = quality.partner_quality(date(2020, 1, 1), date(2020, 12, 31), as_of=TODAY, partners=[partner, other])
    assert empty.counts["referred"] == 0 and empty.rates["acceptance_rate"] is None


def test_an_excluded_referral_leaves_the_outcome_counts():
    partner = factories.ReferralPartnerFactory()
    cohort = factories.CohortFactory(starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 14))
    _referred(partner, cohort, EnrolmentStatus.completed, exclusion_reason="serious_illness")
    db.session.flush()
    [mine] = quality.partner_quality(date(2024, 1, 1), TODAY, as_of=TODAY, partners=[partner])
    assert mine.counts["referred"] == 1 and mine.counts["started"] == 0


def test_applications_are_counted_per_source():
    cohort = factories.CohortFactory(starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 14))
    for source in ("atom", "atom", "jsonld", ""):
        factories.EnrolmentFactory(cohort=cohort, applied_on=date(2024, 12, 1), source=source)
    db.session.flush()
    assert quality.applications_by_source(date(2024, 11, 1), date(2024, 12, 31)) == [
        ("atom", 2), ("direct", 1), ("jsonld", 1)]


def test_the_report_csv_has_counts_rates_and_reasons():
    partner = factories.ReferralPartnerFactory()
    cohort = factories.CohortFactory(starts_on=date(2025, 1, 6), ends_on=date(2025, 3, 14))
    _referred(partner, cohort, EnrolmentStatus.not_accepted, enrolled_on=None, decline_reason=DeclineReason.not_ready)
    db.session.flush()
    from flask import current_app

    with current_app.test_request_context():
        frame = feedback.partner_report_frame(feedback.partner_report(partner, date(2024, 1, 1), TODAY, TODAY))
    assert ("count", "Referred", 1) in list(frame.itertuples(index=False, name=None))
    assert ("not accepted because", "Not ready", 1) in list(frame.itertuples(index=False, name=None))


@given(st.text(max_size=300))
def test_a_source_is_always_short_and_plain(value):
    cleaned = clean_source(value)
    assert len(cleaned) <= SOURCE_MAX
    assert all(c in "abcdefghijklmnopqrstuvwxyz0123456789-_" for c in cleaned)


def test_a_source_keeps_what_is_safe():
    assert clean_source(" Atom ") == "atom"
    assert clean_source("<script>partner_x</script>") == "scriptpartner_xscript"
