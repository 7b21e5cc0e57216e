"""The coach's home: their caseload, each participant's next step and what needs attention."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from app.dates import local_today
from cohorts.participants.caseload import caseload as build_caseload


def caseload():
    rows = build_caseload(current_user, local_today())
    alert_count = sum(len(row.alerts) for row in rows)
    return render_template("cohorts/caseload/index.html", rows=rows, alert_count=alert_count)
