"""A coach's caseload as a triage list: who needs them first, why, and each one's next step.

Alerts are computed for the whole caseload with a fixed number of queries (never one per
participant): the current cohort and its next session, absences, applications and placements as columns
of the participants query, then retention checks, job applications and check-ins, so the coach's home
stays fast however many people they coach (a national coach has ~1,100: the subqueries are bounded by
the coach, never by the whole table). Filtering, counting and ordering then happen in memory on plain
rows, and the page shows 25 of them: only those 25 are ``describe()``d (next step, and starter band,
which reads their cohorts' attendance), so a page costs the same on page 1 and 40.

Urgency, most urgent first (``urgency()``: an overdue alert outranks any that is not, then
``ALERT_KINDS`` order):

1. ``absences``: missed the two latest marked sessions. Someone about to drop out is kept by a
   call this week, so it is always overdue.
2. ``retention``, overdue: a retention check past its due date; the employer and the funder wait.
3. ``retention``, due within ``RETENTION_LEAD_DAYS`` days.
3b. ``check_in_missed``: an in-work check-in unanswered CHECKIN_MISSED_AFTER_DAYS after it was due
   (cohorts/inwork; open risk flags have their own triage list, /staff/risk-flags).
4. ``stalled``: the cohort is placing and no application has moved for ``STALL_DAYS`` days.
5. ``consent``: no consent to share with employers; it blocks introductions, not today's work.
6. ``job_stalled``: an application the participant tracks from Jobs for you (cohorts/jobsearch), at
   applied, interviewing or offer, has not moved for ``JOB_STALL_DAYS`` days: a nudge to ask how it
   went, after everything the programme itself owes.

A person sorts by their most urgent alert; people at the same urgency by how long it has waited
(``Alert.since``: oldest first, "never" before any date), then by name. People without alerts
come last, by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import NamedTuple

from sqlalchemy import DateTime, Row, String, and_, bindparam, case, func, null, select, type_coerce, union_all
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import User
from cohorts.learnability.queries import starter_bands
from cohorts.models import (
    ApplicationStage,
    Attendance,
    AttendanceStatus,
    Candidacy,
    Cohort,
    CohortSession,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    Participant,
    Placement,
    RetentionCheck,
    SavedPosting,
)
from cohorts.participants.record_work import missed_check_ins
from employers.jobs.models import JobPosting
from employers.models import Employer

STALL_DAYS = 14
#: a retention check shows as due this many days before its due date
RETENTION_LEAD_DAYS = 14
#: an open job application (saved from Jobs for you) that has not moved for this many days raises an alert
JOB_STALL_DAYS = 14
#: the stages of a job application still waiting on the employer
JOB_OPEN_STAGES = (ApplicationStage.applied, ApplicationStage.interviewing, ApplicationStage.offer)
RETENTION_LEAD, JOB_STALL = timedelta(days=RETENTION_LEAD_DAYS), timedelta(days=JOB_STALL_DAYS)
CURRENT_STATUSES = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)
#: alert kinds, most urgent first; an overdue alert comes before any that is not (module docstring)
ALERT_KINDS = ("absences", "retention", "check_in_missed", "stalled", "consent", "job_stalled")
#: what the filter and the counts call each kind
ALERT_LABELS = {
    "absences": "Missed sessions",
    "retention": "Retention checks",
    "check_in_missed": "Missed in-work check-ins",
    "stalled": "Stalled applications",
    "consent": "No consent to share",
    "job_stalled": "Job applications not moving",
}


@dataclass(frozen=True)
class Alert:
    kind: str
    message: str
    #: where the coach resolves it: an endpoint, its arguments and a page anchor
    endpoint: str
    params: dict
    anchor: str = ""
    #: an overdue item sorts before everything else
    urgent: bool = False
    #: since when it has waited (first missed session, due date, last movement, intake);
    #: None = forever (no application ever moved), which sorts as the oldest
    since: date | None = None


def urgency(alert: Alert) -> tuple[int, int]:
    """Sort key of an alert, most urgent first: overdue before not, then by ALERT_KINDS."""
    return (0 if alert.urgent else 1, ALERT_KINDS.index(alert.kind))


@dataclass(frozen=True)
class CurrentCohort:
    """The cohort of the participant's current enrolment: of those accepted, enrolled or completed,
    the latest to start."""

    id: int
    code: str
    status: CohortStatus
    next_session: str | None = None  #: its first session's title from now on (a next step); None without


class Person(NamedTuple("Person", [("id", int), ("first_name", str), ("last_name", str), ("email", str),
                                    ("consent_to_share", bool), ("created_at", datetime)])):
    """A row's participant as plain columns, not an ORM object (1,100 took ~40 ms); created_at naive UTC."""

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@dataclass
class CaseloadRow:
    participant: Person
    cohort: CurrentCohort | None
    #: most urgent first
    alerts: list[Alert] = field(default_factory=list)
    next_step: str = ""
    #: {"learnability", "band"} in the current cohort (spec/learnability.md); None values when undefined
    learnability: dict = field(default_factory=dict)

    @property
    def kinds(self) -> set[str]:
        return {alert.kind for alert in self.alerts}


