"""What in-work support tells people: the coach, when an answer raises a risk flag."""

from __future__ import annotations

from app.notifications.kinds import Kind
from app.notifications.services import notify, site_path
from cohorts.models import RiskFlag


def flag_raised(flag: RiskFlag) -> int:
    """Tell the participant's coach (no coach: no one; the flag waits on everyone's triage list)."""
    participant = flag.participant
    if participant.coach is None:
        return 0
    reasons = "; ".join(reason["detail"] for reason in flag.reasons[:3])
    return notify([participant.coach], Kind.risk_flag_raised,
                  f"Check-in to follow up: {participant.full_name}",
                  f"Their week-{flag.check_in.week} check-in raised a flag ({reasons}).",
                  link=site_path("cohorts_staff.risk_flag", flag_id=flag.id), about=f"risk-flag:{flag.id}",
                  subject=f"participant:{participant.id}")
