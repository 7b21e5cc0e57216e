"""A national-scale programme behind `flask seed-scale`, for the benchmark and the load test.

Every count follows from the number of participants (50,000 gives 5,000 employers, 20,000
hiring needs, 300 cohorts, 6,000 sessions, ~1,000,000 attendance rows, 100,000 assessments,
60,000 candidacies and 30,000 placements). Rows are built as plain tuples with ids chosen here,
so no primary key is ever fetched back, and written table by table in dependency order with
the driver's fastest bulk path: COPY on PostgreSQL, executemany on SQLite. One seed and one
anchor day always give the same rows.
"""

from __future__ import annotations

import random
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

import numpy as np
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from app.db import utcnow
from app.extensions import db
from cohorts import demo_data as data

#: the password of every login the generator makes
SCALE_PASSWORD = "bridgework-scale"
#: the first programme's name: its presence means "already loaded"
PROGRAMMES = (
    ("National SalesCamp", "B2B sales development representative"),
    ("National CustomerCare", "Customer success associate"),
    ("National DataPath", "Junior data analyst"),
    ("National CareWorks", "Health care aide"),
    ("National BuildReady", "Construction site technician"),
    ("National LogiTrack", "Logistics coordinator"),
)
EMAIL_DOMAIN = "scale.bridgework.test"
SECTORS = ("Software", "Health", "Finance", "Logistics", "Retail", "Construction", "Public sector",
           "Manufacturing", "Hospitality", "Education")
PROVINCES = ("Toronto", "Ottawa", "Hamilton", "Mississauga", "Brampton", "Calgary", "Edmonton",
             "Vancouver", "Victoria", "Winnipeg", "Regina", "Saskatoon", "Montréal", "Québec",
             "Halifax", "Moncton", "St. John's", "Charlottetown", "Online (Canada-wide)")
ROLES = ("Sales development representative", "Account executive", "Customer success associate",
         "Support specialist", "Data analyst", "Care aide", "Site technician", "Logistics coordinator",
         "Inside sales representative", "Onboarding specialist", "Operations assistant")
NAME_PARTS = ("North", "Maple", "Lumen", "Harbour", "Cedar", "Prairie", "Summit", "Granite",
              "Aurora", "Boreal", "Coastal", "Pioneer", "Beacon", "Keystone", "Riverside", "Evergreen")
NAME_KINDS = ("Analytics", "Software", "Health", "Logistics", "Systems", "Partners", "Group",
              "Solutions", "Labs", "Services", "Works", "Networks")
SKILL_AREAS = ("", "for SaaS", "in health care", "in finance", "in logistics", "for retail",
               "in the public sector", "in construction")
SESSIONS_PER_COHORT = 20
MODULES_PER_COHORT = 6
DEMAND_PER_COHORT = 8


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


Progress = Callable[[str], None]


def seed_scale(participants: int = 50_000, seed: int = 1, *, today: date | None = None,
               progress: Progress | None = None) -> dict[str, int]:
    """Load the national-scale programme (flushes, never commits); returns rows written per table.

    Refuses a database that already holds it: refs, emails and names would collide.
    """
    from cohorts.models import Programme

    if db.session.scalar(sa.select(Programme.id).where(Programme.name == PROGRAMMES[0][0])):
        raise ValueError("The national-scale programme is already loaded in this database.")
    db.session.flush()
    builder = _Scale(Sizes(participants), seed, today or date.today(), progress or (lambda line: None))
    return builder.build()


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _at(day: date, hour: int) -> datetime:
    return datetime(day.year, day.month, day.day, hour)


