"""The staff's download of pairings and their activity (CSV/XLSX): who, status, conversations, ratings."""

from __future__ import annotations

import pandas as pd

from app.reporting import rows_frame
from cohorts.mentoring.queries import PairRow

COLUMNS = ["pairing_id", "mentor", "mentor_kind", "participant", "status", "requested_at", "decided_at",
           "ended_at", "end_reason", "conversations", "last_conversation_at", "participant_rating_avg",
           "mentor_rating_avg"]


def _rating(value: float | None) -> float | None:
    return round(value, 2) if value is not None else None


def pairs_frame(rows: list[PairRow]) -> pd.DataFrame:
    """One row per pairing (datetimes in UTC, ISO 8601)."""
    def iso(value):
        return value.isoformat() if value is not None else ""

    return rows_frame(((r.pairing.id, r.pairing.mentor.display_name, r.pairing.mentor.kind,
                        r.pairing.participant.full_name, r.pairing.status, iso(r.pairing.requested_at),
                        iso(r.pairing.decided_at), iso(r.pairing.ended_at), r.pairing.end_reason, r.conversations,
                        iso(r.last_conversation_at), _rating(r.participant_rating), _rating(r.mentor_rating))
                       for r in rows), COLUMNS)
