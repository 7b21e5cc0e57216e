"""The staff's download of check-ins (CSV/XLSX): staff only, never offered to employers."""

from __future__ import annotations

import pandas as pd

from app.reporting import rows_frame
from cohorts.models import CheckIn

COLUMNS = ["check_in_id", "participant_id", "participant", "placement", "employer", "role_title", "week", "due_on",
           "sent_at", "answered_at", "channel", "rating", "work_status", "annual_salary", "worries", "text",
           "risk_score", "flag_status"]


def check_ins_frame(rows: list[CheckIn]) -> pd.DataFrame:
    """One row per check-in (datetimes in UTC, ISO 8601; worries as keys separated by ';')."""
    def iso(value):
        return value.isoformat() if value is not None else ""

    return rows_frame(((c.id, c.participant_id, c.participant.full_name, c.placement.ref, c.placement.employer.name,
                        c.placement.role_title, c.week, c.due_on.isoformat(), iso(c.sent_at), iso(c.answered_at),
                        c.channel, c.rating, c.work_status, c.annual_salary, ";".join(c.worries or []), c.text,
                        c.risk_score, c.flag.status if c.flag else "") for c in rows), COLUMNS)
