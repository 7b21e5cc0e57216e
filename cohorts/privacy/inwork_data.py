"""In-work check-ins and risk flags in subject access and erasure (cohorts/inwork; models only here)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.db import json_safe
from app.extensions import db
from cohorts.models import CheckIn, Placement, RiskFlag


def check_ins_export(participant_id: int) -> list[dict[str, Any]]:
    """Their check-ins (week, dates, rating, words, worries, work status, salary) and any flag each raised."""
    rows = db.session.scalars(sa.select(CheckIn).where(CheckIn.participant_id == participant_id)
                              .options(joinedload(CheckIn.placement).load_only(Placement.ref, Placement.role_title),
                                       selectinload(CheckIn.flag)).order_by(CheckIn.due_on, CheckIn.id))

    def row(obj: Any, *names: str, **extra: Any) -> dict[str, Any]:
        return {**{n: json_safe(getattr(obj, n)) for n in names}, **{k: json_safe(v) for k, v in extra.items()}}

    return [row(c, "week", "due_on", "sent_at", "answered_at", "channel", "rating", "text", "worries",
                "work_status", "annual_salary", "risk_score", placement=c.placement.ref,
                role_title=c.placement.role_title,
                flag=row(c.flag, "raised_at", "score", "reasons", "status", "resolution_note", "resolved_at")
                if c.flag else None) for c in rows]


def erase_check_ins(participant_id: int) -> None:
    """Blank their words (check-in texts, worries, flag reasons and notes); dates, ratings and statuses stay."""
    sync = {"synchronize_session": "fetch"}
    db.session.execute(sa.update(CheckIn).where(CheckIn.participant_id == participant_id)
                       .values(text="", worries=[]), execution_options=sync)
    db.session.execute(sa.update(RiskFlag).where(RiskFlag.participant_id == participant_id)
                       .values(reasons=[], resolution_note=""), execution_options=sync)
