"""Programme and cohort lists as tables for CSV/XLSX download: every row, with the page's filters."""

from __future__ import annotations

import pandas as pd

from app.extensions import db
from app.reporting import rows_frame
from cohorts.design import queries
from cohorts.participants.queries import enrolment_counts


def programmes_frame() -> pd.DataFrame:
    return rows_frame(
        ((p.name, p.target_occupation, p.time_zone, p.currency, cohort_count)
         for p, cohort_count in queries.programmes_with_counts()),
        ["programme", "target_occupation", "time_zone", "currency", "cohorts"],
    )


def cohorts_frame(status: str | None = None) -> pd.DataFrame:
    cohorts = db.session.scalars(queries.cohorts_select(status)).all()
    counts = enrolment_counts([c.id for c in cohorts])
    return rows_frame(
        ((c.code, c.name, c.programme.name, c.region, c.starts_on, c.ends_on, c.capacity,
          *(counts[c.id].get(s, 0) for s in ("applied", "accepted", "enrolled")), c.status) for c in cohorts),
        ["code", "name", "programme", "region", "starts_on", "ends_on", "capacity", "applied", "accepted",
         "enrolled", "status"],
    )
