"""Candidacy boards, employer candidates and placements as CSV/XLSX tables."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from app.extensions import db
from app.reporting import rows_frame
from cohorts.models import Candidacy, RetentionCheck
from cohorts.placements import queries


def board_frame(board: Mapping[Any, list[Candidacy]]) -> pd.DataFrame:
    """A staff candidacy board (one hiring need's or one cohort's), stage by stage."""
    return rows_frame(
        ((c.participant.full_name, c.participant.email, c.cohort.code if c.cohort else "",
          c.hiring_need.ref if c.hiring_need else "", c.stage, c.stage_changed_at.date() if c.stage_changed_at else None,
          c.introduced_at.date() if c.introduced_at else None, c.employer_feedback or "")
         for candidacies in board.values() for c in candidacies),
        ["participant", "email", "cohort", "hiring_need", "stage", "stage_since", "introduced_on", "employer_feedback"],
    )


def employer_candidates_frame(employer_id: int) -> pd.DataFrame:
    """Only the candidates introduced to this employer who still consent, as on its list."""
    candidacies = db.session.scalars(queries.employer_candidates_select(employer_id)).all()
    return rows_frame(
        ((c.participant.full_name, c.hiring_need.ref, c.hiring_need.role_title, c.cohort.code if c.cohort else "",
          c.stage, c.stage_changed_at.date() if c.stage_changed_at else None, c.employer_feedback or "")
         for c in candidacies),
        ["candidate", "hiring_need", "role", "cohort", "stage", "stage_since", "your_feedback"],
    )


def placements_frame(filters: queries.PlacementFilters) -> pd.DataFrame:
    placements = db.session.scalars(queries.placements_select(filters)).all()
    return rows_frame(
        ((p.ref, p.participant.full_name, p.employer.name, p.role_title, p.hiring_need.ref if p.hiring_need else "",
          p.cohort.code, p.offer_accepted_on, p.start_date, p.annual_salary, p.hours_per_week, p.employment_type,
          "yes" if p.in_field else "no") for p in placements),
        ["ref", "participant", "employer", "role", "hiring_need", "cohort", "offer_accepted_on", "start_date",
         "annual_salary", "hours_per_week", "employment_type", "in_field"],
    )


def retention_checks_frame(lists: Mapping[str, list[RetentionCheck]]) -> pd.DataFrame:
    """The open retention checks, overdue first, as on the staff list (every row, not a page)."""
    return rows_frame(
        ((state, c.due_on, c.day_mark, c.placement.participant.full_name, c.placement.participant.email,
          c.placement.employer.name, c.placement.ref) for state, checks in lists.items() for c in checks),
        ["state", "due_on", "day_mark", "participant", "email", "employer", "placement"],
    )
