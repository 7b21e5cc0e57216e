"""What an import would change: rows to create, rows to update, rows already as given.

Workbook rows are matched with existing records on their key (one merge per sheet), then
compared column by column on the columns the sheet actually has: an absent column leaves
the field alone, an empty cell sets it to its default.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from app.models import Skill
from cohorts.models import Programme
from cohorts.workbook.schema import SHEETS, Sheet
from cohorts.workbook.snapshot import Snapshot
from cohorts.workbook.validate import ParsedWorkbook


@dataclass
class SheetPlan:
    sheet: Sheet
    #: the sheet's columns in this workbook (key included)
    present: list[str]
    #: rows to insert: typed values, "_row" the spreadsheet row
    create: pd.DataFrame
    #: rows to update: typed values, "_id" the record, "<column>_db" the stored values
    update: pd.DataFrame
    unchanged: int

    @property
    def counts(self) -> dict[str, int]:
        return {"created": len(self.create), "updated": len(self.update), "unchanged": self.unchanged}


@dataclass
class Plan:
    sheets: dict[str, SheetPlan] = field(default_factory=dict)
    #: skills named by the workbook but not yet in the vocabulary: label_key → label
    new_skills: dict[str, str] = field(default_factory=dict)
    new_programmes: list[str] = field(default_factory=list)

    @property
    def rows_to_write(self) -> int:
        return sum(len(p.create) + len(p.update) for p in self.sheets.values()) + len(
            self.new_skills) + len(self.new_programmes)

    def counts(self) -> dict[str, dict[str, int]]:
        """Per sheet (workbook order), plus the programmes and skills created on the way."""
        counts = {name: p.counts for name, p in self.sheets.items()}
        if self.new_programmes:
            counts["programmes"] = {"created": len(self.new_programmes), "updated": 0, "unchanged": 0}
        if self.new_skills:
            counts["skills"] = {"created": len(self.new_skills), "updated": 0, "unchanged": 0}
        return counts


def _same(a: pd.Series, b: pd.Series) -> pd.Series:
    both_missing = a.isna() & b.isna()
    equal = pd.Series([x == y for x, y in zip(a, b)], index=a.index, dtype=bool)
    return equal | both_missing


def plan_sheet(sheet: Sheet, frame: pd.DataFrame, existing: pd.DataFrame) -> SheetPlan:
    present = list(frame.columns)
    key = list(sheet.key)
    rows = frame.reset_index(names="_row")
    merged = rows.merge(existing[[*sheet.column_names, "_id"]], on=key, how="left",
                        suffixes=("", "_db"), indicator=True)
    new = merged["_merge"] == "left_only"
    found = merged[~new]
    differs = pd.Series(False, index=found.index)
    for column in present:
        if column not in key:
            differs |= ~_same(found[column], found[column + "_db"])
    extra = [f"{c}_db" for c in present if c not in key]
    return SheetPlan(
        sheet=sheet,
        present=present,
        create=merged.loc[new, ["_row", *present]].reset_index(drop=True),
        update=found.loc[differs, ["_row", "_id", *present, *extra]].reset_index(drop=True),
        unchanged=int((~differs).sum()),
    )


def make_plan(parsed: ParsedWorkbook, snapshot: Snapshot) -> Plan:
    plan = Plan()
    for sheet in SHEETS:
        frame = parsed.frames.get(sheet.name)
        if frame is not None:
            plan.sheets[sheet.name] = plan_sheet(sheet, frame, snapshot.frame(sheet.name))
    if parsed.skill_labels:
        known = set(db.session.scalars(sa.select(Skill.label_key)))
        plan.new_skills = {k: v for k, v in parsed.skill_labels.items() if k not in known}
    cohorts = parsed.frames.get("cohorts")
    if cohorts is not None:
        known = set(db.session.scalars(sa.select(Programme.name)))
        plan.new_programmes = sorted(set(cohorts["programme"].dropna()) - known)
    return plan
