"""Asking the check-ins: which are due, creating them, and the email with the signed link.

Rule: for each placement that is neither voided nor ended, the *latest* week of CHECKIN_WEEKS whose
due day (start_date + 7 × week) has arrived is created, unless the placement already has a check-in
of that week or a later one. A placement recorded late therefore gets one check-in (the latest due),
never a burst of overdue ones; the weeks it skipped are simply not asked. Placements whose last
scheduled week fell due more than CHECKIN_MISSED_AFTER_DAYS ago are not looked at any more.

Idempotent: the (placement, week) key and the email's dedupe key make a second run a no-op. Runs
hourly from cohorts/schedules.py and acts from NUDGES_HOUR (the deployment's clock) onwards, so a
worker that was down at that hour catches up at the next run. Reads are two queries however many
placements there are; each email then costs its outbox row.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import contains_eager, load_only

from app.dates import local_today, local_zone
from app.db import utcnow
from app.extensions import db
from app.mail import send_mail
from app.templating import absolute_url
from cohorts.delivery.nudges import opt_out_token
from cohorts.inwork.links import check_in_token
from cohorts.models import CheckIn, Participant, Placement


def scheduled_weeks() -> tuple[int, ...]:
    return tuple(sorted({int(w) for w in current_app.config["CHECKIN_WEEKS"] if int(w) > 0}))


def latest_due_week(start_date: date, today: date, weeks: tuple[int, ...]) -> int | None:
    """The last scheduled week whose due day has arrived; None before the first."""
    due = [w for w in weeks if start_date + timedelta(weeks=w) <= today]
    return due[-1] if due else None


def _candidates(today: date, weeks: tuple[int, ...]) -> list[tuple[Placement, int | None]]:
    """(live placement in the schedule's span, the latest week already asked of it), one query:
    the asked week is a correlated lookup on the check-ins' placement index, not an IN list."""
    oldest = today - timedelta(weeks=weeks[-1], days=current_app.config["CHECKIN_MISSED_AFTER_DAYS"])
    asked = sa.select(sa.func.max(CheckIn.week)).where(CheckIn.placement_id == Placement.id).scalar_subquery()
    return list(db.session.execute(
        sa.select(Placement, asked).join(Placement.participant)
        .where(Placement.voided_at.is_(None), Placement.ended_on.is_(None), Participant.anonymised_at.is_(None),
               Placement.start_date <= today - timedelta(weeks=weeks[0]), Placement.start_date >= oldest)
        .options(load_only(Placement.id, Placement.participant_id, Placement.start_date, Placement.role_title),
                 contains_eager(Placement.participant).load_only(
                     Participant.first_name, Participant.email, Participant.nudges_opt_out,
                     Participant.anonymised_at))
        .order_by(Placement.id)))


def email_check_in(check_in: CheckIn) -> bool:
    """Send the check-in's email with its signed link (once: dedupe key); False when not sent."""
    participant, placement = check_in.participant, check_in.placement
    if participant.nudges_opt_out or participant.anonymised_at is not None:
        return False
    link = absolute_url("nudges_public.check_in_by_link", token=check_in_token(check_in.id))
    body = "\n\n".join([
        f"Hello {participant.first_name},",
        (f"You started as {placement.role_title} {check_in.week} week{'s' if check_in.week > 1 else ''} ago. "
         "How is it going? Two minutes on this form tell your coach whether you need a hand:"),
        link,
        "No login is needed. You can also answer in your portal, under In-work check-ins.",
        "— The Bridgework programme team",
        "You get these emails because you are on a Bridgework programme. To stop them, open "
        + absolute_url("nudges_public.opt_out", token=opt_out_token(participant)),
    ])
    sent = send_mail(participant.email, "How is your new job going?", body, kind="check_in",
                     dedupe_key=f"check-in:{check_in.id}")
    if sent is not None:
        check_in.sent_at = utcnow()
    return sent is not None


def send_due_check_ins(today: date | None = None) -> dict[str, int]:
    """Create the check-ins due by ``today`` (see the module's rule) and email them; the counts."""
    today = today or local_today()
    weeks = scheduled_weeks()
    if not weeks:
        return {"created": 0, "emailed": 0}
    created = []
    for placement, asked in _candidates(today, weeks):
        week = latest_due_week(placement.start_date, today, weeks)
        if week is None or (asked or 0) >= week:
            continue
        created.append(CheckIn(placement=placement, participant=placement.participant, week=week,
                               due_on=placement.start_date + timedelta(weeks=week)))
    db.session.add_all(created)
    db.session.flush()
    emailed = sum(email_check_in(check_in) for check_in in created)
    db.session.flush()
    return {"created": len(created), "emailed": emailed}


def run_check_ins(now: datetime | None = None) -> dict[str, int] | None:
    """The hourly task: from NUDGES_HOUR on the deployment's clock, ask today's check-ins (the queue commits)."""
    now = (now or utcnow()).astimezone(local_zone())
    if now.hour < current_app.config["NUDGES_HOUR"]:
        return None
    return send_due_check_ins(now.date())
