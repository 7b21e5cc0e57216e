"""A national-scale programme behind `flask seed-scale`, for the benchmark and the load test.

Every count follows from the number of participants (50,000 gives 5,000 employers, 20,000
hiring needs, 300 cohorts, 6,000 sessions, ~1,000,000 attendance rows, 100,000 assessments,
60,000 candidacies and 30,000 placements). Rows are built as plain tuples with ids chosen here,
so no primary key is ever fetched back, and written table by table in dependency order with
the driver's fastest bulk path: COPY on PostgreSQL, executemany on SQLite. One seed and one
anchor day always give the same rows.

The demand side (skills, employers, logins, hiring needs) is built in `scale_demand`, the
supply side (cohorts, participants, attendance, outcomes) in `scale_supply`, and written
by `scale_writer`; this module holds the public API and the build order.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from datetime import date

import numpy as np
import sqlalchemy as sa

from app.dates import local_today
from app.extensions import db
from cohorts.seed.scale_demand import (
    EMAIL_DOMAIN,
    NAME_KINDS,
    NAME_PARTS,
    PROGRAMMES,
    PROVINCES,
    ROLES,
    SCALE_PASSWORD,
    SECTORS,
    SKILL_AREAS,
    DemandBuilder,
)
from cohorts.seed.scale_supply import DEMAND_PER_COHORT, MODULES_PER_COHORT, SESSIONS_PER_COHORT, SupplyBuilder, at_hour
from cohorts.seed.scale_writer import BulkWriter, Progress

__all__ = [
    "DEMAND_PER_COHORT", "EMAIL_DOMAIN", "MODULES_PER_COHORT", "NAME_KINDS", "NAME_PARTS", "PROGRAMMES",
    "PROVINCES", "ROLES", "SCALE_PASSWORD", "SECTORS", "SESSIONS_PER_COHORT", "SKILL_AREAS", "Progress",
    "Sizes", "seed_scale",
]


@dataclass(frozen=True)
class Sizes:
    """How many of each record a national set of `participants` holds."""

    participants: int

    def part(self, national: int, floor: int = 1) -> int:
        return max(floor, round(national * self.participants / 50_000))

    @property
    def employers(self) -> int:
        return self.part(5_000, 5)

    @property
    def hiring_needs(self) -> int:
        return self.part(20_000, 10)

    @property
    def cohorts(self) -> int:
        return self.part(300, 5)

    @property
    def coaches(self) -> int:
        return self.part(50, 2)

    @property
    def candidacies(self) -> int:
        return self.part(60_000)

    @property
    def placements(self) -> int:
        return self.part(30_000)

    @property
    def employer_logins(self) -> int:
        return self.part(500)

    @property
    def participant_logins(self) -> int:
        return self.part(1_000)


def seed_scale(participants: int = 50_000, seed: int = 1, *, today: date | None = None,
               progress: Progress | None = None) -> dict[str, int]:
    """Load the national-scale programme (flushes, never commits); returns rows written per table.

    Refuses a database that already holds it: refs, emails and names would collide.
    """
    from cohorts.models import Programme, bump_outcome_versions

    if db.session.scalar(sa.select(Programme.id).where(Programme.name == PROGRAMMES[0][0])):
        raise ValueError("The national-scale programme is already loaded in this database.")
    db.session.flush()
    builder = _Scale(Sizes(participants), seed, today or local_today(), progress or (lambda line: None))
    written = builder.build()
    # COPY and bulk inserts pass no ORM listener: every cohort's outcome figures are computed again
    bump_outcome_versions(db.session.connection())
    return written


class _Scale(DemandBuilder, SupplyBuilder):
    """Builds the national programme in dependency order; ids are assigned here, never fetched."""

    def __init__(self, sizes: Sizes, seed: int, today: date, progress: Progress) -> None:
        self.sizes, self.seed, self.today = sizes, seed, today
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.stamp = at_hour(today, 6)
        self.say = progress
        self.out = BulkWriter(progress, self.stamp)

    def token(self) -> str:
        return f"{self.rng.getrandbits(192):048x}"

    def build(self) -> dict[str, int]:
        started = time.perf_counter()
        s = self.sizes
        self.say(f"National-scale programme: {s.participants:,} participants, {s.employers:,} employers, "
                 f"{s.hiring_needs:,} hiring needs, {s.cohorts:,} cohorts (seed {self.seed})")
        sqlite = self.out.dialect == "sqlite"
        if sqlite:
            self.out.connection.execute(sa.text("PRAGMA cache_size = -262144"))
        self.skills()
        self.programmes()
        self.employers()
        self.users()
        self.coach_profiles()
        self.hiring_needs()
        self.cohorts()
        self.participants()
        self.enrolments()
        self.attendance()
        self.assessments()
        self.candidacies_and_placements()
        self.equality_monitoring()
        self.out.reset_sequences([
            "skills", "programmes", "employers", "contacts", "users", "hiring_needs", "cohorts",
            "modules", "sessions", "participants", "case_notes", "enrolments", "skill_assessments",
            "candidacies", "placements", "retention_checks", "coach_profiles", "equality_monitoring",
        ])
        if sqlite:
            self.out.connection.execute(sa.text("PRAGMA cache_size = -2000"))
        self.say(f"Done: {sum(self.out.counts.values()):,} rows in {time.perf_counter() - started:.1f} s")
        return dict(self.out.counts)
