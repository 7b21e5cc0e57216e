"""Reminder emails ("nudges") for participants; safe to run twice — nothing is ever sent twice.

Every nudge goes through ``send_mail`` with a dedupe key naming what it is about, so a
second run on the same day (or a later day) finds the key and sends nothing. Participants
who opted out get nothing; every mail carries a signed opt-out link.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.audit import record_audit
from app.extensions import db
from app.mail import send_mail
from app.templating import absolute_url
from cohorts import notices
from cohorts.models import (
    Attendance,
    AttendanceStatus,
    Candidacy,
    CandidacyStage,
    Cohort,
    CohortSession,
    Enrolment,
    EnrolmentStatus,
    Participant,
    Placement,
    Programme,
    RetentionCheck,
)
from employers.models import HiringNeed

OPT_OUT_SALT = "bridgework.nudges.opt-out"
#: absences and check-ins older than these get no mail (a first run does not mail old history)
ABSENCE_WINDOW_DAYS = 7
RETENTION_WINDOW_DAYS = 30
#: a retention check still open this many days after it fell due is overdue: staff are told
RETENTION_OVERDUE_DAYS = 14
STALL_DAYS = 14
STALLED_STAGES = (CandidacyStage.introduced, CandidacyStage.interviewing, CandidacyStage.offer)


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=OPT_OUT_SALT)


def opt_out_token(participant: Participant) -> str:
    return _serializer().dumps(participant.id)


def participant_for_opt_out_token(token: str) -> Participant | None:
    """The participant an opt-out link was made for; None for a forged or garbled link."""
    try:
        participant_id = _serializer().loads(token)
    except BadSignature:
        return None
    return db.session.get(Participant, participant_id) if isinstance(participant_id, int) else None


def opt_out_of_nudges(participant: Participant) -> bool:
    """Stop reminder emails to the participant; False when they had already opted out."""
    if participant.nudges_opt_out:
        return False
    participant.nudges_opt_out = True
    db.session.flush()
    record_audit(None, "participant", participant.id, "nudges_opt_out", {"nudges_opt_out": [False, True]})
    return True


@dataclass(frozen=True)
class Scope:
    """Whose reminders a run sends: the cohorts of programmes in one time zone, on that zone's clock;
    ``zone_name`` None = every cohort, on the deployment's clock (`flask nudges send`)."""

    zone_name: str | None = None

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.zone_name or current_app.config["LOCAL_TIMEZONE"])

    def cohorts(self, cohort_id) -> list:
        """The condition keeping a query to this scope's cohorts (none for every cohort)."""
        if self.zone_name is None:
            return []
        in_zone = select(Cohort.id).join(Programme, Programme.id == Cohort.programme_id).where(
            Programme.time_zone == self.zone_name)
        return [cohort_id.in_(in_zone)]

    def midnight(self, day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=self.zone).astimezone(UTC)


def _reachable():
    """Participants who may get nudges: not opted out, not anonymised."""
    return (Participant.nudges_opt_out.is_(False), Participant.anonymised_at.is_(None))


def _send(kind: str, participant: Participant, subject: str, lines: Iterable[str], key: str) -> bool:
    body = "\n\n".join([
        f"Hello {participant.first_name},", *lines,
        "— The Bridgework programme team",
        "You get these reminders because you are on a Bridgework programme. To stop them, open "
        + absolute_url("nudges_public.opt_out", token=opt_out_token(participant)),
    ])
    return send_mail(participant.email, subject, body, kind=f"nudge:{kind}", dedupe_key=f"nudge:{kind}:{key}") is not None


def _session_tomorrow(today: date, scope: Scope) -> int:
    sent = 0
    rows = db.session.execute(
        select(CohortSession, Participant)
        .join(Enrolment, Enrolment.cohort_id == CohortSession.cohort_id)
        .join(Participant, Participant.id == Enrolment.participant_id)
        .where(
            CohortSession.starts_at >= scope.midnight(today + timedelta(days=1)),
            CohortSession.starts_at < scope.midnight(today + timedelta(days=2)),
            Enrolment.status.in_([EnrolmentStatus.accepted, EnrolmentStatus.enrolled]),
            *_reachable(), *scope.cohorts(CohortSession.cohort_id),
        )
        .order_by(CohortSession.starts_at, Participant.id)
    )
    zone = scope.zone
    for session, participant in rows:
        where = f" at {session.location}" if session.location else ""
        sent += _send("session_tomorrow", participant, f"Tomorrow: {session.title}", [
            f"A reminder that “{session.title}” is tomorrow, "
            f"{session.starts_at.astimezone(zone):%A %-d %B at %H:%M}{where}.",
            "If you can't make it, please let your coach know.",
            "Your schedule: " + absolute_url("cohorts_participant.schedule"),
        ], f"{session.id}:{participant.id}")
    return sent


