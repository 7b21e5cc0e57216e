"""The demo's mentoring: alumni of the closed cohort, an employer volunteer and a staff coach as mentors.

Two alumni still in work at their 90-day check mentor (one lists herself in the directory); the first
has an active pairing with a participant of the cohort in training, with a conversation last week that
both sides rated. The coach (coach@bridgework.test, the demo password) mentors too, with skills the
demo participant lacks for her cohort's hiring needs, so she is suggested to Amara with reasons; a
volunteer from a hiring partner is listed as well. Built from the models alone; flushes, never commits.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from app.dates import at_local_time
from app.extensions import db
from app.models import Role, User
from cohorts.models import (
    MentorConversation,
    MentorKind,
    MentorPairing,
    MentorProfile,
    MentorStatus,
    PairingStatus,
    Placement,
    RetentionCheck,
    SkillAssessment,
    StillEmployed,
)
from employers.models import HiringNeed

COACH = "coach@bridgework.test"
VOLUNTEER = ("sam.okoro@bridgework.test", "Sam Okoro", "Solutions consultant")


def _lacking_skills(demo: Any, participant) -> list:
    """Skills of the training cohort's hiring needs the participant is below the level in (else the first)."""
    cohort = demo.cohorts["training"]
    needs = [d.hiring_need for d in cohort.demand]
    levels = {a.skill_id: a.level for a in db.session.scalars(
        sa.select(SkillAssessment).where(SkillAssessment.participant_id == participant.id)
        .order_by(SkillAssessment.stage))}
    competencies = [c for n in needs for c in n.competencies]
    lacking = [c.skill for c in competencies if levels.get(c.skill_id, 0) < c.level]
    return list(dict.fromkeys(lacking or [c.skill for c in competencies]))[:3]


def _alumni(demo: Any) -> list:
    """Closed-cohort participants in work at day 90, in placement order."""
    closed = demo.cohorts["closed"]
    return list(db.session.scalars(
        sa.select(Placement).join(RetentionCheck).where(
            Placement.cohort_id == closed.id, RetentionCheck.day_mark == 90,
            RetentionCheck.still_employed == StillEmployed.yes).order_by(Placement.id)))


def _login(email: str, name: str, role: Role, **extra) -> User:
    user = User(email=email, full_name=name, role=role, active=True, **extra)
    db.session.add(user)
    return user


def build(demo: Any) -> None:
    db.session.flush()
    amara = demo.participants[0]
    zone = demo.cohorts["training"].time_zone
    placements = _alumni(demo)[:2]
    mentors = []
    for k, placement in enumerate(placements):
        person = placement.participant
        if person.user is None:
            person.user = _login(person.email, person.full_name, Role.participant)
        mentors.append(MentorProfile(
            user=person.user, kind=MentorKind.alumni, participant=person, role_title=placement.role_title,
            employer_name=placement.employer.name, sectors=placement.employer.sector,
            help_with="interview_practice,first_months" if k == 0 else "sector_insight,confidence",
            availability="Weekday evenings, online" if k == 0 else "Saturday mornings",
            capacity=2, status=MentorStatus.active, visible_in_directory=True, show_employer=k == 0,
            invited_at=demo_instant(demo, 60, zone)))
    coach = demo.users[COACH]
    needs = db.session.scalars(sa.select(HiringNeed).where(HiringNeed.id.in_(
        [d.hiring_need_id for d in demo.cohorts["training"].demand]))).all()
    sector = next((n.employer.sector for n in needs if n.employer.sector), "")
    mentors.append(MentorProfile(
        user=coach, kind=MentorKind.staff, role_title="Career coach", sectors=sector,
        help_with="interview_practice,applications,confidence", availability="Thursdays 15:00–17:00",
        capacity=3, status=MentorStatus.active, visible_in_directory=True, show_help=True,
        invited_at=demo_instant(demo, 40, zone), skills=_lacking_skills(demo, amara)))
    partner = next(e for name, e in sorted(demo.employers.items()) if e is not needs[0].employer) if needs else None
    if partner is not None:
        email, name, role = VOLUNTEER
        volunteer = _login(email, name, Role.employer, employer=partner)
        mentors.append(MentorProfile(
            user=volunteer, kind=MentorKind.employer, employer=partner, role_title=role, employer_name=partner.name,
            sectors=partner.sector, help_with="sector_insight,interview_practice", capacity=1,
            status=MentorStatus.active, visible_in_directory=True, show_employer=True,
            invited_at=demo_instant(demo, 30, zone)))
    db.session.add_all(mentors)
    if mentors and mentors[0].kind == MentorKind.alumni and len(demo.participants) > 1:
        mentee = demo.participants[1]
        started = demo_instant(demo, 20, zone)
        pairing = MentorPairing(mentor=mentors[0], participant=mentee, status=PairingStatus.active,
                                requested_by=mentee.user, message="I would love help preparing for interviews.",
                                requested_at=started, decided_at=started + timedelta(days=1))
        held = at_local_time(demo.today - timedelta(days=6), time(18), zone).astimezone(UTC)
        pairing.conversations = [MentorConversation(
            starts_at=held, ends_at=held + timedelta(minutes=45), meeting_url="https://meet.example.org/mentoring-1",
            note="Practised answers for a first-round interview; next time: salary questions.",
            participant_rating=5, mentor_rating=4)]
        db.session.add(pairing)
    db.session.flush()


def demo_instant(demo: Any, days_ago: int, zone: str) -> datetime:
    return at_local_time(demo.today - timedelta(days=days_ago), time(10), zone).astimezone(UTC)
