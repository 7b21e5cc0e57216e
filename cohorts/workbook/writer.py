"""Write a plan: bulk inserts and updates, sheet by sheet in dependency order.

The caller wraps this in one savepoint, so a failure at any point leaves the database as it
was. Foreign keys are resolved with one key → id query per referenced table, read after the
referenced sheet is written. Retention checks come only from the retention_checks sheet
(none are made up on import), so an export imports back to exactly the same rows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pandas as pd
import sqlalchemy as sa

from app.db import UTCDateTime, utcnow
from app.extensions import db
from app.models import Skill, SkillKind
from cohorts.models import CohortHiringNeed, Placement, Programme, bump_outcome_versions
from cohorts.workbook.plan import Plan, SheetPlan
from cohorts.workbook.schema import SHEETS, Column
from cohorts.workbook.snapshot import Snapshot
from employers.models import HiringNeedSkill

CHUNK = 20_000
#: SQLite page cache while importing (KiB, negative): big sheets insert into big indexes
SQLITE_CACHE_KIB = 262_144


def _defaults_to_now(column: sa.Column) -> bool:
    default = column.default
    return default is not None and getattr(getattr(default, "arg", None), "__wrapped__", None) is utcnow
Progress = Callable[[str, int, int], None]


class Writer:
    def __init__(self, plan: Plan, snapshot: Snapshot, progress: Progress | None = None) -> None:
        self.plan, self.snapshot = plan, snapshot
        self.progress = progress or (lambda stage, done, total: None)
        self.total = max(1, plan.rows_to_write)
        self.done = 0
        self._ids: dict[str, dict] = {}

    # --- plumbing -------------------------------------------------------------------

    def ids(self, target: str) -> dict:
        if target not in self._ids:
            if target == "programmes":
                stmt = sa.select(Programme.name, Programme.id)
                self._ids[target] = dict(db.session.execute(stmt).all())
            elif target == "skills":
                stmt = sa.select(Skill.label_key, Skill.id)
                self._ids[target] = dict(db.session.execute(stmt).all())
            else:
                self._ids[target] = self.snapshot.id_map(target)
        return self._ids[target]

    def insert(self, stage: str, model: type, rows: list[dict], *, counted: bool = True) -> None:
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start:start + CHUNK]
            self.insert_chunk(model, chunk)
            if counted:
                self.advance(stage, len(chunk))

    def insert_chunk(self, model: type, rows: list[dict]) -> None:
        """A Core executemany: no primary keys to fetch back, so no per-row ORM bookkeeping.

        Timestamps defaulting to now are written as one SQL literal instead of being made
        and converted row by row; when every other cell is a plain int or text (attendance),
        the rows go straight to the driver: a million rows then cost the database's time only.
        """
        table = model.__table__
        keys = list(rows[0])
        stamps = {c.name: self.now_sql() for c in table.c if c.name not in keys and _defaults_to_now(c)}
        stmt = table.insert().values(stamps) if stamps else table.insert()
        others = [c for c in table.c if c.name not in keys and c.name not in stamps]
        plain = all(type(v) in (int, str) or v is None for v in rows[0].values())
        if not plain or any(c.default is not None for c in others):
            db.session.execute(stmt, rows)
            return
        compiled = stmt.compile(dialect=db.session.get_bind().dialect, column_keys=keys)
        if compiled.positional:
            order = compiled.positiontup
            params = [tuple(row[k] for k in order) for row in rows]
        else:
            params = rows
        db.session.connection().exec_driver_sql(str(compiled), params)

    def now_sql(self) -> sa.ColumnElement:
        if not hasattr(self, "_now_sql"):
            literal = sa.literal(utcnow(), UTCDateTime())
            rendered = literal.compile(dialect=db.session.get_bind().dialect,
                                       compile_kwargs={"literal_binds": True})
            self._now_sql = sa.literal_column(str(rendered))
        return self._now_sql

    def update(self, stage: str, model: type, rows: list[dict], key: tuple[str, ...]) -> None:
        """Executemany UPDATEs by key; rows with different column sets go in separate batches."""
        shapes: dict[tuple, list[dict]] = {}
        for row in rows:
            shapes.setdefault(tuple(row), []).append(row)
        table = model.__table__
        for shape, batch in shapes.items():
            where = [table.c[k] == sa.bindparam(f"b_{k}") for k in key]
            values = {c: sa.bindparam(f"b_{c}") for c in shape if c not in key}
            if "version" in table.c:
                values["version"] = table.c.version + 1
            stmt = sa.update(table).where(*where).values(values)
            for start in range(0, len(batch), CHUNK):
                chunk = [{f"b_{k}": v for k, v in row.items()} for row in batch[start:start + CHUNK]]
                db.session.execute(stmt, chunk)
                self.advance(stage, len(chunk))

    def advance(self, stage: str, count: int) -> None:
        self.done += count
        self.progress(stage, min(self.done, self.total), self.total)

    def columns(self, sheet_plan: SheetPlan, frame: pd.DataFrame) -> dict[str, list]:
        """attr → values for the sheet's present columns; references become ids."""
        out: dict[str, list] = {}
        for name in sheet_plan.present:
            column: Column = sheet_plan.sheet.by_name[name]
            values = frame[name].tolist()
            if column.kind in ("refs", "skills"):
                continue
            if column.kind in ("ref", "programme", "skill"):
                ids = self.ids(column.target or ("programmes" if column.kind == "programme" else "skills"))
                values = [ids.get(v) if v is not None else None for v in values]
            out[column.attr] = values
        return out

    @staticmethod
    def rows(columns: dict[str, list], length: int) -> list[dict]:
        names = list(columns)
        return [dict(zip(names, values)) for values in zip(*columns.values())] if names else [{}] * length

    # --- the write ------------------------------------------------------------------

    def apply(self) -> None:
        db.session.flush()
        sqlite = db.session.get_bind().dialect.name == "sqlite"
        if sqlite:
            cache = db.session.execute(sa.text("PRAGMA cache_size")).scalar()
            db.session.execute(sa.text(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}"))
        try:
            self.write_all()
        finally:
            if sqlite:
                db.session.execute(sa.text(f"PRAGMA cache_size = {int(cache)}"))

    def write_all(self) -> None:
        if self.plan.new_skills:
            rows = [{"label": label, "label_key": key, "kind": SkillKind.skill.value}
                    for key, label in self.plan.new_skills.items()]
            self.insert("skills", Skill, rows)
        if self.plan.new_programmes:
            self.insert("programmes", Programme, [{"name": n} for n in self.plan.new_programmes])
        for sheet in SHEETS:
            sheet_plan = self.plan.sheets.get(sheet.name)
            if sheet_plan is not None:
                self.write_sheet(sheet_plan)
                self._ids.pop(sheet.name, None)
        db.session.flush()
        # the bulk inserts pass no ORM listener: every cohort's outcome figures are computed again
        bump_outcome_versions(db.session.connection())
        db.session.expire_all()

    def write_sheet(self, sheet_plan: SheetPlan) -> None:
        name, model = sheet_plan.sheet.name, sheet_plan.sheet.model
        created = self.rows(self.columns(sheet_plan, sheet_plan.create), len(sheet_plan.create))
        updated = self.rows(self.columns(sheet_plan, sheet_plan.update), len(sheet_plan.update))
        hook = getattr(self, f"_before_{name}", None)
        if hook:
            hook(sheet_plan, created, updated)
        primary_key = [c.name for c in model.__table__.primary_key]
        if len(primary_key) > 1:  # composite keys (attendance): insert in index order
            created.sort(key=lambda row: tuple(row[k] for k in primary_key))
        self.insert(name, model, created)
        if name == "attendance":
            self.update(name, model, updated, ("session_id", "participant_id"))
        else:
            for row, record_id in zip(updated, sheet_plan.update["_id"]):
                row["id"] = record_id
            self.update(name, model, updated, ("id",))
        after = getattr(self, f"_after_{name}", None)
        if after:
            self._ids.pop(name, None)
            after(sheet_plan)

    # --- per-sheet details ----------------------------------------------------------

    def _before_participants(self, sheet_plan: SheetPlan, created: list, updated: list) -> None:
        """Consent given or withdrawn is dated, as when staff change it on a page."""
        if "consent_to_share" not in sheet_plan.present:
            return
        now = utcnow()
        for row in created:
            row["consent_changed_at"] = now if row["consent_to_share"] else None
        for row, old in zip(updated, sheet_plan.update["consent_to_share_db"]):
            if row["consent_to_share"] != old:
                row["consent_changed_at"] = now

    def _before_retention_checks(self, sheet_plan: SheetPlan, created: list, updated: list) -> None:
        """A new check is due day_mark days after its placement starts."""
        starts = dict(db.session.execute(sa.select(Placement.id, Placement.start_date)).all())
        for row in created:
            row["due_on"] = starts[row["placement_id"]] + timedelta(days=row["day_mark"])

    def _after_hiring_needs(self, sheet_plan: SheetPlan) -> None:
        if "skills" not in sheet_plan.present:
            return
        needs, skills = self.ids("hiring_needs"), self.ids("skills")
        changed = [needs[ref] for ref in sheet_plan.update["ref"]]
        self.delete_links(HiringNeedSkill.__table__.c.hiring_need_id, changed)
        rows = [
            {"hiring_need_id": needs[ref], "skill_id": skills[key], "level": level, "importance": importance}
            for frame in (sheet_plan.create, sheet_plan.update)
            for ref, links in zip(frame["ref"], frame["skills"])
            for key, level, importance in sorted(links)
        ]
        self.insert("hiring_needs", HiringNeedSkill, rows, counted=False)

    def _after_cohorts(self, sheet_plan: SheetPlan) -> None:
        if "hiring_needs" not in sheet_plan.present:
            return
        cohorts, needs = self.ids("cohorts"), self.ids("hiring_needs")
        changed = [cohorts[code] for code in sheet_plan.update["code"]]
        self.delete_links(CohortHiringNeed.__table__.c.cohort_id, changed)
        rows = [
            {"cohort_id": cohorts[code], "hiring_need_id": needs[ref]}
            for frame in (sheet_plan.create, sheet_plan.update)
            for code, refs in zip(frame["code"], frame["hiring_needs"])
            for ref in sorted(refs)
        ]
        self.insert("cohorts", CohortHiringNeed, rows, counted=False)

    @staticmethod
    def delete_links(column: sa.Column, ids: list[int]) -> None:
        for start in range(0, len(ids), 500):
            db.session.execute(sa.delete(column.table).where(column.in_(ids[start:start + 500])))