def _absence_follow_up(today: date, scope: Scope) -> int:
    sent = 0
    rows = db.session.execute(
        select(CohortSession, Participant)
        .join(Attendance, Attendance.session_id == CohortSession.id)
        .join(Participant, Participant.id == Attendance.participant_id)
        .join(Enrolment, (Enrolment.participant_id == Participant.id)
              & (Enrolment.cohort_id == CohortSession.cohort_id))
        .where(
            Attendance.status == AttendanceStatus.absent,
            Enrolment.status == EnrolmentStatus.enrolled,
            CohortSession.starts_at >= scope.midnight(today - timedelta(days=ABSENCE_WINDOW_DAYS)),
            CohortSession.starts_at < scope.midnight(today + timedelta(days=1)),
            *_reachable(), *scope.cohorts(CohortSession.cohort_id),
        )
        .order_by(CohortSession.starts_at, Participant.id)
    )
    for session, participant in rows:
        sent += _send("absence_follow_up", participant, "We missed you", [
            f"We missed you at “{session.title}”. We hope everything is all right.",
            "If something is getting in the way, your coach can help — just reply or give them a call.",
            "Your attendance: " + absolute_url("cohorts_participant.attendance"),
        ], f"{session.id}:{participant.id}")
    return sent


def _retention_due(today: date, scope: Scope) -> int:
    checks = db.session.scalars(
        select(RetentionCheck)
        .join(Placement, Placement.id == RetentionCheck.placement_id)
        .join(Participant, Participant.id == Placement.participant_id)
        .options(joinedload(RetentionCheck.placement).options(
            joinedload(Placement.participant), joinedload(Placement.employer)))
        .where(
            RetentionCheck.checked_on.is_(None), Placement.voided_at.is_(None),
            RetentionCheck.confirmed_by_participant.is_(False),
            RetentionCheck.due_on <= today,
            RetentionCheck.due_on >= today - timedelta(days=RETENTION_WINDOW_DAYS),
            *_reachable(), *scope.cohorts(Placement.cohort_id),
        )
        .order_by(RetentionCheck.due_on, RetentionCheck.id)
    )
    # a notification (portal and email, as the participant chose), not a reminder: it carries its own unsubscribe
    return sum(notices.retention_check_in_due(check) for check in checks)


def _retention_overdue(today: date, scope: Scope) -> int:
    """Staff hear of checks still open RETENTION_OVERDUE_DAYS after they fell due (the coach, or everyone)."""
    overdue_on = today - timedelta(days=RETENTION_OVERDUE_DAYS)
    checks = db.session.scalars(
        select(RetentionCheck)
        .join(Placement, Placement.id == RetentionCheck.placement_id)
        .join(Participant, Participant.id == Placement.participant_id)
        .options(joinedload(RetentionCheck.placement).options(
            joinedload(Placement.participant).joinedload(Participant.coach), joinedload(Placement.employer)))
        .where(
            RetentionCheck.checked_on.is_(None),
            RetentionCheck.due_on <= overdue_on,
            RetentionCheck.due_on >= overdue_on - timedelta(days=RETENTION_WINDOW_DAYS),
            Placement.voided_at.is_(None),
            Participant.anonymised_at.is_(None), *scope.cohorts(Placement.cohort_id),
        )
        .order_by(RetentionCheck.due_on, RetentionCheck.id)
    )
    return sum(notices.retention_overdue(check) for check in checks)


def _stalled_applications(today: date, scope: Scope) -> int:
    sent = 0
    cutoff = scope.midnight(today - timedelta(days=STALL_DAYS))
    candidacies = db.session.scalars(
        select(Candidacy)
        .join(Participant, Participant.id == Candidacy.participant_id)
        .options(joinedload(Candidacy.participant),
                 joinedload(Candidacy.hiring_need).joinedload(HiringNeed.employer))
        .where(Candidacy.stage.in_(STALLED_STAGES), Candidacy.stage_changed_at < cutoff, *_reachable(),
               *scope.cohorts(Candidacy.cohort_id))
        .order_by(Candidacy.id)
    )
    for candidacy in candidacies:
        need = candidacy.hiring_need
        sent += _send("stalled_application", candidacy.participant, "Your application: an update", [
            f"Your application for {need.role_title} at {need.employer.name} has not moved for a while. "
            "That is common, and it is not a no.",
            "Your coach will chase it with the employer; tell them if anything has changed for you.",
            "Your applications: " + absolute_url("cohorts_participant.applications"),
        ], f"{candidacy.id}:{candidacy.stage}")
    return sent


def send_nudges(today: date, zone_name: str | None = None) -> dict[str, int]:
    """Send every reminder due on ``today`` (a local date); {kind: number sent now}. With
    ``zone_name``, only for cohorts of programmes in that zone, on its clock (the daily schedule)."""
    scope = Scope(zone_name)
    return {
        "session_tomorrow": _session_tomorrow(today, scope),
        "absence_follow_up": _absence_follow_up(today, scope),
        "retention_check_in_due": _retention_due(today, scope),
        "retention_check_overdue": _retention_overdue(today, scope),
        "stalled_application": _stalled_applications(today, scope),
    }
