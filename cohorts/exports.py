"""Every cohort-side list as a table for CSV/XLSX download: the rows the page shows, unpaginated.

Each function takes the page's own query (with the page's filters, and the viewer's restriction
built in: an employer's candidates are only those it may see) and returns a DataFrame for
app.reporting.table_response, which neutralises spreadsheet formulas.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd
from flask import abort, request

from app.extensions import db
from cohorts import cohort_queries, participant_queries, placement_queries
from cohorts.models import Candidacy, CohortSession, Participant

EXPORT_FORMATS = ("csv", "xlsx")


def requested_format() -> str | None:
    """'csv' or 'xlsx' when the list is asked for as a download (?format=…); 400 for anything else."""
    fmt = request.args.get("format")
    if fmt is not None and fmt not in EXPORT_FORMATS:
        abort(400)
    return fmt


def _value(value: Any) -> Any:
    """Enums as their stored value, everything else as is."""
    return getattr(value, "value", value)


def _frame(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> pd.DataFrame:
    return pd.DataFrame([[_value(v) for v in row] for row in rows], columns=list(columns))


def participants_frame(**filters) -> pd.DataFrame:
    """The staff participant list with the same filters (staff only)."""
    participants = db.session.scalars(participant_queries.participants_select(**filters)).all()
    return _frame(
        ((p.first_name, p.last_name, p.email, p.phone, p.region, p.referral_source,
          p.coach.display_name if p.coach else "",
          "; ".join(f"{e.cohort.code} ({_value(e.status)})" for e in p.enrolments),
          "yes" if p.consent_to_share else "no") for p in participants),
        ["first_name", "last_name", "email", "phone", "region", "referral_source", "coach", "cohorts",
         "consent_to_share"],
    )


def enrolments_frame(cohort_id: int, status: str | None) -> pd.DataFrame:
    enrolments = db.session.scalars(cohort_queries.enrolments_select(cohort_id, status=status)).all()
    return _frame(
        ((e.participant.full_name, e.participant.email, e.status, e.waitlist_position, e.applied_on,
          e.enrolled_on, e.exited_on, e.withdrawal_reason or "", _value(e.exclusion_reason) or "",
          "yes" if e.job_seeking else "no") for e in enrolments),
        ["participant", "email", "status", "waitlist_position", "applied_on", "enrolled_on", "exited_on",
         "withdrawal_reason", "exclusion_reason", "job_seeking"],
    )


def register_frame(session: CohortSession, roster: Sequence[Participant], marked: Mapping[int, Any]) -> pd.DataFrame:
    """A session's register: everyone who may be marked, and their mark (blank when unmarked)."""
    return _frame(
        ((session.ref, session.starts_at.date(), p.full_name, p.email, _value(marked.get(p.id)) or "")
         for p in roster),
        ["session", "date", "participant", "email", "attendance"],
    )


def my_attendance_frame(rows: Sequence[tuple[Any, CohortSession]]) -> pd.DataFrame:
    """The participant's own attendance marks (portal)."""
    return _frame(((s.starts_at.date(), s.title, s.kind, a.status) for a, s in rows),
                  ["date", "session", "kind", "attendance"])


def board_frame(board: Mapping[Any, list[Candidacy]]) -> pd.DataFrame:
    """A staff candidacy board (one hiring need's or one cohort's), stage by stage."""
    return _frame(
        ((c.participant.full_name, c.participant.email, c.cohort.code if c.cohort else "",
          c.hiring_need.ref if c.hiring_need else "", c.stage, c.stage_changed_at.date() if c.stage_changed_at else None,
          c.introduced_at.date() if c.introduced_at else None, c.employer_feedback or "")
         for candidacies in board.values() for c in candidacies),
        ["participant", "email", "cohort", "hiring_need", "stage", "stage_since", "introduced_on", "employer_feedback"],
    )


def employer_candidates_frame(employer_id: int) -> pd.DataFrame:
    """Only the candidates introduced to this employer who still consent, as on its list."""
    candidacies = db.session.scalars(placement_queries.employer_candidates_select(employer_id)).all()
    return _frame(
        ((c.participant.full_name, c.hiring_need.ref, c.hiring_need.role_title, c.cohort.code if c.cohort else "",
          c.stage, c.stage_changed_at.date() if c.stage_changed_at else None, c.employer_feedback or "")
         for c in candidacies),
        ["candidate", "hiring_need", "role", "cohort", "stage", "stage_since", "your_feedback"],
    )


def placements_frame(filters: placement_queries.PlacementFilters) -> pd.DataFrame:
    placements = db.session.scalars(placement_queries.placements_select(filters)).all()
    return _frame(
        ((p.ref, p.participant.full_name, p.employer.name, p.role_title, p.hiring_need.ref if p.hiring_need else "",
          p.cohort.code, p.offer_accepted_on, p.start_date, p.annual_salary, p.hours_per_week, p.employment_type,
          "yes" if p.in_field else "no") for p in placements),
        ["ref", "participant", "employer", "role", "hiring_need", "cohort", "offer_accepted_on", "start_date",
         "annual_salary", "hours_per_week", "employment_type", "in_field"],
    )


def people_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The people behind an outcome number (staff drill-down)."""
    return _frame(
        ((r["participant"].full_name, r["participant"].email, r["cohort"].code,
          r["placement"].ref if r["placement"] else "", r["placement"].employer.name if r["placement"] else "",
          r["placement"].placed_on if r["placement"] else None) for r in rows),
        ["participant", "email", "cohort", "first_placement", "employer", "placed_on"],
    )
