"""A cohort's session ratings as a table for CSV/XLSX download (no participant names)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from app.reporting import rows_frame
from cohorts.models import SessionRating


def ratings_frame(ratings: Sequence[SessionRating]) -> pd.DataFrame:
    """One row per rating: the session, its module and co-delivering employer, the rating and comment."""
    return rows_frame(
        ((r.session.ref, r.session.starts_at.date(), r.session.title,
          r.session.module.title if r.session.module else "", r.session.employer.name if r.session.employer else "",
          r.rating, r.comment) for r in ratings),
        ["session", "date", "title", "module", "employer", "rating", "comment"],
    )