def one_of(column, values):
    """column IN (constants), a parameter each: compiled with the statement, not expanded per execution."""
    return column.in_([bindparam(None, value, type_=column.type) for value in values])


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _as_stored(column):
    """A date-time column read as stored (naive UTC), without UTCDateTime's Python calls per value: the caseload
    reads three for every person (~0.1 ms for 60), compares them naive and shows a few dates."""
    return type_coerce(column, DateTime())


def _current_cohort_id():
    """Column: the id of the participant's CurrentCohort (the earliest enrolment among those starting together)."""
    return (
        select(Enrolment.cohort_id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.participant_id == Participant.id, one_of(Enrolment.status, CURRENT_STATUSES))
        .order_by(Cohort.starts_on.desc(), Enrolment.id)
        .limit(1)
        .correlate(Participant)
        .scalar_subquery()
    )


def _absent_since():
    """Column: when the first of the participant's two latest marked sessions (excused left out) started, if both
    were absences; else None. Read backwards from the end of the person's ix_attendance_participant_latest."""
    latest_two = (
        select(Attendance.status, Attendance.session_starts_at)
        .where(
            Attendance.participant_id == Participant.id,
            Attendance.status != AttendanceStatus.excused,
            Attendance.session_starts_at <= bindparam("now"),
        )
        .order_by(Attendance.session_starts_at.desc())
        .limit(2)
        .correlate(Participant)
        .subquery()
    )
    return (
        select(case((func.count() == 2, func.min(latest_two.c.session_starts_at))))
        .where(latest_two.c.status == AttendanceStatus.absent)
        .scalar_subquery()
    )


def _last_movement():
    """Column: when the participant's latest application moved (None without applications)."""
    return select(func.max(Candidacy.stage_changed_at)).where(Candidacy.participant_id == Participant.id) \
        .scalar_subquery()


def _placed():
    """Column: the participant has a placement. A first row, not EXISTS: PostgreSQL hashed an EXISTS over every
    placement (30,000 at national scale) rather than look up the caseload's people by index."""
    live = select(Placement.id).where(Placement.participant_id == Participant.id, Placement.voided_at.is_(None))
    return live.limit(1).correlate(Participant).scalar_subquery().is_not(None)


def _coach_people():
    """The :coach_id's live participants' ids, as a subquery: not a list of 1,000 bound ids."""
    return select(Participant.id).where(Participant.coach_id == bindparam("coach_id"),
                                        Participant.anonymised_at.is_(None))


