"""Participant portal: my schedule, my attendance, my skills."""

from __future__ import annotations

from flask import render_template

from app.access import current_participant_id
from app.dates import local_today
from app.reporting import requested_format, table_response
from cohorts.delivery import exports, queries
from cohorts.delivery.assessments import mean_gain, skill_progress
from cohorts.delivery.calendars import participant_feed_url, webcal
from cohorts.learnability.queries import participant_learnability
from cohorts.portals import current_participant


def schedule():
    me = current_participant()
    feed = participant_feed_url(me)
    return render_template("cohorts/portal/schedule.html", feed_url=feed, webcal_url=webcal(feed),
                           **queries.my_schedule(me.id))


def attendance():
    mine = queries.my_attendance(current_participant_id(), local_today())
    if fmt := requested_format():
        return table_response(exports.my_attendance_frame(mine["rows"]), "my-attendance", fmt)
    return render_template("cohorts/portal/attendance.html", **mine)


def skills():
    me = current_participant()
    progress = skill_progress(me)
    return render_template("cohorts/portal/skills.html", progress=progress, mean_gain=mean_gain(progress),
                           learnability=participant_learnability(me.id, local_today()))
