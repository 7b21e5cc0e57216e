"""Placed alumni are invited to mentor at day 90 if still in work (run by cohorts/schedules.py).

Every placement (not voided) whose 90-day retention check says "still employed: yes", whose
participant has an active login, is not erased and has no mentor profile yet, gets an invited profile
and a notice. Running it again invites no one twice: the profile itself is the record.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import User
from cohorts.mentoring.services import invite_mentor
from cohorts.models import MentorProfile, Participant, Placement, RetentionCheck, StillEmployed

#: the retention check that opens the invitation
INVITE_AT_DAY = 90


def alumni_to_invite() -> list[Participant]:
    """Participants in work at their 90-day check, with a login and no mentor profile."""
    in_work = (sa.select(Placement.participant_id).join(RetentionCheck, RetentionCheck.placement_id == Placement.id)
               .where(RetentionCheck.day_mark == INVITE_AT_DAY, RetentionCheck.still_employed == StillEmployed.yes,
                      Placement.voided_at.is_(None)))
    profiled = sa.select(MentorProfile.user_id)
    return list(db.session.scalars(
        sa.select(Participant).join(User, User.id == Participant.user_id)
        .where(Participant.id.in_(in_work), Participant.anonymised_at.is_(None), User.active.is_(True),
               Participant.user_id.not_in(profiled))
        .options(joinedload(Participant.user)).order_by(Participant.id)))


def invite_alumni_mentors(now: datetime | None = None) -> int:
    """Invite the alumni whose 90-day check says they are still in work; how many were invited."""
    invited = 0
    for participant in alumni_to_invite():
        invite_mentor(participant.user, None)
        invited += 1
    db.session.flush()
    return invited
