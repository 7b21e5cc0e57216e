"""The believable demo programme behind `flask seed-demo`: demand, cohorts, people and outcomes.

Anchored on the day it is first loaded (a closed cohort ~9 months back, one in training, one in design)
and varied by a seeded generator, so two loads on a day are identical; later runs only restore logins.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.dates import at_local_time, local_today
from app.extensions import db
from app.models import Role, User
from app.skills.vocabulary import find_or_create_skill
from cohorts.seed import demo_data as data
from cohorts.seed import extras as demo_extras
from cohorts.seed.scale_demand import ascii_fold
from cohorts.models import (
    AssessmentStage, Attendance, AttendanceStatus, Candidacy, CandidacyStage, CaseNote, Cohort,
    CohortHiringNeed, CohortSession, CohortStatus, ConsortiumMember, EmploymentType, Enrolment,
    EnrolmentStatus, ExclusionReason, Module, ModuleSkill, Participant, Placement, Programme,
    RetentionCheck, SessionKind, SkillAssessment, StillEmployed,
)
from employers.models import (
    Contact, DiscoveryInterview, Employer, EmployerStatus, HiringNeed, HiringNeedSkill,
    HiringNeedStatus, Importance, InterviewAnswer, InterviewFormat, InterviewStatus, SizeBand,
)
from employers.question_bank import current_bank_version, ensure_question_bank

DEMO_PASSWORD = "bridgework-demo"
#: the demo's logins: people rely on these exact addresses
DEMO_LOGINS = [
    ("admin@bridgework.test", "admin"),
    ("designer@bridgework.test", "staff"),
    ("coach@bridgework.test", "staff"),
    ("employer@bridgework.test", "employer"),
    ("participant@bridgework.test", "participant"),
]
SALES_PROGRAMME = data.PROGRAMMES[0][0]
_SEED = "bridgework-demo-v1"
#: the demo password's hash, computed by the first login created in this process
_PASSWORD_HASH: list[str] = []
_STAGE_ORDER = ("shortlisted", "introduced", "interviewing", "offer")


def seed_demo() -> bool:
    """Load the demo programme once (True when anything was created; flushes, never commits)."""
    ensure_question_bank()
    if db.session.scalar(sa.select(Programme.id).where(Programme.name == SALES_PROGRAMME)):
        return _ensure_logins()[1]
    _Demo(local_today(data.DEMO_TIME_ZONE)).build()
    db.session.flush()
    return True


def _at(day: date, hour: int = 14) -> datetime:
    return at_local_time(day, time(hour), data.DEMO_TIME_ZONE).astimezone(UTC)


def _ensure_employers() -> dict[str, Employer]:
    names = [row[0] for row in data.EMPLOYERS]
    found = {e.name: e for e in db.session.scalars(sa.select(Employer).where(Employer.name.in_(names)))}
    for name, sector, size, region, website, status, contact, notes in data.EMPLOYERS:
        if name not in found:
            found[name] = Employer(
                name=name, sector=sector, size_band=SizeBand(size), region=region, website=website,
                status=EmployerStatus(status), notes=notes,
                contacts=[Contact(name=contact[0], email=contact[1], job_title=contact[2], is_primary=True)],
            )
            db.session.add(found[name])
    return found


def _ensure_logins(employers: dict[str, Employer] | None = None) -> tuple[dict[str, User], bool]:
    """The five demo logins; missing ones get the demo password (hashing is slow: done once a process)."""
    emails = [email for email, _ in DEMO_LOGINS]
    users = {u.email: u for u in db.session.scalars(sa.select(User).where(User.email.in_(emails)))}
    created = False
    for email, role in DEMO_LOGINS:
        if email in users:
            continue
        user = User(email=email, role=Role(role), full_name=data.FULL_NAMES[email], active=True)
        if role == Role.employer:
            user.employer = (employers or _ensure_employers())[data.DEMO_EMPLOYER]
        if _PASSWORD_HASH:
            user.password_hash, user.security_stamp = _PASSWORD_HASH[0], 1
        else:
            user.set_password(DEMO_PASSWORD)
            _PASSWORD_HASH.append(user.password_hash)
        if role == Role.participant:
            record = db.session.scalar(sa.select(Participant).where(Participant.email == email))
            if record is not None and record.user_id is None:
                record.user = user
        db.session.add(user)
        users[email], created = user, True
    return users, created


class _Demo:
    """Builds the demo in dependency order; every row hangs off objects it created itself."""

    def __init__(self, today: date) -> None:
        self.today = today
        self.add, self.add_all = db.session.add, db.session.add_all

    def rng(self, part: str) -> random.Random:
        return random.Random(f"{_SEED}:{part}")

    def build(self) -> None:
        self.skills = {label: find_or_create_skill(label, kind) for label, kind in data.SKILLS}
        self.employers = _ensure_employers()
        self.users, _ = _ensure_logins(self.employers)
        self.designer = self.users["designer@bridgework.test"]
        self.coach = self.users["coach@bridgework.test"]
        db.session.flush()  # attendance rows name their recorder by id
        self.interviews = self.build_interviews()
        self.needs = self.build_hiring_needs()
        self.build_cohorts()
        self.participants = self.build_participants()
        self.build_enrolments_and_learning()
        self.build_outcomes()
        demo_extras.build(self)

    def build_interviews(self) -> dict[str, DiscoveryInterview]:
        questions = {q.key: q for q in ensure_question_bank()}
        interviews = {}
        for spec in data.INTERVIEWS:
            interview = DiscoveryInterview(
                employer=self.employers[spec["employer"]], bank_version=current_bank_version(),
                held_on=self.today - timedelta(days=spec["days_ago"]), interviewer=self.designer,
                attendees=spec["attendees"], format=InterviewFormat(spec["format"]),
                summary=spec["summary"], pain_points=list(spec["pain_points"]),
                status=InterviewStatus.complete,
                answers=[InterviewAnswer(question=questions[key], answer=text)
                         for key, text in spec["answers"].items()],
            )
            self.add(interview)
            interviews[spec["employer"]] = interview
        return interviews

    def build_hiring_needs(self) -> dict[str, HiringNeed]:
        self.new_needs: set[str] = set()
        existing = {n.ref: n for n in db.session.scalars(
            sa.select(HiringNeed).where(HiringNeed.ref.in_([s["ref"] for s in data.HIRING_NEEDS])))}
        for spec in data.HIRING_NEEDS:
            if spec["ref"] in existing:
                continue
            self.new_needs.add(spec["ref"])
            employer = self.employers[spec["employer"]]
            existing[spec["ref"]] = need = HiringNeed(
                ref=spec["ref"], employer=employer, role_title=spec["role"], openings=spec["openings"],
                region=spec["region"], salary_min=spec["salary"][0], salary_max=spec["salary"][1],
                status=HiringNeedStatus(spec["status"]), stated_requirements=spec["stated"],
                non_negotiables=spec["non_negotiables"],
                source_interview=self.interviews.get(employer.name) if spec.get("interview") else None,
                competencies=[HiringNeedSkill(skill=self.skills[label], level=level, importance=Importance(imp))
                              for label, level, imp in spec["skills"]],
            )
            self.add(need)
        return existing

    def build_cohorts(self) -> None:
        def monday(day: date) -> date:
            return day - timedelta(days=day.weekday())

        sales, care = (Programme(name=name, target_occupation=occupation, description=text,
                                 time_zone=data.DEMO_TIME_ZONE, currency=data.DEMO_CURRENCY)
                       for name, occupation, text in data.PROGRAMMES)
        self.add_all([sales, care])
        plan = (  # key, programme, prefix, first Monday, weeks, status, region, capacity, needs, modules
            ("closed", sales, "SC", monday(self.today - timedelta(days=355)), 10, CohortStatus.closed,
             "Toronto", 30, ("HN-0001", "HN-0002", "HN-0003", "HN-0004"), data.SALES_MODULES),
            ("training", sales, "SC", monday(self.today - timedelta(days=35)), 10, CohortStatus.training,
             "Online (Canada-wide)", 30, ("HN-0005", "HN-0006", "HN-0007", "HN-0008"), data.SALES_MODULES),
            ("design", care, "CC", monday(self.today + timedelta(days=60)), 6, CohortStatus.design,
             "Online (Canada-wide)", 25, ("HN-0009", "HN-0010"), data.CARE_MODULES),
        )
        self.cohorts: dict[str, Cohort] = {}
        self.sessions: dict[str, list[CohortSession]] = {}
        numbers: dict[str, int] = {}
        for key, programme, prefix, starts_on, weeks, status, region, capacity, refs, modules in plan:
            stem = f"{prefix}-{starts_on.year}"
            numbers[stem] = numbers.get(stem, 0) + 1
            cohort = Cohort(
                code=f"{stem}-{numbers[stem]:02d}", programme=programme, region=region,
                name=f"{programme.name} {region.split(' ')[0]}, {starts_on:%B %Y}",
                starts_on=starts_on, ends_on=starts_on + timedelta(days=(weeks - 1) * 7 + 4),
                capacity=capacity, status=status,
                description=f"Designed from {len(refs)} hiring needs of its consortium.",
                demand=[CohortHiringNeed(hiring_need=self.needs[ref]) for ref in refs],
                modules=[Module(position=n, title=title, hours=hours,
                                skills=[ModuleSkill(skill=self.skills[label], level=level)
                                        for label, level in skills])
                         for n, (title, hours, skills) in enumerate(modules, start=1)],
            )
            cohort.consortium = self.consortium(key, [self.needs[ref] for ref in refs])
            for ref in refs:
                if ref in self.new_needs:
                    self.needs[ref].needed_by = cohort.ends_on + timedelta(days=60 if key == "closed" else 45)
            self.add(cohort)
            self.cohorts[key] = cohort
            self.sessions[key] = self.schedule(key, cohort, weeks)

    def consortium(self, key: str, needs: list[HiringNeed]) -> list[ConsortiumMember]:
        co_delivered = [row[1] for row in data.CO_DELIVERED[key]]
        names = dict.fromkeys([n.employer.name for n in needs] + co_delivered)
        return [ConsortiumMember(
            employer=self.employers[name], co_delivery_sessions=co_delivered.count(name),
            interviews_guaranteed=sum(n.openings for n in needs if n.employer.name == name),
            notes="Joined at cohort design." if name != data.DEMO_EMPLOYER else "Founding partner.",
        ) for name in names]

    def schedule(self, key: str, cohort: Cohort, weeks: int) -> list[CohortSession]:
        online = cohort.region.startswith("Online")
        place = f"https://meet.example/{cohort.code.lower()}" if online else "Bridgework studio, 215 Spadina Ave, Toronto"
        modules = cohort.modules
        rows = []  # (day, hour, hours, kind, title, module, employer, series)
        slots = [(cohort.starts_on + timedelta(days=7 * w + d), d) for w in range(weeks) for d in (1, 3)]
        for n, (day, weekday) in enumerate(slots):
            module = modules[n * len(modules) // len(slots)]
            rows.append((day, 14, 3, SessionKind.training, module.title, module, None, weekday))
        rows.append((cohort.starts_on + timedelta(days=2), 14, 2, SessionKind.assessment,
                     "Baseline skills assessment", None, None, None))
        rows.append((cohort.ends_on - timedelta(days=2), 14, 2, SessionKind.assessment,
                     "Exit skills assessment", None, None, None))
        for week, name, kind, title in data.CO_DELIVERED[key]:
            rows.append((cohort.starts_on + timedelta(days=7 * week + 4), 17, 2, SessionKind(kind), title,
                         None, self.employers[name], None))
        rows.sort(key=lambda row: (row[0], row[1]))
        sessions = []
        for n, (day, hour, hours, kind, title, module, employer, weekday) in enumerate(rows, start=1):
            session = CohortSession(
                ref=f"{cohort.code}-S{n:02d}", cohort=cohort, module=module, title=title, kind=kind,
                starts_at=_at(day, hour), ends_at=_at(day, hour + hours), employer=employer,
                location=(f"{employer.name}, {employer.region} office" if employer and not online else place),
                facilitator=self.coach if kind in (SessionKind.assessment, SessionKind.mock_interview) else self.designer,
                series_id=f"{cohort.code}-{'tue' if weekday == 1 else 'thu'}" if weekday else None,
            )
            sessions.append(session)
        self.add_all(sessions)
        return sessions

    def build_participants(self) -> list[Participant]:
        rng = self.rng("participants")
        emails = []
        for i in range(60):
            first = data.FIRST_NAMES[i % 30]
            last = data.LAST_NAMES[(i * 7 + 3 * (i // 30)) % 30]
            email = "participant@bridgework.test" if i == 0 else f"{ascii_fold(first)}.{ascii_fold(last)}@example.com"
            emails.append((first, last, email))
        found = {p.email: p for p in db.session.scalars(
            sa.select(Participant).where(Participant.email.in_([e for _, _, e in emails])))}
        people = []
        for i, (first, last, email) in enumerate(emails):
            if email not in found:
                k = i % 30
                region = rng.choice(data.REGIONS[:5] if i >= 30 else data.REGIONS)
                consent = k < (28 if i >= 30 else 25)
                found[email] = Participant(
                    first_name=first, last_name=last, email=email, region=region,
                    phone=f"{data.AREA_CODES.get(region, '905')}-555-{100 + i:04d}",
                    referral_source=rng.choice(data.REFERRAL_SOURCES), needs=rng.choice(data.NEEDS),
                    barriers=rng.choice(data.BARRIERS), strengths=rng.choice(data.STRENGTHS),
                    interests=", ".join(rng.sample(data.INTERESTS, 2)), goals=rng.choice(data.GOALS),
                    key_life_areas=rng.sample(data.LIFE_AREAS, rng.randint(0, 3)), coach=self.coach,
                    consent_to_share=consent,
                    consent_changed_at=_at(self.today - timedelta(days=400 if i >= 30 else 40)) if consent else None,
                    user=self.users["participant@bridgework.test"] if i == 0 else None,
                )
                self.add(found[email])
            people.append(found[email])
        return people

    def build_enrolments_and_learning(self) -> None:
        rng = self.rng("learning")
        self.enrolments: dict[str, list[Enrolment]] = {"closed": [], "training": []}
        for key, offset in (("training", 0), ("closed", 30)):
            cohort = self.cohorts[key]
            for k in range(30):
                enrolment = Enrolment(participant=self.participants[offset + k], cohort=cohort,
                                      status=EnrolmentStatus.enrolled, enrolled_on=cohort.starts_on,
                                      applied_on=cohort.starts_on - timedelta(days=rng.randint(20, 45)))
                if key == "closed":
                    enrolment.status, enrolment.exited_on = EnrolmentStatus.completed, cohort.ends_on
                    enrolment.job_seeking = k != 2  # k 2 went back to full-time studies
                if (key, k) in data.WITHDRAWALS:
                    days, reason, exclusion = data.WITHDRAWALS[key, k]
                    enrolment.status, enrolment.withdrawal_reason = EnrolmentStatus.withdrawn, reason
                    enrolment.exited_on = cohort.starts_on + timedelta(days=days)
                    enrolment.exclusion_reason = ExclusionReason(exclusion) if exclusion else None
                self.enrolments[key].append(enrolment)
            self.add_all(self.enrolments[key])
            self.record_attendance(key, rng)
            self.record_assessments(key, rng)
        self.add_all([CaseNote(participant=self.participants[k], author=self.coach, body=body,
                               written_at=_at(self.today - timedelta(days=days_ago), 16))
                      for k, days_ago, body in data.CASE_NOTES])

    def record_attendance(self, key: str, rng: random.Random) -> None:
        past = [s for s in self.sessions[key] if s.starts_at.date() < self.today]
        statuses = [AttendanceStatus.present] * 20 + [AttendanceStatus.late] * 2 + \
                   [AttendanceStatus.absent] * 2 + [AttendanceStatus.excused]
        rows = []
        for k, enrolment in enumerate(self.enrolments[key]):
            attended = [s for s in past if enrolment.exited_on is None or s.starts_at.date() <= enrolment.exited_on]
            for n, session in enumerate(attended):
                status = rng.choice(statuses)
                if key == "training" and k == 5 and n >= len(attended) - 2:
                    status = AttendanceStatus.absent  # two in a row: the coach's alert
                rows.append(Attendance(session=session, participant=enrolment.participant, status=status,
                                       recorded_at=session.ends_at, recorded_by_id=self.coach.id))
        self.add_all(rows)

    def record_assessments(self, key: str, rng: random.Random) -> None:
        cohort = self.cohorts[key]
        taught = list(dict.fromkeys(ms.skill for module in cohort.modules for ms in module.skills))
        rows = []
        for enrolment in self.enrolments[key]:
            for skill in taught:
                start = rng.choices((0, 1, 2, 3), weights=(20, 45, 30, 5))[0]
                rows.append(SkillAssessment(participant=enrolment.participant, skill=skill, level=start,
                                            stage=AssessmentStage.baseline, assessor=self.coach,
                                            assessed_on=cohort.starts_on + timedelta(days=2)))
                if enrolment.status == EnrolmentStatus.completed:
                    rows.append(SkillAssessment(participant=enrolment.participant, skill=skill,
                                                level=min(4, start + rng.choice((1, 1, 2, 2, 2, 3))),
                                                stage=AssessmentStage.exit, assessor=self.coach,
                                                assessed_on=cohort.ends_on - timedelta(days=2)))
        self.add_all(rows)

    def candidacy(self, participant: Participant, need: HiringNeed, cohort: Cohort, stage: str,
                  decided_on: date) -> Candidacy:
        """A candidacy whose stage dates lead up to its current stage, reached on decided_on."""
        reached = _STAGE_ORDER[: _STAGE_ORDER.index(stage) + 1] if stage in _STAGE_ORDER else \
            _STAGE_ORDER[: {"hired": 4, "not_selected": 3, "withdrawn": 2}[stage]]
        days_before = {"shortlisted": 21, "introduced": 16, "interviewing": 9, "offer": 2}
        closing = _at(decided_on, 16) if stage not in _STAGE_ORDER else None
        last = decided_on - timedelta(days=2 if closing else 0)
        stamps = {s: _at(last - timedelta(days=days_before[s] - days_before[reached[-1]]), 15) for s in reached}
        return Candidacy(
            participant=participant, hiring_need=need, cohort=cohort, stage=CandidacyStage(stage),
            shortlisted_at=stamps["shortlisted"], introduced_at=stamps.get("introduced"),
            interviewing_at=stamps.get("interviewing"), offer_at=stamps.get("offer"), closed_at=closing,
            stage_changed_at=closing or stamps[reached[-1]], employer_feedback=data.FEEDBACK.get(stage, ""),
        )

    def build_outcomes(self) -> None:
        rng = self.rng("outcomes")
        closed, training = self.cohorts["closed"], self.cohorts["training"]
        end = closed.ends_on
        taken = set(db.session.scalars(sa.select(Placement.ref)))
        counter = iter(n for n in range(1, 10000) if f"PL-{n:04d}" not in taken)
        placements = []
        def place(participant, cohort, employer, role, offer_on, start_on, salary, **extra) -> Placement:
            placement = Placement(
                ref=f"PL-{next(counter):04d}", participant=participant, cohort=cohort, employer=employer,
                role_title=role, offer_accepted_on=offer_on, start_date=start_on, annual_salary=salary,
                hours_per_week=Decimal(rng.choice(("37.5", "40"))), **extra)
            placements.append(placement)
            return placement

        for k, ref, offer, start in data.CLOSED_HIRES:
            need, offer_on = self.needs[ref], end + timedelta(days=offer)
            candidacy = self.candidacy(self.participants[30 + k], need, closed, "hired", offer_on)
            place(self.participants[30 + k], closed, need.employer, need.role_title, offer_on,
                  end + timedelta(days=start), rng.randrange(need.salary_min, need.salary_max + 1, 500),
                  hiring_need=need, candidacy=candidacy)
        for k, name, role, offer, start, salary, in_field, kind in data.CLOSED_OTHER_JOBS:
            place(self.participants[30 + k], closed, self.employers[name], role, end + timedelta(days=offer),
                  end + timedelta(days=start), salary, in_field=in_field, employment_type=EmploymentType(kind))
        extra = [self.candidacy(self.participants[30 + k], self.needs[ref], closed, stage,
                                end + timedelta(days=rng.randint(0, 40))) for k, ref, stage in data.CLOSED_MISSES]
        for placement, marks in zip(placements, data.RETENTION, strict=True):
            placement.retention_checks = [self.retention(placement, day_mark, mark, rng)
                                          for day_mark, mark in ((90, marks[0]), (180, marks[1]))]
        for k, ref, stage, days_ago in data.TRAINING_CANDIDACIES:
            need, decided_on = self.needs[ref], self.today - timedelta(days=days_ago)
            candidacy = self.candidacy(self.participants[k], need, training, stage, decided_on)
            extra.append(candidacy)
            if stage == "hired":
                placement = place(self.participants[k], training, need.employer, need.role_title, decided_on,
                                  self.today + timedelta(days=7 + days_ago), need.salary_min + 4000,
                                  hiring_need=need, candidacy=candidacy)
                placement.retention_checks = [self.retention(placement, mark, "?", rng) for mark in (90, 180)]
        self.add_all(extra + placements)

    def retention(self, placement: Placement, day_mark: int, mark: str, rng: random.Random) -> RetentionCheck:
        due_on = placement.start_date + timedelta(days=day_mark)
        if mark == "?" or due_on > self.today:
            return RetentionCheck(day_mark=day_mark, due_on=due_on, still_employed=StillEmployed.unknown)
        result = {"y": StillEmployed.yes, "=": StillEmployed.yes, "n": StillEmployed.no, "u": StillEmployed.unknown}
        return RetentionCheck(
            day_mark=day_mark, due_on=due_on, checked_on=min(self.today, due_on + timedelta(days=rng.randint(0, 10))),
            still_employed=result[mark], same_employer={"y": True, "=": False, "n": False}.get(mark),
            notes=data.RETENTION_NOTES.get(mark, ""), recorded_by=self.coach, confirmed_by_participant=mark == "y" and rng.random() < 0.4,
        )
