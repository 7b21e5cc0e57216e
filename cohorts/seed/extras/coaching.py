"""The demo's coach matching: the programmes' sectors, profiles for the demo's staff, some equality answers.

The demo has too few placements to train on (COACH_MATCH_MIN_PLACEMENTS), so `flask coaching train`
stores a refused version there and the suggestions page says why: that is the intended behaviour.
Built from the models alone; flushes, never commits; running it twice changes nothing.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from app.extensions import db
from cohorts.models import AgeBand, CoachProfile, EqualityMonitoring, Gender, YesNoPreferNot

#: demo login → (sectors, capacity)
PROFILES = {"coach@bridgework.test": ("Software, Retail", 40), "designer@bridgework.test": ("Software", 15)}
ANSWERS = (
    (AgeBand.from_25_to_34, Gender.woman, YesNoPreferNot.no, "Black"),
    (AgeBand.under_25, Gender.man, YesNoPreferNot.prefer_not_to_say, ""),
    (AgeBand.prefer_not_to_say, Gender.prefer_not_to_say, YesNoPreferNot.yes, "Prefer not to say"),
)


def build(demo: Any) -> None:
    for cohort in demo.cohorts.values():
        if not cohort.programme.sector:
            cohort.programme.sector = "Software"
    have = set(db.session.scalars(sa.select(CoachProfile.user_id)))
    for email, (sectors, capacity) in PROFILES.items():
        user = demo.users.get(email)
        if user is not None and user.id not in have:
            db.session.add(CoachProfile(user=user, sectors=sectors, capacity=capacity))
    answered = set(db.session.scalars(sa.select(EqualityMonitoring.participant_id)))
    for k, participant in enumerate(demo.participants[1::3]):  # every third, leaving the demo login to answer
        if participant.id not in answered:
            age, gender, disability, ethnicity = ANSWERS[k % len(ANSWERS)]
            db.session.add(EqualityMonitoring(participant=participant, age_band=age, gender=gender,
                                              disability=disability, ethnicity=ethnicity))
    db.session.flush()