@cache
def _follow_ups_select():
    """What :coach_id's people wait on, in one statement: their placements' open retention checks due by :due_by,
    by due date, and their open job applications not moved since :before, oldest first. Rows (participant_id,
    placement_id, day_mark, due_on, employer_name, title, stage_changed_at, item_id): an application's with no
    placement_id, a check's with no title."""
    # checks from the coach's few placements, each one's by key: an inner join let SQLite start from every open
    # check due by then (~6,000 at national scale, 1.2 ms), a few by its statistics; IS NOT NULL drops the others;
    # the employer's name is read for the checks found (a dozen), not joined to every placement (~800)
    employer_name = select(Employer.name).where(Employer.id == Placement.employer_id).scalar_subquery()
    checks = (
        select(Placement.participant_id, RetentionCheck.placement_id, RetentionCheck.day_mark, RetentionCheck.due_on,
               employer_name.label("employer_name"), type_coerce(null(), JobPosting.title.type).label("title"),
               type_coerce(null(), SavedPosting.stage_changed_at.type).label("stage_changed_at"),
               RetentionCheck.id.label("item_id"))
        .select_from(Placement)
        .outerjoin(RetentionCheck, and_(RetentionCheck.placement_id == Placement.id, RetentionCheck.checked_on.is_(None),
                                        RetentionCheck.due_on <= bindparam("due_by")))
        .where(Placement.participant_id.in_(_coach_people()), Placement.voided_at.is_(None),
               RetentionCheck.day_mark.is_not(None))
    )
    applications = (
        select(SavedPosting.participant_id, null(), null(), null(), JobPosting.employer_name, JobPosting.title,
               SavedPosting.stage_changed_at, SavedPosting.id)
        .join(JobPosting, JobPosting.id == SavedPosting.posting_id)
        .where(SavedPosting.participant_id.in_(_coach_people()),
               one_of(SavedPosting.stage, JOB_OPEN_STAGES), SavedPosting.stage_changed_at < bindparam("before"))
    )
    both = union_all(checks, applications)
    return both.order_by(*(both.selected_columns[name] for name in ("due_on", "stage_changed_at", "item_id")))


def _follow_ups(coach_id: int, today: date, now: datetime) -> tuple[dict[int, list[Row]], dict[int, list[Row]]]:
    """participant id → their open retention checks due soon, and → their stalled job applications (one query)."""
    checks: dict[int, list[Row]] = {}
    applications: dict[int, list[Row]] = {}
    params = {"coach_id": coach_id, "due_by": today + RETENTION_LEAD, "before": now - JOB_STALL}
    for row in db.session.connection().execute(_follow_ups_select(), params):
        (applications if row.placement_id is None else checks).setdefault(row.participant_id, []).append(row)
    return checks, applications


def _alerts(p: Person, cohort: CurrentCohort | None, facts: dict, today: date) -> list[Alert]:
    detail = {"participant_id": p.id}
    alerts = []
    if (absent_since := facts["absences"].get(p.id)) is not None:
        alerts.append(Alert("absences", "Missed the last two sessions — follow up and note it",
                            "cohorts_staff.participant_detail", detail, "case-notes", urgent=True,
                            since=absent_since.date()))
    for check in facts["retention"].get(p.id, []):
        overdue = check.due_on < today
        alerts.append(Alert(
            "retention",
            f"{check.day_mark}-day retention check at {check.employer_name} "
            f"{'overdue since' if overdue else 'due'} {check.due_on:%-d %b}",
            "cohorts_staff.placement_detail", {"placement_id": check.placement_id}, urgent=overdue,
            since=check.due_on,
        ))
    for missed in facts["check_in_missed"].get(p.id, [])[:1]:
        alerts.append(Alert("check_in_missed", f"Week-{missed.week} in-work check-in not answered since "
                            f"{missed.due_on:%-d %b} — call them", "cohorts_staff.placement_check_ins",
                            {"placement_id": missed.placement_id}, since=missed.due_on))
    in_placement = cohort is not None and cohort.status == CohortStatus.placement
    if in_placement and p.id not in facts["placed"]:
        moved = facts["moved"].get(p.id)
        if moved is None or moved < facts["stalled_before"]:
            alerts.append(Alert(
                "stalled",
                "No application has moved for 14 days" if moved else "No applications yet, and the cohort is placing",
                "cohorts_staff.participant_matches", detail, since=moved.date() if moved else None,
            ))
    if not p.consent_to_share:
        alerts.append(Alert("consent", "Consent to share with employers not given",
                            "cohorts_staff.participant_detail", detail, "consent",
                            since=p.created_at.date()))
    if stalled := facts["job_stalled"].get(p.id):
        oldest, more = stalled[0], len(stalled) - 1
        at = f" at {oldest.employer_name}" if oldest.employer_name else ""
        alerts.append(Alert("job_stalled",
                            f"Job application “{oldest.title}”{at} has not moved since {_aware(oldest.stage_changed_at):%-d %b}"
                            + (f" (and {more} more)" if more else "") + " — ask how it went",
                            "cohorts_staff.participant_detail", detail, "job-search",
                            since=_aware(oldest.stage_changed_at).date()))
    return sorted(alerts, key=lambda a: (*urgency(a), a.since or date.min))


