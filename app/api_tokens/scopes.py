"""The scopes a token may carry, and which roles may grant each (a token never exceeds its user)."""

from __future__ import annotations

from app.models import STAFF_ROLES, Role

_ALL = frozenset(Role)
_STAFF_EMPLOYER = STAFF_ROLES | {Role.employer}

#: scope → (what it lets a client do, the roles that may grant it)
SCOPES: dict[str, tuple[str, frozenset[Role]]] = {
    "read:skills": ("Search the skills catalogue", _ALL),
    "read:demand": ("Read employers, contacts and hiring needs", _STAFF_EMPLOYER),
    "write:demand": ("Create and edit hiring needs", _STAFF_EMPLOYER),
    "read:cohorts": ("Read cohorts and their sessions", _ALL),
    "read:participants": ("Read participants, enrolments and assessments", STAFF_ROLES | {Role.participant}),
    "write:attendance": ("Record a session's attendance", STAFF_ROLES),
    "read:placements": ("Read candidacies, placements and retention checks", _ALL),
    "write:placements": ("Move candidacies between stages", _STAFF_EMPLOYER),
    "read:outcomes": ("Read the outcome measures", STAFF_ROLES),
}


def scopes_for(role: Role) -> list[str]:
    """The scopes a user of this role may put on a token, in catalogue order."""
    return [name for name, (_, roles) in SCOPES.items() if role in roles]
