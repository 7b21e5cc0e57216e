"""Read-side queries for the staff home and the outcome dashboards' filters."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

import sqlalchemy as sa
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.db import in_list
from app.extensions import db
from app.models import RowCount
from cohorts.models import Cohort, CohortStatus, Programme
from employers.demand import DemandSnapshot
from employers.demand_version import DemandVersion
from employers.models import Employer, EmployerStatus


class DashboardCohort(NamedTuple):
    """What the cohort dashboard shows of its cohort and its programme (no Cohort entity, no lazy load)."""

    id: int
    code: str
    name: str | None
    ends_on: date
    time_zone: str
    currency: str

    @property
    def display_name(self) -> str:
        return Cohort.label_for(self.code, self.name)


_DASHBOARD_COHORT = (
    sa.select(Cohort.id, Cohort.code, Cohort.name, Cohort.ends_on, Programme.time_zone, Programme.currency)
    .join(Programme, Programme.id == Cohort.programme_id)
    .where(Cohort.id == sa.bindparam("cohort_id"))
)


def dashboard_cohort(cohort_id: int) -> DashboardCohort | None:
    """The cohort with its programme's zone and currency, one read by primary key (None: no such cohort)."""
    row = db.session.execute(_DASHBOARD_COHORT, {"cohort_id": cohort_id}).first()
    return None if row is None else DashboardCohort(*row)


def cohort_codes() -> list[str]:
    return list(db.session.scalars(sa.select(Cohort.code).order_by(Cohort.code)))


def ended_cohort_codes(as_of: date) -> list[str]:
    """Cohorts whose training ended on or before ``as_of``: the dashboard's default selection, since
    a cohort still in training has no completers or placements to show yet."""
    return list(db.session.scalars(sa.select(Cohort.code).where(Cohort.ends_on <= as_of).order_by(Cohort.code)))


def currencies_by_code(codes: list[str]) -> dict[str, str]:
    """{cohort code: its programme's currency} of the cohorts named: salaries are shown in it."""
    return dict(db.session.execute(
        sa.select(Cohort.code, Programme.currency).join(Programme, Programme.id == Cohort.programme_id)
        .where(in_list(Cohort.code, "codes")), {"codes": list(codes)}).all())


def common_currency(currencies: dict[str, str], codes) -> str | None:
    """The one currency the cohorts counted pay in (None for none, or for several: a median of
    salaries in different currencies means nothing)."""
    found = {currencies[code] for code in codes if code in currencies}
    return found.pop() if len(found) == 1 else None


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
        # kept by triggers (cohorts/models/counts.py): no count over either growing table per view
        "participants": select(RowCount.value).where(RowCount.name == "participants"),
        "placements": select(RowCount.value).where(RowCount.name == "live_placements"),
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
