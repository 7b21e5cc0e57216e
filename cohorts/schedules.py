"""What the programme side runs on a schedule, without cron (docs/JOBS.md).

Registered on the app's task queue at init_app. Each runs hourly and acts only at its local hour
(the nudges in each programme's zone, the report in LOCAL_TIMEZONE), so daylight-saving changes never move it and a worker that was down for an
hour catches up at the next run; the work itself is idempotent (nudges and reports are never sent
twice: each carries a dedupe key).

- nudges: daily at NUDGES_HOUR on each programme's own clock (session tomorrow, absences, retention
  check-ins and overdue checks), each run for the cohorts of the programmes in that zone;
- interview reminders: the day before a booked interview, to both sides; feedback 3 days after it,
  to the employer (cohorts/interviews);
- the outcome figures: hourly, today's parts of the cohorts written to since (docs/OUTCOMES.md,
  "How the figures are kept"), so the dashboards' first view reads them;
- the privacy retention report: on the 1st of each month at REPORTS_HOUR, to every active admin.
  It lists who is past the retention period; anonymising stays a deliberate admin action
  (`flask privacy enforce --apply`).
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from flask import Flask, current_app

from app.dates import local_zone
from app.extensions import db
from app.mail import send_mail
from app.models import Role, User
from cohorts.coaching.training import train_on_schedule
from cohorts.delivery.nudges import send_nudges
from cohorts.interviews.reminders import send_interview_reminders
from cohorts.inwork.schedule import run_check_ins
from cohorts.learning.link_checks import check_resource_links
from cohorts.mentoring.invitations import invite_alumni_mentors
from cohorts.interviews.scoring import send_feedback_reminders
from cohorts.models import Programme
from cohorts.outcomes.measures import keep_todays_outcomes
from cohorts.privacy.erasure import retention_candidates
from cohorts.search.index import nightly_merge


def local_now() -> datetime:
    return datetime.now(local_zone())


def run_daily_nudges(now: datetime | None = None) -> dict[str, dict[str, int]]:
    """For each programme time zone where it is NUDGES_HOUR now: the reminders due today there, for
    that zone's cohorts; {zone: {kind: sent}} (empty at any other hour)."""
    now = now or datetime.now(UTC)
    zones = db.session.scalars(sa.select(Programme.time_zone).distinct()).all()
    sent = {}
    for zone in zones:
        local = now.astimezone(local_zone(zone))
        if local.hour == current_app.config["NUDGES_HOUR"]:
            sent[zone] = send_nudges(local.date(), zone)
    return sent


def send_privacy_report(now: datetime | None = None) -> int | None:
    """On the 1st at REPORTS_HOUR: tell each admin how many people are past the retention period."""
    now = now or local_now()
    if now.day != 1 or now.hour != current_app.config["REPORTS_HOUR"]:
        return None
    years = current_app.config["RETENTION_YEARS"]
    candidates = retention_candidates(now.date(), years)
    admins = db.session.scalars(sa.select(User).where(User.role == Role.admin, User.active.is_(True))).all()
    lines = [f"On {now:%-d %B %Y}, {len(candidates)} participant(s) left the programme more than {years} "
             "years ago and are due to be anonymised under the retention policy."]
    if candidates:
        lines.append("Review them, then run `flask privacy enforce --apply` to anonymise them. Nothing is "
                     "anonymised by this report.")
    for admin in admins:
        send_mail(admin.email, f"Privacy: {len(candidates)} past the retention period ({now:%B %Y})",
                  "\n\n".join(lines), kind="privacy_report", dedupe_key=f"privacy-report:{now:%Y-%m}:{admin.id}")
    return len(admins)


def register(app: Flask, queue) -> None:
    """Hang the schedules on the app's queue (``queue.periodic_task(name, crontab)``)."""
    from huey import crontab

    hourly = crontab(minute="0")
    queue.periodic_task("nudges.daily", hourly)(run_daily_nudges)
    queue.periodic_task("privacy.monthly_report", hourly)(send_privacy_report)
    queue.periodic_task("interviews.reminders", hourly)(send_interview_reminders)
    queue.periodic_task("interviews.feedback_reminders", hourly)(send_feedback_reminders)
    queue.periodic_task("inwork.check_ins", hourly)(run_check_ins)
    queue.periodic_task("mentoring.invite_alumni", crontab(minute="15", hour="*/6"))(invite_alumni_mentors)
    queue.periodic_task("learning.link_check", crontab(minute="30", hour="3", day_of_week="0"))(check_resource_links)
    queue.periodic_task("coaching.train", crontab(minute="0", hour="4", day_of_week="1"))(train_on_schedule)
    queue.periodic_task("outcomes.keep_parts", crontab(minute="50"))(keep_todays_outcomes)
    # after the planner statistics (03:40, app/tasks/statistics.py)
    queue.periodic_task("search.merge_index", crontab(minute="45", hour="3"))(nightly_merge)
