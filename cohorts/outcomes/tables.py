"""Outcome results as rows: the CLI's table and CSV, the dashboards' people lists."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.reporting import rows_frame
from cohorts.models import Placement
from cohorts.outcomes.measures import PARTNER_KEYS, Person, flatten
from cohorts.placements.queries import cohorts_by_id, participants_by_id


def people_rows(people: Sequence[Person]) -> list[dict]:
    """The participants, cohorts and first placements behind a number (three queries)."""
    participants = participants_by_id([p.participant_id for p in people])
    cohorts = cohorts_by_id(sorted({p.cohort_id for p in people}))
    placement_ids = [p.placement_id for p in people if p.placement_id is not None]
    placements = {}
    if placement_ids:
        placements = {pl.id: pl for pl in db.session.scalars(
            sa.select(Placement).options(joinedload(Placement.employer)).where(Placement.id.in_(placement_ids))
        )}
    return [
        {"participant": participants[p.participant_id], "cohort": cohorts[p.cohort_id],
         "placement": placements.get(p.placement_id)}
        for p in people
    ]


def people_frame(rows: Sequence[Mapping[str, Any]]) -> pd.DataFrame:
    """The people behind an outcome number (staff drill-down)."""
    return rows_frame(
        ((r["participant"].full_name, r["participant"].email, r["cohort"].code,
          r["placement"].ref if r["placement"] else "", r["placement"].employer.name if r["placement"] else "",
          r["placement"].placed_on if r["placement"] else None) for r in rows),
        ["participant", "email", "cohort", "first_placement", "employer", "placed_on"],
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def outcomes_rows(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one row per cohort, then the programme; retention flattened."""
    programme = flatten(result["programme"])
    header = ["scope", "as_of", *programme.keys()]
    rows = []
    for code, figures in result["cohorts"].items():
        flat = flatten(figures)
        rows.append([code, result["as_of"], *(_cell(flat.get(k)) for k in programme)])
    rows.append(["programme", result["as_of"], *(_cell(programme[k]) for k in programme)])
    return header, rows


def render_csv(result: dict[str, Any]) -> str:
    header, rows = outcomes_rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def render_table(result: dict[str, Any]) -> str:
    """Measures down the side, one column per cohort and the programme last."""
    header, rows = outcomes_rows(result)
    columns = [row[0] for row in rows]
    lines = [["measure", *columns]]
    for position, measure in enumerate(header[2:], start=2):
        values = [row[position] if row[position] != "" else "—" for row in rows]
        if measure in PARTNER_KEYS:
            values = ["" for _ in rows[:-1]] + values[-1:]
        lines.append([measure, *values])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = [f"Outcomes as of {result['as_of']}"]
    for index, line in enumerate(lines):
        out.append("  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(line, widths))
        ).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)
