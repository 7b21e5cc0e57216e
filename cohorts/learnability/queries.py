"""The rows learnability is computed from, a fixed number of queries whatever the data size.

A cohort costs four queries (its starters, its sessions, their attendance there, their
assessments), a participant three, the CLI's report five. Attendance rows are narrowed to the
statuses that count (measure.ATTENDED) so that absences are never carried over the wire; every other
rule is applied by `measure`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from fractions import Fraction
from functools import cache

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import aliased

from app.dates import local_today
from app.db import in_list
from app.extensions import db
from cohorts.learnability import measure
from cohorts.models import (
    AssessmentStage,
    Attendance,
    Cohort,
    CohortSession,
    Enrolment,
    Participant,
    SkillAssessment,
    starter_clause,
)
from cohorts.models.outcome_stamp import kept_under_stamp


class UnknownCohortError(ValueError):
    """A cohort code that names no cohort."""


def _sessions(condition) -> list[measure.Session]:
    stmt = sa.select(CohortSession.id, CohortSession.cohort_id, CohortSession.starts_at,
                     CohortSession.ends_at).where(condition)
    return [measure.Session._make(row) for row in db.session.execute(stmt)]


def _attendance(people, condition=None) -> list[measure.Attendance]:
    condition = sa.true() if condition is None else condition
    stmt = sa.select(Attendance.participant_id, Attendance.session_id, Attendance.status).where(
        Attendance.participant_id.in_(people), Attendance.status.in_(measure.ATTENDED), condition)
    return [measure.Attendance._make(row) for row in db.session.execute(stmt)]


def _assessments(people) -> list[measure.Assessment]:
    stmt = sa.select(SkillAssessment.participant_id, SkillAssessment.skill_id, SkillAssessment.stage,
                     SkillAssessment.level, SkillAssessment.assessed_on).where(
        SkillAssessment.participant_id.in_(people))
    return [measure.Assessment._make(row) for row in db.session.execute(stmt)]


def _starters(cohort_ids) -> sa.Select:
    """(cohort id, participant id) of the starters of those cohorts (spec/outcomes.md)."""
    return sa.select(Enrolment.cohort_id, Enrolment.participant_id).where(
        Enrolment.cohort_id.in_(cohort_ids), starter_clause(Enrolment))


@cache
def _participant_selects() -> tuple[sa.Select, sa.Select, sa.Select]:
    """One participant's (:participant_id) attendance, sessions attended and assessments; built once per
    process (the API and the participant's own page read them; the staff record page passes its own reads)."""
    person = Attendance.participant_id == sa.bindparam("participant_id")
    attendance = sa.select(Attendance.participant_id, Attendance.session_id, Attendance.status).where(
        person, Attendance.status.in_(measure.ATTENDED))
    sessions = sa.select(CohortSession.id, CohortSession.cohort_id, CohortSession.starts_at,
                         CohortSession.ends_at).where(CohortSession.id.in_(sa.select(Attendance.session_id).where(person)))
    assessments = sa.select(SkillAssessment.participant_id, SkillAssessment.skill_id, SkillAssessment.stage,
                            SkillAssessment.level, SkillAssessment.assessed_on).where(
        SkillAssessment.participant_id == sa.bindparam("participant_id"))
    return attendance, sessions, assessments


def participant_learnability(participant_id: int, as_of: date | None = None, *, given: tuple | None = None) -> dict:
    """The spec's participant object (every cohort's sessions), as of a day (default today); three queries,
    none when ``given`` the participant's (attended marks, sessions with a mark, assessments) as the measure
    tuples (the staff record page reads them once for several sections)."""
    as_of = as_of or local_today()
    if given is None:
        attendance_select, sessions_select, assessments_select = _participant_selects()
        params = {"participant_id": participant_id}
        rows = db.session.execute
        given = ([measure.Attendance._make(row) for row in rows(attendance_select, params)],
                 [measure.Session._make(row) for row in rows(sessions_select, params)],
                 [measure.Assessment._make(row) for row in rows(assessments_select, params)])
    attendance, sessions, assessments = given
    gains = measure.skill_gains(assessments, as_of)
    time = measure.total_time(measure.attended_time(sessions, attendance, as_of))
    return measure.participant_figures(gains.get(participant_id), time.get(participant_id, 0))


#: cohorts' figures kept per app at most (one cohort at one date and stamp each, ~200 bytes); all are dropped
#: together past it
KEPT_SIZE = 1024
#: where an app keeps them (current_app.extensions)
KEPT_EXTENSION = "cohort_learnability_kept"


def cohort_learnability(cohort_id: int, as_of: date | None = None) -> dict:
    """The spec's cohort object (starters, assessed, median, mean, bands), as of a day: two queries, the
    starters and their sums (as the caseload's bands), however many sessions and assessments.

    Kept per app under the outcomes stamp (cohorts/models/outcome_stamp.py), read before the rows: the
    stamp is drawn anew by every write to what the figures read (enrolments and who started, sessions,
    attendance, assessments) and never takes a value twice, so a view after the first reads that one row
    (the computation sorts and bands each starter's exact value: ~4 ms for a national cohort)."""
    if as_of is None:
        cohort = db.session.get(Cohort, cohort_id)
        as_of = local_today(cohort.time_zone if cohort else None)
    found = kept_under_stamp(db.session, KEPT_EXTENSION, (cohort_id, as_of),
                             lambda: _cohort_figures(cohort_id, as_of), size=KEPT_SIZE)
    return {**found, "bands": dict(found["bands"])}  # the caller's own copy


def _cohort_figures(cohort_id: int, as_of: date) -> dict:
    starters = [pid for _cid, pid in db.session.execute(_starters([cohort_id]))]
    values = _starter_sums([(cohort_id, pid) for pid in starters], as_of)
    return measure.cohort_figures([values[cohort_id, pid] for pid in starters])


def _starter_exact(pairs: Sequence[tuple[int, int]], as_of: date) -> dict[tuple[int, int], Fraction | None]:
    """(cohort id, participant id) → that starter's exact learnability in that cohort; three queries."""
    if not pairs:
        return {}
    cohort_ids = sorted({cid for cid, _pid in pairs})
    people = sorted({pid for _cid, pid in pairs})
    in_cohorts = CohortSession.cohort_id.in_(cohort_ids)
    sessions = _sessions(in_cohorts)
    attendance = _attendance(people, Attendance.session_id.in_(sa.select(CohortSession.id).where(in_cohorts)))
    gains = measure.skill_gains(_assessments(people), as_of)
    by_cohort = measure.attended_time(sessions, attendance, as_of)
    return {(cid, pid): measure.learnability_value(gains.get(pid), by_cohort.get((cid, pid), 0)) for cid, pid in pairs}


def starter_values(pairs: Sequence[tuple[int, int]], as_of: date) -> dict[tuple[int, int], float | None]:
    """Each starter's learnability in their cohort, unrounded (None when undefined), for many cohorts at
    once: whoever aggregates them (the open data package) rounds once, at the end; three queries."""
    return {pair: None if value is None else float(value) for pair, value in _starter_exact(pairs, as_of).items()}


class _microseconds(sa.sql.functions.FunctionElement):
    """A session's length in whole microseconds, ends_at − starts_at (NULL without an end): exactly
    measure.session_length, so that sums of lengths can be taken in SQL."""

    type = sa.BigInteger()
    inherit_cache = True


@compiles(_microseconds, "sqlite")
def _microseconds_sqlite(element, compiler, **kw) -> str:
    # SQLite keeps the naive UTC times as ISO text, "YYYY-MM-DD HH:MM:SS.ffffff" (the fraction from
    # character 21, absent → 0): whole seconds from strftime, microseconds from the text
    starts, ends = (compiler.process(clause, **kw) for clause in element.clauses)
    return (f"((CAST(strftime('%s', {ends}) AS INTEGER) - CAST(strftime('%s', {starts}) AS INTEGER)) * 1000000"
            f" + CAST(substr({ends}, 21, 6) AS INTEGER) - CAST(substr({starts}, 21, 6) AS INTEGER))")


@compiles(_microseconds, "postgresql")
def _microseconds_postgresql(element, compiler, **kw) -> str:
    # EXTRACT returns an exact numeric (PostgreSQL 14+)
    starts, ends = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST(EXTRACT(EPOCH FROM ({ends}) - ({starts})) * 1000000 AS BIGINT)"


def _one_of(column, values) -> sa.ColumnElement[bool]:
    """column IN (constants) with a bound parameter each: compiled once with the statement, where a list
    would be expanded again on every execution."""
    return column.in_([sa.bindparam(None, value, type_=column.type) for value in values])


@cache
def _starter_sums_select(one_cohort: bool) -> sa.CompoundSelect:
    """A row (cohort id, participant id, microseconds attended, NULL) per (cohort, participant) of
    :cohort_ids × :people with time at the cohort's sessions dated before :before (measure.attended_time's
    rule), and a row (NULL, participant id, skills, total gain) per participant of :people with skills
    assessed as of :as_of (measure.skill_gains' rule): sums, not a row per attendance or assessment.
    Built once per process and shape.

    ``one_cohort`` (a cohort's starters, its dashboard): the lists are array parameters on PostgreSQL
    (``in_list``), one text whose plan the connection keeps. Otherwise (a caseload page: a few people
    in many cohorts) an IN per item, planned for each list: one plan kept for both shapes read a
    caseload page's marks cohort by cohort (13 ms instead of 2).
    """
    def in_given(column, name: str):  # column IN the list parameter ``name``
        return in_list(column, name) if one_cohort else column.in_(sa.bindparam(name, expanding=True))

    # each session's length computed once (materialized), not once per attendance row
    sessions = (
        sa.select(CohortSession.id, CohortSession.cohort_id,
                  _microseconds(CohortSession.starts_at, CohortSession.ends_at).label("length"))
        .where(in_given(CohortSession.cohort_id, "cohort_ids"),
               CohortSession.starts_at < sa.bindparam("before"))
        .cte("counted_sessions").prefix_with("MATERIALIZED")
    )
    attended = (
        sa.select(sessions.c.cohort_id, Attendance.participant_id, sa.func.sum(sessions.c.length), sa.null())
        .join(Attendance, Attendance.session_id == sessions.c.id)
        .where(in_given(Attendance.participant_id, "people"), _one_of(Attendance.status, measure.ATTENDED))
        .group_by(sessions.c.cohort_id, Attendance.participant_id)
    )
    # a skill counts when assessed at both stages as of :as_of: each exit joined to its baseline by the
    # (participant, skill, stage) key, the exits found from that key's index alone, so that only they and their
    # baselines are read from the table (a group of every assessment of the people, HAVING both, read them all)
    exits, baselines = aliased(SkillAssessment), aliased(SkillAssessment)
    assessed = sa.bindparam("as_of")
    gains = (
        sa.select(sa.null(), exits.participant_id, sa.func.count(), sa.func.sum(exits.level - baselines.level))
        .join(baselines, (baselines.participant_id == exits.participant_id) & (baselines.skill_id == exits.skill_id)
              & (baselines.stage == AssessmentStage.baseline))
        .where(in_given(exits.participant_id, "people"), exits.stage == AssessmentStage.exit,
               sa.or_(exits.assessed_on.is_(None), exits.assessed_on <= assessed),
               sa.or_(baselines.assessed_on.is_(None), baselines.assessed_on <= assessed))
        .group_by(exits.participant_id)
    )
    return sa.union_all(attended, gains)


def _starter_sums(pairs: Sequence[tuple[int, int]], as_of: date) -> dict[tuple[int, int], Fraction | None]:
    """What _starter_exact gives, from sums taken in SQL: one query, a row per pair and per person."""
    if not pairs:
        return {}
    cohort_ids = sorted({cid for cid, _pid in pairs})
    params = {"cohort_ids": cohort_ids, "people": sorted({pid for _cid, pid in pairs}),
              # measure.session_date: a session counts when its UTC date is on or before as_of
              "before": datetime.combine(as_of + timedelta(days=1), datetime.min.time()), "as_of": as_of}
    attended, gains = {}, {}
    # plain rows, without the ORM's execution (read only)
    for cohort_id, participant_id, first, second in db.session.connection().execute(
            _starter_sums_select(len(cohort_ids) == 1), params):
        if cohort_id is None:
            gains[participant_id] = measure.Gain(int(first), int(second))  # PostgreSQL: numeric sums
        else:
            attended[cohort_id, participant_id] = int(first or 0)
    return {(cid, pid): measure.learnability_value(gains.get(pid), attended.get((cid, pid), 0)) for cid, pid in pairs}


def starter_bands(pairs: Sequence[tuple[int, int]], as_of: date) -> dict[tuple[int, int], dict]:
    """Each starter's {"learnability", "band"} in their cohort, as the spec rounds and bands them (the
    coach's caseload); one query of sums (a row per pair), however many sessions and assessments."""
    return {pair: {"learnability": measure.exact_number(value), "band": measure.band(value)}
            for pair, value in _starter_sums(pairs, as_of).items()}


def learnability_report(as_of: date, cohort_codes: Sequence[str] | None = None) -> dict:
    """The CLI's object: as_of, the cohorts selected (all when None) by code, and every participant
    enrolled in one of them by lower-case email; five queries."""
    cohort_stmt = sa.select(Cohort.id, Cohort.code).order_by(Cohort.code)
    if cohort_codes:
        cohort_stmt = cohort_stmt.where(Cohort.code.in_(sorted(set(cohort_codes))))
    cohorts = db.session.execute(cohort_stmt).all()
    missing = sorted(set(cohort_codes or ()) - {code for _id, code in cohorts})
    if missing:
        raise UnknownCohortError(f"Unknown cohort code: {', '.join(missing)}")
    cohort_ids = [cid for cid, _code in cohorts]
    enrolled = sa.select(Enrolment.participant_id).where(Enrolment.cohort_id.in_(cohort_ids))
    people_stmt = (sa.select(Participant.id, Participant.email, Enrolment.cohort_id, starter_clause(Enrolment))
                   .join(Enrolment, Enrolment.participant_id == Participant.id)
                   .where(Participant.id.in_(enrolled)))
    emails: dict[int, str] = {}
    starters: dict[int, list[int]] = {cid: [] for cid in cohort_ids}
    for pid, email, cid, is_starter in db.session.execute(people_stmt):
        emails[pid] = email.lower()
        if is_starter and cid in starters:
            starters[cid].append(pid)
    sessions = _sessions(CohortSession.id.in_(
        sa.select(Attendance.session_id).where(Attendance.participant_id.in_(enrolled))))
    by_cohort = measure.attended_time(sessions, _attendance(enrolled), as_of)
    gains = measure.skill_gains(_assessments(enrolled), as_of)
    totals = measure.total_time(by_cohort)
    return {
        "as_of": as_of.isoformat(),
        "cohorts": {code: measure.cohort_figures(measure.cohort_values(sorted(starters[cid]), cid, gains, by_cohort))
                    for cid, code in cohorts},
        "participants": {emails[pid]: measure.participant_figures(gains.get(pid), totals.get(pid, 0))
                         for pid in sorted(emails, key=emails.get)},
    }