def _next_step(row: CaseloadRow) -> str:
    if row.alerts:
        return row.alerts[0].message
    if row.cohort is not None and row.cohort.next_session is not None:
        return f"Next session: {row.cohort.next_session}"
    return "No step planned — agree one at your next check-in"


def _next_session_title(cohort):
    """Column: the title of the ``cohort`` alias's first session from :now on, a seek a row by (cohort_id, starts_at)
    (a statement of its own cost ~0.1 ms)."""
    return (select(CohortSession.title)
            .where(CohortSession.cohort_id == cohort.id, CohortSession.starts_at >= bindparam("now"))
            .order_by(CohortSession.starts_at, CohortSession.id).limit(1).correlate(cohort).scalar_subquery())


@cache
def _caseload_select():
    """The :coach_id's live participants by name, with the columns the alerts need as of :now: plain
    columns (a ``Person`` each), not ORM objects. Built once per process (~1 ms to build)."""
    current = aliased(Cohort)  # its status as text: caseload() makes a CohortStatus per cohort, not per row
    placing = one_of(current.status, [CohortStatus.placement])  # the stalled alert's move and "placed": only then
    return (
        select(Participant.id, Participant.first_name, Participant.last_name, Participant.email,
               Participant.consent_to_share, _as_stored(Participant.created_at), _as_stored(_absent_since()),
               _as_stored(case((placing, _last_movement()))), case((placing, _placed()), else_=False),
               current.id, current.code, type_coerce(current.status, String()), _next_session_title(current))
        .outerjoin(current, current.id == _current_cohort_id())
        .where(Participant.coach_id == bindparam("coach_id"), Participant.anonymised_at.is_(None))
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    )


def caseload(coach: User, today: date, now: datetime | None = None, *, described: bool = True) -> list[CaseloadRow]:
    """The coach's participants by name, with alerts (for everyone: they order and count the list)
    and, when ``described``, a next step each: a page passes False and ``describe()``s its rows."""
    now = now or datetime.now(UTC)  # plain rows below: the ORM's execution adds ~0.1 ms a statement
    found = db.session.connection().execute(_caseload_select(), {"coach_id": coach.id, "now": now}).all()
    if not found:
        return []
    retention, job_stalled = _follow_ups(coach.id, today, now)
    facts = {
        "retention": retention,
        "job_stalled": job_stalled,
        "absences": {row[0]: row[6] for row in found if row[6] is not None},  # naive UTC, as stored (so are the next two)
        "moved": {row[0]: row[7] for row in found if row[7] is not None},
        "placed": {row[0] for row in found if row[8]},
        "stalled_before": datetime.combine(today - timedelta(days=STALL_DAYS), time.min),
        "check_in_missed": missed_check_ins([row[0] for row in found], today),
    }
    cohorts = {cid: CurrentCohort(cid, code, CohortStatus(status), title)  # a few: the status made once each
               for cid, code, status, title in {tuple(row[9:]) for row in found} if cid is not None}
    rows = []
    for row in found:
        p, cohort = Person(*row[:6]), cohorts.get(row[9])
        rows.append(CaseloadRow(p, cohort, _alerts(p, cohort, facts, today)))
    if described:
        describe(rows, today)
    return rows


def describe(rows: list[CaseloadRow], today: date, *, learnability: bool = True, known: dict | None = None) -> None:
    """Fill in the rows' next steps (their alerts' or cohorts' next sessions, no query) and, with ``learnability``,
    starter bands: one query, but it reads their people's attendance (~0.6 s for 1,100 people): describe a page.
    ``known``: bands read before for the same day and data (a kept caseload's), added to; only the rest are read."""
    bands = {} if known is None else known
    if learnability and (pairs := [(r.cohort.id, r.participant.id) for r in rows
                                   if r.cohort and (r.cohort.id, r.participant.id) not in bands]):
        bands.update(starter_bands(pairs, today))
    for row in rows:
        row.next_step = _next_step(row)
        row.learnability = bands.get((row.cohort.id, row.participant.id), {}) if row.cohort and learnability else {}
