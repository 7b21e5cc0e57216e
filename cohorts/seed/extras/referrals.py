"""The demo's referral partners: a job centre, a charity, a college and a housing provider, with
contacts, and the demo's people attributed to them so the closed cohort gives real rates (placed,
retained) and the job centre's "wrong provision" referrals show up as declined applications.

Built from the models alone, as the whole seed is; it flushes, never commits.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from cohorts.models import DeclineReason, Enrolment, EnrolmentStatus, PartnerKind, ReferralContact, ReferralPartner

#: name, kind, region, notes, contacts (name, role, email, phone)
PARTNERS = (
    ("Scarborough Employment Centre", PartnerKind.jobcentre, "Toronto East",
     "Monthly caseload meeting with the work coaches.",
     [("Priya Raman", "Employment counsellor", "p.raman@sec.example.org", "416-555-0142"),
      ("Tom Baptiste", "Team lead", "t.baptiste@sec.example.org", "416-555-0143")]),
    ("Second Chance Foundation", PartnerKind.charity, "Toronto",
     "Refers people returning to work after long unemployment.",
     [("Maya Lindqvist", "Programme coordinator", "maya@secondchance.example.org", "416-555-0190")]),
    ("Centennial College Career Services", PartnerKind.college, "Toronto and Durham", "",
     [("Daniel Okoye", "Career advisor", "dokoye@centennial.example.edu", "416-555-0111")]),
    ("Toronto Community Housing Tenant Services", PartnerKind.housing, "Toronto", "",
     [("Leah Chen", "Tenant employment worker", "leah.chen@tch.example.org", "")]),
)
#: where each person came from, cycled over the enrolments: a partner's index, or None (found us alone)
PATTERN = (0, 1, 0, 2, None, 1, 0, 3, 2, None, 0, 1)
#: sources of the applications that came without a partner, cycled
OTHER_SOURCES = ("", "jsonld", "atom", "")
#: applications to the cohort in training that were declined: (closed-cohort person index, partner, reason)
DECLINED = (
    (10, 0, DeclineReason.wrong_provision),
    (11, 0, DeclineReason.wrong_provision),
    (12, 1, DeclineReason.not_ready),
    (13, 2, DeclineReason.not_eligible),
)


def build(demo: Any) -> None:
    if db.session.scalar(sa.select(ReferralPartner.id).where(ReferralPartner.name == PARTNERS[0][0])):
        return
    partners = [
        ReferralPartner(name=name, kind=kind, region=region, notes=notes,
                        contacts=[ReferralContact(name=n, role=r, email=e, phone=ph) for n, r, e, ph in contacts])
        for name, kind, region, notes, contacts in PARTNERS
    ]
    db.session.add_all(partners)
    closed, training = demo.cohorts["closed"], demo.cohorts["training"]
    enrolments = sorted(
        db.session.scalars(sa.select(Enrolment).where(Enrolment.cohort_id.in_([closed.id, training.id]))),
        key=lambda e: (e.cohort_id, e.participant_id))
    for n, enrolment in enumerate(enrolments):
        which = PATTERN[n % len(PATTERN)]
        partner = partners[which] if which is not None else None
        enrolment.referral_partner = partner
        enrolment.participant.referral_partner = partner
        enrolment.source = "referral" if partner else OTHER_SOURCES[n % len(OTHER_SOURCES)]
    people = demo.participants[30:]  # the closed cohort's people, some of whom applied again
    for index, which, reason in DECLINED:
        db.session.add(Enrolment(
            participant=people[index], cohort=training, status=EnrolmentStatus.not_accepted,
            applied_on=training.starts_on - timedelta(days=28 + index), referral_partner=partners[which],
            source="referral", decline_reason=reason,
        ))
    db.session.flush()
