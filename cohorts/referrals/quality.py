"""How the people each partner refers fare: referred → accepted → started → completed → placed
within 180 days → retained at 180 days, with rates and the reasons people were not accepted.

A referral is an enrolment whose ``referral_partner_id`` names the partner; the period filters on
the application date (``applied_on``, else ``enrolled_on`` for enrolments that came another way).
Started, completed, placed and retained reuse the outcome definitions (docs/OUTCOMES.md) through
cohorts.outcomes: the starter rule, the job-seeking completer rule and ``outcome_people``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from cohorts.models import Enrolment, EnrolmentStatus, ReferralPartner, starter_clause
from cohorts.outcomes.data import job_seeking_completer
from cohorts.outcomes.measures import exact_rate, outcome_people

#: statuses that mean staff accepted the application (withdrawn counts once the person started)
ACCEPTED_STATUSES = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)
#: the funnel's stages in order: (key, label)
STAGES = (
    ("referred", "Referred"), ("accepted", "Accepted"), ("started", "Started"), ("completed", "Completed"),
    ("placed_180", "Placed within 180 days"), ("retained_180", "Retained at 180 days"),
)
#: the rates: (key, label, numerator, denominator)
RATES = (
    ("acceptance_rate", "Accepted", "accepted", "referred"),
    ("start_rate", "Started (of accepted)", "started", "accepted"),
    ("completion_rate", "Completed (of starters)", "completed", "started"),
    ("placement_rate_180", "Placed within 180 days (of job-seeking completers)", "placed_180", "job_seeking_completers"),
    ("retention_rate_180", "Retained at 180 days (of those due)", "retained_180", "retention_due_180"),
)
NO_REASON = "not recorded"


def application_day() -> sa.ColumnElement:
    """The day an enrolment counts from in a period: its application, else its start."""
    return sa.func.coalesce(Enrolment.applied_on, Enrolment.enrolled_on)


@dataclass
class PartnerQuality:
    """One partner's counts, rates and decline reasons over a period."""

    partner: ReferralPartner
    counts: Counter = field(default_factory=Counter)
    declined_because: Counter = field(default_factory=Counter)

    @property
    def rates(self) -> dict[str, float | None]:
        return {key: exact_rate(self.counts[num], self.counts[den]) for key, _, num, den in RATES}

    @property
    def funnel(self) -> list[tuple[str, int]]:
        return [(label, self.counts[key]) for key, label in STAGES]


def _referrals(start: date, end: date, partner_ids: list[int] | None) -> list[sa.Row]:
    day = application_day()
    stmt = (
        sa.select(Enrolment.referral_partner_id, Enrolment.cohort_id, Enrolment.participant_id, Enrolment.status,
                  Enrolment.enrolled_on, Enrolment.decline_reason, starter_clause(Enrolment).label("starter"),
                  job_seeking_completer().label("jsc"))
        .where(Enrolment.referral_partner_id.is_not(None), day >= start, day <= end)
    )
    if partner_ids is not None:
        stmt = stmt.where(Enrolment.referral_partner_id.in_(partner_ids))
    return list(db.session.execute(stmt))


def _people(as_of: date, measure: str) -> set[tuple[int, int]]:
    return {(p.cohort_id, p.participant_id) for p in outcome_people(as_of, measure)}


def partner_quality(start: date, end: date, *, as_of: date, partners: list[ReferralPartner]) -> list[PartnerQuality]:
    """Each partner's figures for the applications dated start..end, outcomes as of ``as_of``."""
    results = {p.id: PartnerQuality(p) for p in partners}
    rows = _referrals(start, end, list(results))
    placed, due, retained = (_people(as_of, m) for m in
                             ("placed_180", "retention_180_due", "retention_180_retained"))
    for row in rows:
        quality = results[row.referral_partner_id]
        person, counts = (row.cohort_id, row.participant_id), quality.counts
        counts["referred"] += 1
        counts["accepted"] += row.status in ACCEPTED_STATUSES or row.enrolled_on is not None
        counts["started"] += bool(row.starter)
        counts["completed"] += bool(row.starter) and row.status == EnrolmentStatus.completed
        counts["job_seeking_completers"] += bool(row.jsc)
        counts["placed_180"] += person in placed
        counts["retention_due_180"] += person in due
        counts["retained_180"] += person in retained
        if row.status == EnrolmentStatus.not_accepted:
            counts["not_accepted"] += 1
            quality.declined_because[row.decline_reason.label if row.decline_reason else NO_REASON] += 1
    return list(results.values())


def applications_by_source(start: date, end: date) -> list[tuple[str, int]]:
    """Applications dated start..end per ``source`` ("" shown as "direct"), most first."""
    day = application_day()
    rows = db.session.execute(
        sa.select(Enrolment.source, sa.func.count()).where(day >= start, day <= end, Enrolment.applied_on.is_not(None))
        .group_by(Enrolment.source).order_by(sa.func.count().desc(), Enrolment.source)
    )
    return [(source or "direct", count) for source, count in rows]
