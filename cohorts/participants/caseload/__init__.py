"""A coach's caseload: their people's alerts (alerts.py) as a triage list (triage.py), kept per app
under the outcomes stamp between the writes it reads (kept.py), and its page (views.py, registered by
../urls.py)."""

from cohorts.participants.caseload.alerts import (
    ALERT_KINDS,
    ALERT_LABELS,
    JOB_STALL_DAYS,
    RETENTION_LEAD_DAYS,
    STALL_DAYS,
    Alert,
    CaseloadRow,
    CurrentCohort,
    Person,
    caseload,
    describe,
    urgency,
)
from cohorts.participants.caseload.triage import Triage, current_cohorts, triage

__all__ = ["ALERT_KINDS", "ALERT_LABELS", "JOB_STALL_DAYS", "RETENTION_LEAD_DAYS", "STALL_DAYS", "Alert",
           "CaseloadRow", "CurrentCohort", "Person", "Triage", "caseload", "current_cohorts", "describe", "triage",
           "urgency"]
