"""The audit trail: one function every service calls when a sensitive record changes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.db import json_safe
from app.extensions import db
from app.models import AuditEvent, User


def changed_fields(obj: Any) -> dict[str, list]:
    """{field: [old, new]} for the pending column changes of an ORM object."""
    state = sa.inspect(obj)
    changes: dict[str, list] = {}
    for attr in state.mapper.column_attrs:
        history = state.attrs[attr.key].history
        if history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[attr.key] = [json_safe(old), json_safe(new)]
    return changes


def record_audit(
    actor: User | None,
    entity: str,
    entity_id: Any,
    action: str,
    changes: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append who did what to which record; flushed with the change it describes."""
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        actor_label=actor.email if actor is not None else "system",
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        changes={k: [json_safe(v) for v in pair] if isinstance(pair, (list, tuple)) else json_safe(pair)
                 for k, pair in (changes or {}).items()},
    )
    db.session.add(event)
    db.session.flush()
    return event
