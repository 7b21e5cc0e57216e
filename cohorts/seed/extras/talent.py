"""The demo's anonymous talent profiles: a few opted-in participants and one request awaiting an answer.

Five alumni of the closed cohort who were not placed (they have exit levels) are listed. Amara (the demo
participant, still training, so no exit levels yet) has switched her profile on too, but it is not listed:
a profile needs at least 3 skills assessed at the end of training. Northwind Analytics
(employer@bridgework.test) has asked to meet the person behind one alumna's profile about HN-0001, the
Northwind need the closed cohort was designed for (so she can be introduced for it), and waits for the
answer. Built from the models alone (the learnability band is left unmeasured until a person saves their
profile); flushes, never commits.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from app.extensions import db
from cohorts.models import ReachOut, ReachOutStatus, TalentProfile
from cohorts.models.talent import HANDLE_ALPHABET, HANDLE_LENGTH

EMPLOYER = "Northwind Analytics"
EMPLOYER_LOGIN = "employer@bridgework.test"
#: closed-cohort alumni (k within the cohort) who completed, were not placed, consented to share and have
#: no candidacy for NEED; the first is the one Northwind reaches out to
ALUMNI = (22, 21, 23, 24, 27)
#: the closed cohort's Northwind need (its demand basis is HN-0001..HN-0004)
NEED = "HN-0001"


def _handle(rng) -> str:
    return "T-" + "".join(rng.choice(HANDLE_ALPHABET) for _ in range(HANDLE_LENGTH))


def build(demo: Any) -> None:
    db.session.flush()
    rng = demo.rng("talent")
    people = [demo.participants[30 + k] for k in ALUMNI] + [demo.participants[0]]
    profiles = []
    for k, person in enumerate(people):
        opted_in = datetime.combine(demo.today - timedelta(days=20 - k), time(15), tzinfo=UTC)
        available = (demo.today + timedelta(days=30 * (k % 3))).replace(day=1) if k % 2 else None
        profiles.append(TalentProfile(participant=person, handle=_handle(rng), opted_in_at=opted_in,
                                      available_from=available, region=person.region))
    db.session.add_all(profiles)
    db.session.add(ReachOut(
        profile=profiles[0], handle=profiles[0].handle, employer=demo.employers[EMPLOYER],
        hiring_need=demo.needs[NEED], sent_by=demo.users[EMPLOYER_LOGIN], status=ReachOutStatus.sent,
        sent_at=datetime.combine(demo.today - timedelta(days=2), time(14), tzinfo=UTC),
        message="Your prospecting and discovery-call levels caught our eye. We are hiring sales development "
                "representatives again and would like to talk.",
        training_pledge="We would sponsor the Salesforce Administrator certificate course.",
    ))
    db.session.flush()
