"""The cohort side's blueprints, one per portal or public entry point, and their guards.

Blueprints are built per application (``build_portals``); each capability's ``urls.py`` adds its
own URL rules to them, so a reader follows every route from ``cohorts.init_app``. Endpoint names
are ``<blueprint>.<view>`` (``cohorts_staff.cohort_detail``), as templates and tests use them.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from flask import Blueprint, Flask

from app.access import PUBLIC, EmployerOnly, ParticipantOnly, StaffOnly, current_participant_id, guard_blueprint
from app.extensions import db
from cohorts.models import Participant


@dataclass(frozen=True)
class Portals:
    """The blueprints the cohort side's capabilities hang their views on."""

    #: staff portal (designers, coaches, admins): /staff
    staff: Blueprint
    #: employer portal, cohort side (candidates, sessions, outcomes): /employer
    employer: Blueprint
    #: participant portal: /participant
    participant: Blueprint
    #: public application to a recruiting cohort: /apply
    apply: Blueprint
    #: calendar feeds behind unguessable tokens: /calendars
    calendars: Blueprint
    #: the reminders opt-out link in nudge emails: /reminders
    reminders: Blueprint
    #: verifiable credentials: share links, the verify page, the issuer's profile, keys and status list: /credentials
    credentials: Blueprint

    def register_on(self, app: Flask) -> None:
        for field in fields(self):
            app.register_blueprint(getattr(self, field.name))


def build_portals() -> Portals:
    """Fresh blueprints for one application, each guarded once for its portal's roles."""
    return Portals(
        staff=guard_blueprint(Blueprint("cohorts_staff", __name__, url_prefix="/staff"), StaffOnly),
        employer=guard_blueprint(Blueprint("cohorts_employer", __name__, url_prefix="/employer"), EmployerOnly),
        participant=guard_blueprint(
            Blueprint("cohorts_participant", __name__, url_prefix="/participant"), ParticipantOnly
        ),
        apply=guard_blueprint(Blueprint("cohorts_public", __name__, url_prefix="/apply"), PUBLIC),
        calendars=guard_blueprint(Blueprint("calendars", __name__, url_prefix="/calendars"), PUBLIC),
        reminders=guard_blueprint(Blueprint("nudges_public", __name__, url_prefix="/reminders"), PUBLIC),
        credentials=guard_blueprint(Blueprint("credentials_public", __name__, url_prefix="/credentials"), PUBLIC),
    )


def current_participant() -> Participant:
    """The logged-in participant's own record (participant portal views)."""
    return db.session.get(Participant, current_participant_id())
