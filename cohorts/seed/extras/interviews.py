"""The demo's interview days: one held last week with three scored interviews, one next week to book.

The demo employer (Northwind) interviews for its Account Executive need in the cohort in training.
Last week's day shows attendance, scored feedback (two of three candidates below the need's level in
negotiation: the design page's shared gap) and what one candidate was told; next week's day has the
demo participant booked and free slots for the rest. Built from the models alone, as the whole seed is,
so its slots follow the rule docs/INTERVIEWS.md describes: back to back from the start, none past the end.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from app.dates import at_local_time
from app.extensions import db
from cohorts.models import (
    Candidacy,
    InterviewAttendance,
    InterviewDay,
    InterviewDecision,
    InterviewFeedback,
    InterviewScore,
    InterviewSlot,
)

NEED = "HN-0005"
EMPLOYER_LOGIN = "employer@bridgework.test"
#: the demo employer guarantees an interview to each of the candidates it was introduced to
GUARANTEED = 6
#: last week's interviews: (participant k, attendance, decision, {skill: level}, shared message)
HELD = (
    (3, "attended", "advance", {"Discovery questioning": 3, "Product demonstration": 3, "Negotiation": 2,
                                "Sales forecasting": 2, "CRM hygiene (Salesforce/HubSpot)": 3, "Coachability": 4},
     "Thank you for a thoughtful interview. We would like you to meet the sales director next."),
    (2, "attended", "advance", {"Discovery questioning": 4, "Product demonstration": 3, "Negotiation": 3,
                                "Sales forecasting": 2, "CRM hygiene (Salesforce/HubSpot)": 3, "Coachability": 3}, ""),
    (5, "attended", "no", {"Discovery questioning": 2, "Product demonstration": 2, "Negotiation": 1,
                           "Sales forecasting": 1, "CRM hygiene (Salesforce/HubSpot)": 2, "Coachability": 3},
     "Thank you for your time. Practise handling price objections; we would be glad to see you again."),
    (4, "no_show", None, {}, ""),
)
STRENGTHS = "Clear, structured answers; asked good questions about our customers."
CONCERNS = "Gave ground on price quickly in the role play."


def build(demo: Any) -> None:
    need = demo.needs[NEED]
    cohort = demo.cohorts["training"]
    employer = need.employer
    zone = cohort.programme.time_zone
    db.session.flush()  # the outcomes step's candidacies
    candidacies = {c.participant: c for c in db.session.scalars(
        sa.select(Candidacy).where(Candidacy.hiring_need_id == need.id, Candidacy.cohort_id == cohort.id))}
    for member in cohort.consortium:
        if member.employer is employer:
            member.interviews_guaranteed = GUARANTEED
    held_on = demo.today - timedelta(days=6)
    held = _day(employer, need, cohort, "Northwind interview day", held_on, zone, demo, slots=5)
    skills = {competency.skill.label: competency.skill for competency in need.competencies}
    for slot, (k, attendance, decision, levels, message) in zip(held.slots, HELD, strict=False):
        slot.candidacy = candidacies[demo.participants[k]]
        slot.booked_at = _booked(slot.starts_at)
        slot.attendance = InterviewAttendance(attendance)
        if decision is None:
            continue
        demo.add(InterviewFeedback(
            slot=slot, candidacy=slot.candidacy, decision=InterviewDecision(decision), strengths=STRENGTHS,
            concerns=CONCERNS if levels["Negotiation"] < 3 else "", message_to_candidate=message,
            share_scores=bool(message), share_decision=bool(message), given_by=demo.users[EMPLOYER_LOGIN], interviewed_at=slot.starts_at,
            scores=[InterviewScore(skill=skills[label], level=level) for label, level in levels.items()],
        ))
    upcoming = _day(employer, need, cohort, "Northwind interview day (second round)",
                    demo.today + timedelta(days=7), zone, demo, slots=4)
    first = upcoming.slots[1]
    first.candidacy, first.booked_at = candidacies[demo.participants[0]], _booked(upcoming.starts_at)


def _day(employer, need, cohort, title: str, day, zone: str, demo: Any, *, slots: int) -> InterviewDay:
    starts_at = at_local_time(day, time(10), zone)
    length = timedelta(minutes=30)
    interview_day = InterviewDay(
        employer=employer, hiring_need=need, cohort=cohort, title=title, starts_at=starts_at,
        ends_at=starts_at + slots * length, slot_minutes=30, gap_minutes=0,
        location="Northwind Analytics, 200 King St W, 12th floor, Toronto",
        interviewers="Dana Lee (Sales director), Sam Ortiz (Account executive)",
        booking_closes_at=at_local_time(day - timedelta(days=1), time(17), zone),
        slots=[InterviewSlot(starts_at=starts_at + n * length, ends_at=starts_at + (n + 1) * length)
               for n in range(slots)],
    )
    demo.add(interview_day)
    return interview_day


def _booked(starts_at: datetime) -> datetime:
    return starts_at - timedelta(days=3)
