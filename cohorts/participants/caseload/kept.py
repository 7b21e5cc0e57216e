"""A coach's caseload kept per app between the writes it reads, so paging and filtering it reads one row.

Computing a caseload reads every one of the coach's people (alerts.py): ~25 ms for a national coach's
1,009, on every page of the list and every filter. What it shows changes only when

- a write changes what it reads: the outcomes stamp (cohorts/models/outcome_stamp.py) watches every
  table and column the caseload and its starter bands read, and the database draws it anew in the same
  transaction as each such write, whichever path wrote it. A stamp value is never drawn twice;
- the day changes (overdue checks, stalled candidacies, missed check-ins, the bands' as-of date);
- time passes one of the instants the rows were computed against: a marked session's start (a mark
  counts once its session has started), the current cohorts' next session (the next step names it),
  or the moment an open job application has waited JOB_STALL_DAYS. ``changes_at`` reads the first
  of these still to come when the caseload is computed.

So a caseload is kept under (coach, stamp, local day, the missed-check-in setting) until that
instant, with the triage of each filter and the starter bands of each page shown as they are asked
for. What is kept is shared between requests: pages get described copies of the rows they show.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from functools import cache

from flask import current_app
from sqlalchemy import bindparam, func, select

from app.db import in_list
from app.extensions import db
from app.models import User
from cohorts.models import Attendance, CohortSession, SavedPosting
from cohorts.models.outcome_stamp import read_stamp
from cohorts.participants.caseload.alerts import JOB_OPEN_STAGES, JOB_STALL, CaseloadRow, caseload, describe, one_of
from cohorts.participants.caseload.triage import Triage, current_cohorts, triage

#: caseloads kept per app at most (one per coach and day at a stamp; ~1 MB for a national coach); all are dropped
#: when it is reached
KEPT_SIZE = 32


@dataclass
class KeptCaseload:
    """A caseload as computed at one stamp and day at ``since``, good until ``until`` (aware UTC; None: no instant
    ahead)."""

    rows: list[CaseloadRow]
    since: datetime
    until: datetime | None
    #: the cohort filter's choices
    cohorts: list[tuple[int, str]]
    #: (kind, cohort id) → its triage, made when first asked for
    triaged: dict[tuple, Triage] = field(default_factory=dict)
    #: (cohort id, participant id) → starter band, read when a page first shows the person
    bands: dict[tuple[int, int], dict] = field(default_factory=dict)

    def triage(self, *, kind: str | None = None, cohort_id: int | None = None) -> Triage:
        key = (kind, cohort_id)
        if key not in self.triaged:
            self.triaged[key] = triage(self.rows, kind=kind, cohort_id=cohort_id)
        return self.triaged[key]

    def described(self, rows: list[CaseloadRow], today: date, *, learnability: bool = True) -> list[CaseloadRow]:
        """Copies of ``rows`` with next steps and, with ``learnability``, starter bands (each read once)."""
        copies = [replace(row) for row in rows]
        describe(copies, today, learnability=learnability, known=self.bands if learnability else None)
        return copies

    def good_at(self, now: datetime) -> bool:
        """Shows what a computation at ``now`` would (the same stamp and day): not before it was computed (a request
        that began earlier may not see an instant it passed), not from ``until`` on."""
        return self.since <= now and (self.until is None or now < self.until)


@cache
def _changes_select():
    """The first instant after :now at which the caseload of :people changes with time alone (module docstring): as
    (next marked session's start, the :cohort_ids' next session's start, oldest open job application moved since
    :before). The people by id, a seek each: PostgreSQL scanned the participants for a coach's 1,100. Built once."""
    mark = (select(func.min(Attendance.session_starts_at))
            .where(in_list(Attendance.participant_id, "people"), Attendance.session_starts_at > bindparam("now")))
    session = (select(func.min(CohortSession.starts_at))
               .where(in_list(CohortSession.cohort_id, "cohort_ids"), CohortSession.starts_at >= bindparam("now")))
    application = (select(func.min(SavedPosting.stage_changed_at))
                   .where(in_list(SavedPosting.participant_id, "people"), one_of(SavedPosting.stage, JOB_OPEN_STAGES),
                          SavedPosting.stage_changed_at >= bindparam("before")))
    return select(mark.scalar_subquery(), session.scalar_subquery(), application.scalar_subquery())


def changes_at(rows: list[CaseloadRow], now: datetime) -> datetime | None:
    """The first instant after ``now`` at which ``rows`` (a caseload computed at ``now``) may differ with no write
    (the day aside): None when none is ahead. One query."""
    params = {"people": [row.participant.id for row in rows], "now": now, "before": now - JOB_STALL,
              "cohort_ids": sorted({row.cohort.id for row in rows if row.cohort})}
    mark, session, moved = db.session.execute(_changes_select(), params).one()
    ahead = [at for at in (mark, session, moved + JOB_STALL if moved else None) if at is not None]
    return min(ahead) if ahead else None


def kept_caseload(coach: User, today: date, now: datetime | None = None) -> KeptCaseload:
    """The coach's caseload (alerts, not described) at ``now``, as kept for this stamp and day, or computed and
    kept. A warm call reads the stamp's row only."""
    now = now or datetime.now(UTC)
    stamp = read_stamp(db.session)  # before the rows: a write in between only makes what is kept newer
    key = (coach.id, stamp, today, current_app.config["CHECKIN_MISSED_AFTER_DAYS"])
    kept = current_app.extensions.setdefault("caseloads_kept", {})
    found = kept.get(key) if stamp is not None else None
    if found is not None and found.good_at(now):
        return found
    rows = caseload(coach, today, now, described=False)
    found = KeptCaseload(rows, now, changes_at(rows, now), current_cohorts(rows))
    if stamp is not None:
        if len(kept) >= KEPT_SIZE:
            kept.clear()
        kept[key] = found
    return found


def forget_kept() -> None:
    """Drop every caseload this app keeps (a test measuring cold views; nothing else needs to)."""
    current_app.extensions.pop("caseloads_kept", None)
