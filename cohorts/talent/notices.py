"""What talent profiles tell people: a reach-out to the participant, the answer to the employer.

The participant hears of a reach-out through their login (or by email alone without one); the employer
hears the answer, and learns the person's name only when they accepted.
"""

from __future__ import annotations

from app.notifications.kinds import Kind
from app.notifications.services import Recipient, employer_users, notify, site_path
from cohorts.models import ReachOut, ReachOutStatus


def reach_out_received(reach_out: ReachOut) -> None:
    participant = reach_out.profile.participant
    if participant.anonymised_at is not None or (participant.user is None and participant.nudges_opt_out):
        return
    notify([Recipient(participant.email, participant.first_name, participant.user)], Kind.talent_reach_out,
           f"{reach_out.employer.name} would like to meet you",
           f"{reach_out.employer.name} found your anonymous talent profile and would like to be introduced about "
           f"{reach_out.hiring_need.role_title}. They do not know who you are unless you accept.",
           link=site_path("cohorts_participant.talent_profile"), about=f"reach_out:{reach_out.id}")


def reach_out_answered(reach_out: ReachOut) -> None:
    need = reach_out.hiring_need
    if reach_out.status == ReachOutStatus.accepted:
        participant = reach_out.profile.participant
        notify(employer_users(reach_out.employer_id), Kind.talent_reach_out_answer,
               f"{reach_out.handle} accepted: meet {participant.full_name}",
               f"The person behind {reach_out.handle} accepted your request about {need.ref} ({need.role_title}) "
               "and is introduced to you as a candidate.",
               link=site_path("cohorts_employer.talent_reach_out", reach_out_id=reach_out.id),
               about=f"reach_out:{reach_out.id}", subject=f"participant:{participant.id}")
    else:
        notify(employer_users(reach_out.employer_id), Kind.talent_reach_out_answer,
               f"{reach_out.handle} declined your request",
               f"The person behind {reach_out.handle} declined your request about {need.ref} ({need.role_title}).",
               link=site_path("cohorts_employer.talent_reach_out", reach_out_id=reach_out.id),
               about=f"reach_out:{reach_out.id}")
