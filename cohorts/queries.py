"""Read-side queries for cohort pages: eager-load what the templates show."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from cohorts.models import (
    Cohort,
    CohortSession,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    Participant,
    Placement,
)
from employers.demand import DemandSnapshot
from employers.demand_version import DemandVersion
from employers.models import Employer, EmployerStatus


def staff_home_summary() -> dict:
    """Headline figures for the staff home: demand, supply, placement (three queries).

    Open openings sum every open hiring need (~1 ms at 20,000), so the total is kept under the
    demand version, read with the other figures, and summed again only after a write to them.
    """
    cohorts_by_status = dict(
        db.session.execute(select(Cohort.status, func.count()).group_by(Cohort.status)).all()
    )
    active_cohorts = db.session.scalars(
        select(Cohort)
        .options(joinedload(Cohort.programme))
        .where(Cohort.status.in_([CohortStatus.recruiting, CohortStatus.training, CohortStatus.placement]))
        .order_by(Cohort.starts_on)
        .limit(10)
    ).all()
    figures = {
        "hiring_partners": select(func.count()).select_from(Employer)
        .where(Employer.status == EmployerStatus.hiring_partner),
        "demand_version": select(DemandVersion.token).where(DemandVersion.id == 1),
        "participants": select(func.count()).select_from(Participant),
        "placements": select(func.count()).select_from(Placement),
    }
    values = dict(zip(figures, db.session.execute(select(*(stmt.scalar_subquery() for stmt in figures.values())))
                      .one(), strict=True))
    return {
        "hiring_partners": values["hiring_partners"] or 0,
        "open_openings": DemandSnapshot(values["demand_version"]).open_openings(),
        "participants": values["participants"] or 0,
        "placements": values["placements"] or 0,
        "cohorts_by_status": {s: cohorts_by_status.get(s, 0) for s in CohortStatus},
        "active_cohorts": active_cohorts,
    }


def participant_home_summary(participant_id: int) -> dict:
    """The participant's own enrolments and next sessions."""
    participant = db.session.scalars(
        select(Participant)
        .options(selectinload(Participant.enrolments).joinedload(Enrolment.cohort))
        .where(Participant.id == participant_id)
    ).one()
    cohort_ids = [
        e.cohort_id
        for e in participant.enrolments
        if e.status in (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)
    ]
    next_sessions = []
    if cohort_ids:
        next_sessions = db.session.scalars(
            select(CohortSession)
            .where(CohortSession.cohort_id.in_(cohort_ids), CohortSession.starts_at >= datetime.now(UTC))
            .order_by(CohortSession.starts_at)
            .limit(5)
        ).all()
    return {"participant": participant, "next_sessions": next_sessions}
