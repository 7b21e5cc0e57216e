"""Registers and attendance as tables for CSV/XLSX download."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from app.reporting import rows_frame, stored_value
from cohorts.delivery.attendance import RosterPerson
from cohorts.models import CohortSession


def register_frame(session: CohortSession, roster: Sequence[RosterPerson], marked: Mapping[int, Any]) -> pd.DataFrame:
    """A session's register: everyone who may be marked, and their mark (blank when unmarked)."""
    return rows_frame(
        ((session.ref, session.starts_at.date(), p.full_name, p.email, stored_value(marked.get(p.id)) or "")
         for p in roster),
        ["session", "date", "participant", "email", "attendance"],
    )


def my_attendance_frame(rows: Sequence[tuple[Any, CohortSession]]) -> pd.DataFrame:
    """The participant's own attendance marks (portal)."""
    return rows_frame(((s.starts_at.date(), s.title, s.kind, a.status) for a, s in rows),
                  ["date", "session", "kind", "attendance"])