class _Writer:
    """Bulk-writes tuples into one table through the fastest path the driver has."""

    def __init__(self, progress: Progress, stamp: datetime) -> None:
        self.connection = db.session.connection()
        self.dialect = self.connection.dialect.name
        self.progress, self.stamp = progress, stamp
        self.counts: dict[str, int] = {}

    def base_id(self, table: str) -> int:
        """Ids continue after any rows already there (e.g. the demo or the question bank)."""
        return self.connection.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar()

    def write(self, name: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        started = time.perf_counter()
        table = _metadata().tables[name]
        columns, extra = self._fill(table, list(columns))
        rows = (row + extra for row in rows) if extra else rows
        if self.dialect == "postgresql":
            count = self._copy(name, columns, rows)
        else:
            count = self._executemany(name, columns, rows)
        self.counts[name] = self.counts.get(name, 0) + count
        self.progress(f"  {name:22} {count:>10,} rows  {time.perf_counter() - started:6.1f} s")

    def _fill(self, table: sa.Table, columns: list[str]) -> tuple[list[str], tuple]:
        """Columns left out take their model default: a plain value, or the load's timestamp."""
        extra = []
        for column in table.c:
            if column.name in columns or column.server_default is not None or column.nullable:
                continue
            default = column.default
            if default is not None and default.is_scalar:
                value = default.arg
            elif default is not None and getattr(default.arg, "__wrapped__", None) is utcnow:
                value = self.stamp
            else:
                raise ValueError(f"{table.name}.{column.name} needs a value")
            columns.append(column.name)
            extra.append(value)
        return columns, tuple(extra)

    def _copy(self, name: str, columns: list[str], rows: Iterable[tuple]) -> int:
        raw = self.connection.connection.dbapi_connection
        count = 0
        with raw.cursor() as cursor, cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _executemany(self, name: str, columns: list[str], rows: Iterable[tuple]) -> int:
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        raw = self.connection.connection.dbapi_connection
        cursor, count, batch = raw.cursor(), 0, []
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        cursor.close()
        return count

    def reset_sequences(self, tables: Iterable[str]) -> None:
        """PostgreSQL: ids were given explicitly, so move each id sequence past them."""
        if self.dialect != "postgresql":
            return
        for name in tables:
            self.connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"))


def _metadata() -> sa.MetaData:
    from app.db import Base

    return Base.metadata


def _sqlite_value(value):
    """SQLite stores what SQLAlchemy's SQLite types would: ISO text for dates, 0/1, floats."""
    kind = type(value)
    if kind is datetime:
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if kind is date:
        return value.isoformat()
    if kind is bool:
        return int(value)
    if kind is Decimal:
        return float(value)
    return value


class _Scale:
    """Builds the national programme in dependency order; ids are assigned here, never fetched."""

    def __init__(self, sizes: Sizes, seed: int, today: date, progress: Progress) -> None:
        self.sizes, self.seed, self.today = sizes, seed, today
        self.rng = random.Random(seed)
        self.np = np.random.default_rng(seed)
        self.stamp = _at(today, 6)
        self.say = progress
        self.out = _Writer(progress, self.stamp)

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
        self.hiring_needs()
        self.cohorts()
        self.participants()
        self.enrolments()
        self.attendance()
        self.assessments()
        self.candidacies_and_placements()
        self.out.reset_sequences([
            "skills", "programmes", "employers", "contacts", "users", "hiring_needs", "cohorts",
            "modules", "sessions", "participants", "case_notes", "enrolments", "skill_assessments",
            "candidacies", "placements", "retention_checks",
        ])
        if sqlite:
            self.out.connection.execute(sa.text("PRAGMA cache_size = -2000"))
        self.say(f"Done: {sum(self.out.counts.values()):,} rows in {time.perf_counter() - started:.1f} s")
        return dict(self.out.counts)

    # --- vocabulary and organisations ------------------------------------------------

    def skills(self) -> None:
        from app.models import Skill

        labels = [(f"{label} {area}".strip(), kind) for area in SKILL_AREAS for label, kind in data.SKILLS]
        existing = dict(db.session.execute(sa.select(Skill.label_key, Skill.id)).all())
        base = self.out.base_id("skills")
        rows, self.skill_ids = [], []
        for label, kind in labels:
            key = Skill.key_for(label)
            if key not in existing:
                base += 1
                existing[key] = base
                rows.append((base, label, key, kind))
            self.skill_ids.append(existing[key])
        self.out.write("skills", ("id", "label", "label_key", "kind"), rows)

    def programmes(self) -> None:
        base = self.out.base_id("programmes")
        self.programme_ids = [base + n for n in range(1, len(PROGRAMMES) + 1)]
        self.out.write("programmes", ("id", "name", "target_occupation", "description"), [
            (pid, name, occupation, f"{name}: demand-led training for {occupation.lower()} roles.")
            for pid, (name, occupation) in zip(self.programme_ids, PROGRAMMES)])

    def employers(self) -> None:
        n = self.sizes.employers
        base = self.out.base_id("employers")
        self.employer_ids = list(range(base + 1, base + n + 1))
        statuses = self.np.choice(["hiring_partner", "in_discovery", "prospect", "inactive"], n,
                                  p=[0.6, 0.2, 0.15, 0.05])
        # the first employers (the logins' companies) are always hiring partners
        statuses[: self.sizes.employer_logins] = "hiring_partner"
        sizes = self.np.choice(["1-9", "10-49", "50-249", "250+"], n)
        self.employer_region = {}
        rows, contacts = [], []
        contact_base = self.out.base_id("contacts")
        for k, eid in enumerate(self.employer_ids):
            name = f"{NAME_PARTS[k % 16]} {NAME_KINDS[(k // 16) % 12]} {k + 1:05d}"
            region = PROVINCES[self.rng.randrange(len(PROVINCES) - 1)]
            self.employer_region[eid] = region
            slug = name.lower().replace(" ", "-")
            rows.append((eid, name, SECTORS[k % len(SECTORS)], str(sizes[k]), region,
                         f"https://{slug}.example", str(statuses[k]), "", self.token()))
            first, last = data.FIRST_NAMES[k % 30], data.LAST_NAMES[(k * 7) % 30]
            contacts.append((contact_base + k + 1, eid, f"{first} {last}",
                             f"{_ascii(first)}.{_ascii(last)}@{slug}.example", "", "Hiring manager", True))
        self.out.write("employers", ("id", "name", "sector", "size_band", "region", "website", "status",
                                     "notes", "feed_token"), rows)
        self.out.write("contacts", ("id", "employer_id", "name", "email", "phone", "job_title",
                                    "is_primary"), contacts)

    def users(self) -> None:
        s = self.sizes
        base = self.out.base_id("users")
        secret = generate_password_hash(SCALE_PASSWORD)
        rows = [(base + 1, f"admin@{EMAIL_DOMAIN}", "National Admin", "admin", None)]
        self.coach_ids = []
        for k in range(s.coaches):
            rows.append((base + len(rows) + 1, f"coach{k + 1:03d}@{EMAIL_DOMAIN}",
                         f"{data.FIRST_NAMES[k % 30]} Coach{k + 1}", "staff", None))
            self.coach_ids.append(rows[-1][0])
        for k in range(s.employer_logins):
            rows.append((base + len(rows) + 1, f"employer{k + 1:04d}@{EMAIL_DOMAIN}",
                         f"Employer Contact {k + 1}", "employer", self.employer_ids[k]))
        self.participant_user_ids = []
        for k in range(min(s.participant_logins, s.participants)):
            rows.append((base + len(rows) + 1, f"participant{k + 1:05d}@{EMAIL_DOMAIN}",
                         "", "participant", None))
            self.participant_user_ids.append(rows[-1][0])
        self.out.write("users", ("id", "email", "full_name", "role", "employer_id", "password_hash",
                                 "security_stamp", "active"),
                       [row + (secret, 1, True) for row in rows])

    def hiring_needs(self) -> None:
        n = self.sizes.hiring_needs
        base = self.out.base_id("hiring_needs")
        self.need_ids = list(range(base + 1, base + n + 1))
        partners = self.employer_ids[: max(1, len(self.employer_ids) * 3 // 5)]
        employer_of = self.np.choice(partners, n)
        openings = self.np.integers(1, 6, n)
        salary = self.np.integers(36, 70, n) * 1000
        self.need_employer, self.need_role, self.need_salary, self.need_skills = {}, {}, {}, {}
        rows, links = [], []
        for k, nid in enumerate(self.need_ids):
            eid = int(employer_of[k])
            role = ROLES[self.rng.randrange(len(ROLES))]
            low, high = int(salary[k]), int(salary[k]) + 8000
            self.need_employer[nid], self.need_role[nid], self.need_salary[nid] = eid, role, (low, high)
            status = self.rng.choices(("open", "draft", "filled", "closed"), (55, 10, 25, 10))[0]
            rows.append((nid, f"HN-N{k + 1:06d}", eid, role, int(openings[k]), self.employer_region[eid],
                         low, high, self.today + timedelta(days=self.rng.randint(-400, 120)), status,
                         "Two years of experience in a similar role", "Right to work in Canada"))
            chosen = self.rng.sample(self.skill_ids, self.rng.randint(3, 6))
            self.need_skills[nid] = chosen
            for position, skill in enumerate(chosen):
                links.append((nid, skill, self.rng.randint(1, 4), "must" if position < 2 else "nice"))
        self.out.write("hiring_needs", ("id", "ref", "employer_id", "role_title", "openings", "region",
                                        "salary_min", "salary_max", "needed_by", "status",
                                        "stated_requirements", "non_negotiables"), rows)
        links.sort()
        self.out.write("hiring_need_skills", ("hiring_need_id", "skill_id", "level", "importance"), links)

    # --- cohorts ---------------------------------------------------------------------

    def cohort_plan(self) -> list[tuple[date, str]]:
        """(first Monday, status) per cohort: most closed, a few placing, training and upcoming."""
        n = self.sizes.cohorts
        upcoming = max(1, round(n * 0.03))
        training = max(1, round(n * 0.04))
        placing = round(n * 0.05) if n >= 20 else 0
        closed = max(1, n - upcoming - training - placing)
        monday = _monday(self.today)
        plan = [(monday - timedelta(days=161 + 7 * (k * 260 // closed)), "closed") for k in range(closed)]
        plan += [(monday - timedelta(days=77 + 7 * (k % 12)), "placement") for k in range(placing)]
        plan += [(monday - timedelta(days=7 * (1 + k % 9)), "training") for k in range(training)]
        plan += [(monday + timedelta(days=14 + 7 * k), "recruiting" if k % 2 == 0 else "design")
                 for k in range(n - closed - placing - training)]
        return sorted(plan)

    def cohorts(self) -> None:
        plan = self.cohort_plan()
        cohort_base, module_base, session_base = (self.out.base_id(t) for t in ("cohorts", "modules", "sessions"))
        self.cohort_ids, self.cohort_status, self.cohort_dates = [], {}, {}
        self.cohort_needs, self.cohort_skills, self.cohort_sessions = {}, {}, {}
        cohorts, demand, consortium, modules, module_skills, sessions = [], [], [], [], [], []
        open_needs = list(self.need_ids)
        self.rng.shuffle(open_needs)
        numbers: dict[str, int] = {}
        for k, (starts_on, status) in enumerate(plan):
            cid = cohort_base + k + 1
            programme = k % len(PROGRAMMES)
            ends_on = starts_on + timedelta(days=9 * 7 + 4)
            region = PROVINCES[k % len(PROVINCES)]
            stem = f"N{programme + 1}-{starts_on.year}"
            numbers[stem] = numbers.get(stem, 0) + 1
            code = f"{stem}-{numbers[stem]:03d}"
            self.cohort_ids.append(cid)
            self.cohort_status[cid], self.cohort_dates[cid] = status, (starts_on, ends_on)
            needs = sorted(open_needs[(k * DEMAND_PER_COHORT) % len(open_needs):][:DEMAND_PER_COHORT])
            self.cohort_needs[cid] = needs
            cohorts.append((cid, code, self.programme_ids[programme],
                            f"{PROGRAMMES[programme][0]} {region.split(' ')[0]}, {starts_on:%B %Y}",
                            region, starts_on, ends_on, 200, status,
                            f"Designed from {len(needs)} hiring needs of its consortium.", self.token()))
            demand.extend((cid, nid) for nid in needs)
            employers = list(dict.fromkeys(self.need_employer[nid] for nid in needs))
            consortium.extend((cid, eid, 1 if m < 2 else 0, 2) for m, eid in enumerate(employers))
            taught = self.rng.sample(self.skill_ids, 12)
            self.cohort_skills[cid] = taught
            module_ids = []
            for m in range(MODULES_PER_COHORT):
                mid = module_base + k * MODULES_PER_COHORT + m + 1
                module_ids.append(mid)
                modules.append((mid, cid, m + 1, f"Module {m + 1}: {ROLES[(k + m) % len(ROLES)]} skills", 6))
                module_skills.extend((mid, skill, 2 + (m + j) % 3) for j, skill in enumerate(taught[2 * m:2 * m + 2]))
            online = region.startswith("Online")
            place = f"https://meet.example/{code.lower()}" if online else f"Bridgework studio, {region}"
            facilitator = self.coach_ids[k % len(self.coach_ids)]
            self.cohort_sessions[cid] = []
            for n in range(SESSIONS_PER_COHORT):
                sid = session_base + k * SESSIONS_PER_COHORT + n + 1
                day = starts_on + timedelta(days=7 * (n // 2) + (1 if n % 2 == 0 else 3))
                module, employer, kind, title = module_ids[n * MODULES_PER_COHORT // SESSIONS_PER_COHORT], None, "training", ""
                if n in (0, SESSIONS_PER_COHORT - 1):
                    module, kind = None, "assessment"
                    title = "Baseline skills assessment" if n == 0 else "Exit skills assessment"
                elif n in (7, 13):
                    module, employer = None, employers[(n // 7 - 1) % len(employers)]
                    kind, title = ("employer_session", "Employer session") if n == 7 else ("mock_interview", "Mock interviews")
                else:
                    title = f"Module {(n * MODULES_PER_COHORT // SESSIONS_PER_COHORT) + 1} session"
                sessions.append((sid, f"{code}-S{n + 1:02d}", cid, module, title, kind, _at(day, 14),
                                 _at(day, 17), place, employer, facilitator,
                                 f"{code}-{'tue' if n % 2 == 0 else 'thu'}" if kind == "training" else None))
                self.cohort_sessions[cid].append((sid, day, facilitator))
        self.out.write("cohorts", ("id", "code", "programme_id", "name", "region", "starts_on", "ends_on",
                                   "capacity", "status", "description", "feed_token"), cohorts)
        self.out.write("cohort_hiring_needs", ("cohort_id", "hiring_need_id"), demand)
        self.out.write("consortium_members", ("cohort_id", "employer_id", "co_delivery_sessions",
                                              "interviews_guaranteed"), consortium)
        self.out.write("modules", ("id", "cohort_id", "position", "title", "hours"), modules)
        self.out.write("module_skills", ("module_id", "skill_id", "level"), module_skills)
        self.out.write("sessions", ("id", "ref", "cohort_id", "module_id", "title", "kind", "starts_at",
                                    "ends_at", "location", "employer_id", "facilitator_id", "series_id"),
                       sessions)

    # --- people ----------------------------------------------------------------------

    def participants(self) -> None:
        n = self.sizes.participants
        base = self.out.base_id("participants")
        self.participant_ids = list(range(base + 1, base + n + 1))
        consent = self.np.random(n) < 0.8
        coach = self.np.integers(0, len(self.coach_ids), n)
        self.participant_coach = {}
        rows, notes = [], []
        note_base = self.out.base_id("case_notes")
        for k, pid in enumerate(self.participant_ids):
            first, last = data.FIRST_NAMES[k % 30], data.LAST_NAMES[(k // 30 + k) % 30]
            region = PROVINCES[self.rng.randrange(len(PROVINCES) - 1)]
            coach_id = self.coach_ids[int(coach[k])]
            self.participant_coach[pid] = coach_id
            shares = bool(consent[k])
            rows.append((pid, first, last, f"{_ascii(first)}.{_ascii(last)}.{k + 1}@{EMAIL_DOMAIN}",
                         f"416-555-{k % 10000:04d}", region, data.REFERRAL_SOURCES[k % 8],
                         data.NEEDS[k % 7], data.BARRIERS[k % 8], data.STRENGTHS[k % 9],
                         data.INTERESTS[k % 7], data.GOALS[k % 6], f'["{data.LIFE_AREAS[k % 8]}"]',
                         coach_id, self.participant_user_ids[k] if k < len(self.participant_user_ids) else None,
                         shares, self.stamp - timedelta(days=200) if shares else None, self.token()))
            if k % 5 == 0:
                notes.append((note_base + len(notes) + 1, pid, coach_id,
                              self.stamp - timedelta(days=k % 90), data.CASE_NOTES[k % len(data.CASE_NOTES)][2]))
        self.out.write("participants", ("id", "first_name", "last_name", "email", "phone", "region",
                                        "referral_source", "needs", "barriers", "strengths", "interests",
                                        "goals", "key_life_areas", "coach_id", "user_id", "consent_to_share",
                                        "consent_changed_at", "feed_token"), rows)
        self.out.write("case_notes", ("id", "participant_id", "author_id", "written_at", "body"), notes)

    def enrolments(self) -> None:
        """Each participant takes one cohort that has started; a few also apply to an upcoming one."""
        running = [cid for cid in self.cohort_ids if self.cohort_status[cid] in ("closed", "placement", "training")]
        upcoming = [cid for cid in self.cohort_ids if cid not in running]
        order = list(self.participant_ids)
        self.rng.shuffle(order)
        base = self.out.base_id("enrolments")
        rows = []
        self.enrolment = {}  # participant → (cohort, status, exited_on)
        for k, pid in enumerate(order):
            cid = running[k % len(running)]
            starts_on, ends_on = self.cohort_dates[cid]
            roll = self.rng.random()
            exited_on, reason, exclusion, job_seeking = None, "", None, True
            if self.cohort_status[cid] == "training":
                status = "withdrawn" if roll < 0.05 else "enrolled"
            else:
                status = "withdrawn" if roll < 0.12 else "completed"
                exited_on = ends_on
                job_seeking = roll < 0.97
            if status == "withdrawn":
                exited_on = starts_on + timedelta(days=self.rng.randint(7, 40))
                exited_on = min(exited_on, self.today)
                reason = "Took a job elsewhere" if roll < 0.03 else "Personal circumstances"
                exclusion = "serious_illness" if roll < 0.005 else None
            self.enrolment[pid] = (cid, status, exited_on)
            rows.append((base + len(rows) + 1, pid, cid, status, starts_on - timedelta(days=30), starts_on,
                         exited_on, reason, job_seeking, exclusion))
            if upcoming and k % 50 == 0:
                later = upcoming[k % len(upcoming)]
                rows.append((base + len(rows) + 1, pid, later, "applied" if k % 100 else "accepted",
                             self.today - timedelta(days=3), None, None, "", True, None))
        self.out.write("enrolments", ("id", "participant_id", "cohort_id", "status", "applied_on",
                                      "enrolled_on", "exited_on", "withdrawal_reason", "job_seeking",
                                      "exclusion_reason"), rows)

    def attendance(self) -> None:
        """Every past session of a participant's cohort, until they left it."""
        by_cohort: dict[int, list[int]] = {}
        for pid, (cid, _, _) in self.enrolment.items():
            by_cohort.setdefault(cid, []).append(pid)
        statuses = ("present",) * 20 + ("late",) * 2 + ("absent",) * 2 + ("excused",)
        picks = self.np.integers(0, len(statuses), SESSIONS_PER_COHORT * len(self.participant_ids) + 1).tolist()

        def rows():
            at = 0
            for cid in self.cohort_ids:
                people = sorted(by_cohort.get(cid, ()))
                for sid, day, facilitator in self.cohort_sessions[cid]:
                    if day >= self.today:
                        continue
                    recorded = _at(day, 17)
                    for pid in people:
                        exited_on = self.enrolment[pid][2]
                        if exited_on is not None and day > exited_on:
                            continue
                        yield sid, pid, statuses[picks[at]], recorded, facilitator
                        at += 1

        self.out.write("attendance", ("session_id", "participant_id", "status", "recorded_at", "recorded_by_id"),
                       rows())

    def assessments(self) -> None:
        """Two per participant: a baseline and, for completers, the exit on the same skill."""
        base = self.out.base_id("skill_assessments")
        starts = self.np.choice([0, 1, 2, 3], len(self.participant_ids), p=[0.2, 0.45, 0.3, 0.05])
        gains = self.np.choice([1, 1, 2, 2, 2, 3], len(self.participant_ids))
        rows = []
        for k, pid in enumerate(self.participant_ids):
            cid, status, _ = self.enrolment[pid]
            starts_on, ends_on = self.cohort_dates[cid]
            skills = self.cohort_skills[cid]
            first, second = skills[k % len(skills)], skills[(k + 1) % len(skills)]
            coach, level = self.participant_coach[pid], int(starts[k])
            rows.append((base + len(rows) + 1, pid, first, "baseline", level, coach, starts_on + timedelta(days=2)))
            if status == "completed":
                rows.append((base + len(rows) + 1, pid, first, "exit", min(4, level + int(gains[k])), coach,
                             ends_on - timedelta(days=2)))
            else:
                rows.append((base + len(rows) + 1, pid, second, "baseline", int(starts[-k - 1]), coach,
                             starts_on + timedelta(days=2)))
        self.out.write("skill_assessments", ("id", "participant_id", "skill_id", "stage", "level",
                                             "assessor_id", "assessed_on"), rows)

    # --- outcomes --------------------------------------------------------------------

    def candidacies_and_placements(self) -> None:
        """Completers are put forward for their cohort's hiring needs; one in two candidacies hires."""
        s = self.sizes
        eligible = [pid for pid in self.participant_ids
                    if self.enrolment[pid][1] == "completed"
                    and self.cohort_status[self.enrolment[pid][0]] in ("closed", "placement")]
        self.rng.shuffle(eligible)
        pairs: list[tuple[int, int]] = []  # (participant, need)
        round_ = 0
        while len(pairs) < s.candidacies and eligible and round_ < DEMAND_PER_COHORT:
            for pid in eligible:
                if len(pairs) == s.candidacies:
                    break
                needs = self.cohort_needs[self.enrolment[pid][0]]
                if round_ < len(needs):
                    pairs.append((pid, needs[(pid + round_) % len(needs)]))
            round_ += 1
        hires: set[tuple[int, int]] = set()
        hired: set[int] = set()
        for pid, nid in pairs:  # the first candidacy of the first participants hires
            if len(hires) == s.placements:
                break
            if pid not in hired:
                hires.add((pid, nid))
                hired.add(pid)
        cand_base, place_base, check_base = (self.out.base_id(t) for t in ("candidacies", "placements", "retention_checks"))
        candidacies, placements, checks = [], [], []
        for pid, nid in pairs:
            cand_id = cand_base + len(candidacies) + 1
            cid = self.enrolment[pid][0]
            ends_on = self.cohort_dates[cid][1]
            if (pid, nid) in hires:
                stage = "hired"
            elif self.cohort_status[cid] == "placement":
                stage = ("shortlisted", "introduced", "interviewing", "offer", "not_selected")[cand_id % 5]
            else:
                stage = ("not_selected", "withdrawn")[cand_id % 2]
            decided = min(self.today, ends_on + timedelta(days=5 + cand_id % 40))
            reached = {"shortlisted": 0, "introduced": 1, "interviewing": 2, "offer": 3,
                       "hired": 3, "not_selected": 2, "withdrawn": 1}[stage]
            stamps = [_at(decided - timedelta(days=21 - 6 * i), 15) if i <= reached else None for i in range(4)]
            closed_at = _at(decided, 16) if stage in ("hired", "not_selected", "withdrawn") else None
            candidacies.append((cand_id, pid, nid, cid, stage, *stamps, closed_at,
                                closed_at or stamps[reached], "Strong interview." if stage == "hired" else ""))
            if stage != "hired":
                continue
            place_id = place_base + len(placements) + 1
            low, high = self.need_salary[nid]
            start = decided + timedelta(days=14)
            placements.append((place_id, f"PL-N{place_id:06d}", pid, self.need_employer[nid], nid, cid, cand_id,
                               self.need_role[nid], decided, start, low + (cand_id % 9) * 1000,
                               Decimal("37.5") if cand_id % 2 else Decimal("40"),
                               "permanent" if cand_id % 7 else "fixed_term", cand_id % 11 != 0))
            for mark in (90, 180):
                due_on = start + timedelta(days=mark)
                if due_on > self.today:
                    checks.append((check_base + len(checks) + 1, place_id, mark, due_on, None, "unknown",
                                   None, None, False))
                    continue
                kept = ("yes", "yes", "yes", "yes", "no", "unknown")[(cand_id + mark) % 6]
                checks.append((check_base + len(checks) + 1, place_id, mark, due_on,
                               min(self.today, due_on + timedelta(days=cand_id % 10)), kept,
                               True if kept == "yes" else None, self.participant_coach[pid], kept == "yes" and cand_id % 3 == 0))
        self.out.write("candidacies", ("id", "participant_id", "hiring_need_id", "cohort_id", "stage",
                                       "shortlisted_at", "introduced_at", "interviewing_at", "offer_at",
                                       "closed_at", "stage_changed_at", "employer_feedback"), candidacies)
        self.out.write("placements", ("id", "ref", "participant_id", "employer_id", "hiring_need_id", "cohort_id",
                                      "candidacy_id", "role_title", "offer_accepted_on", "start_date",
                                      "annual_salary", "hours_per_week", "employment_type", "in_field"), placements)
        self.out.write("retention_checks", ("id", "placement_id", "day_mark", "due_on", "checked_on",
                                            "still_employed", "same_employer", "recorded_by_id",
                                            "confirmed_by_participant"), checks)
