"""The cohorts part of the staff employer page: consortium cohorts, candidates, placements.

Registered into employers.timeline at init_app (employers cannot import cohorts).
Three queries whatever the employer's size, of plain rows: the page only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.templating import badge, humanize, url_with_id
from cohorts.models import Candidacy, CandidacyStage, Cohort, CohortStatus, ConsortiumMember, Participant, Placement
from employers.models import HiringNeed
from employers.timeline import EmployerSection, TimelineEvent, register_employer_section, register_fill_counter

#: stages at which the employer has seen the candidate (shortlisted ones are internal)
VISIBLE_STAGES = [s for s in CandidacyStage if s != CandidacyStage.shortlisted]


@dataclass(frozen=True)
class Membership:
    cohort_id: int
    cohort_label: str
    cohort_code: str
    cohort_status: CohortStatus
    cohort_starts_on: date
    co_delivery_sessions: int
    interviews_guaranteed: int


@dataclass(frozen=True)
class Candidate:
    participant_id: int
    participant_name: str
    hiring_need_id: int
    need_ref: str
    need_role_title: str
    stage: CandidacyStage
    stage_changed_at: datetime


@dataclass(frozen=True)
class PlacementRow:
    id: int
    ref: str
    participant_name: str
    role_title: str
    cohort_code: str
    start_date: date
    placed_on: date


def _name(first: str, last: str) -> str:
    return f"{first} {last}".strip()  # as Participant.full_name


@cache
def _section_selects():
    """The :employer_id's consortium cohorts, visible candidacies and placements; built once per process."""
    employer_id = bindparam("employer_id")
    memberships = (
        select(ConsortiumMember.cohort_id, Cohort.code, Cohort.name, Cohort.status, Cohort.starts_on,
               ConsortiumMember.co_delivery_sessions, ConsortiumMember.interviews_guaranteed)
        .join(Cohort, Cohort.id == ConsortiumMember.cohort_id)
        .where(ConsortiumMember.employer_id == employer_id)
    )
    candidacies = (
        select(Candidacy.participant_id, Participant.first_name, Participant.last_name, Candidacy.hiring_need_id,
               HiringNeed.ref, HiringNeed.role_title, Candidacy.stage, Candidacy.stage_changed_at)
        .join(HiringNeed, Candidacy.hiring_need_id == HiringNeed.id)
        .join(Participant, Participant.id == Candidacy.participant_id)
        .where(HiringNeed.employer_id == employer_id, Candidacy.stage.in_(VISIBLE_STAGES))
        .order_by(Candidacy.stage_changed_at.desc())
    )
    placements = (
        select(Placement.id, Placement.ref, Participant.first_name, Participant.last_name, Placement.role_title,
               Cohort.code, Placement.start_date, Placement.offer_accepted_on)
        .join(Participant, Participant.id == Placement.participant_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(Placement.employer_id == employer_id, Placement.voided_at.is_(None))
        .order_by(Placement.start_date.desc())
    )
    return memberships, candidacies, placements


def employer_cohort_section(employer_id: int) -> EmployerSection:
    memberships_select, candidacies_select, placements_select = _section_selects()
    params = {"employer_id": employer_id}
    memberships = [
        Membership(cohort_id, Cohort.label_for(code, name), code, status, starts_on, sessions, interviews)
        for cohort_id, code, name, status, starts_on, sessions, interviews
        in db.session.execute(memberships_select, params)
    ]
    candidacies = [
        Candidate(participant_id, _name(first, last), need_id, ref, role_title, stage, changed_at)
        for participant_id, first, last, need_id, ref, role_title, stage, changed_at
        in db.session.execute(candidacies_select, params)
    ]
    placements = [
        PlacementRow(placement_id, ref, _name(first, last), role_title, code, start_date,
                     offer_accepted_on or start_date)
        for placement_id, ref, first, last, role_title, code, start_date, offer_accepted_on
        in db.session.execute(placements_select, params)
    ]
    # one url_for per kind of link, for the events and the template's rows alike
    urls = {"cohort": url_with_id("cohorts_staff.cohort_detail", "cohort_id"),
            "need_board": url_with_id("cohorts_staff.need_board", "need_id"),
            "participant": url_with_id("cohorts_staff.participant_detail", "participant_id"),
            "placement": url_with_id("cohorts_staff.placement_detail", "placement_id")}
    events = [
        TimelineEvent(m.cohort_starts_on, f"Cohort {m.cohort_code} starts (consortium member)",
                      url=urls["cohort"](m.cohort_id), kind="cohort")
        for m in memberships
    ]
    events += [
        TimelineEvent(c.stage_changed_at, f"{c.participant_name}: {humanize(c.stage)}",
                      detail=c.need_ref, kind="candidate",
                      url=urls["need_board"](c.hiring_need_id))
        for c in candidacies
    ]
    events += [
        TimelineEvent(p.placed_on, f"Placement {p.ref}: {p.participant_name} as {p.role_title}",
                      detail=p.cohort_code, kind="placement",
                      url=urls["placement"](p.id))
        for p in placements
    ]
    return EmployerSection(
        title="Cohorts, candidates and placements",
        template="cohorts/staff/_employer_cohorts.html",
        context={"memberships": memberships, "candidacies": candidacies, "placements": placements, "urls": urls,
                 "badge": badge},
        events=events,
        order=10,
    )


def register() -> None:
    register_employer_section(employer_cohort_section)
    register_fill_counter(standing_hires_by_need)


def standing_hires_by_need(need_ids: list[int]) -> dict[int, int]:
    """{need id: placements that fill it and stand} in one query (the employer's "2 of 2 filled")."""
    if not need_ids:
        return {}
    return dict(db.session.execute(
        select(Placement.hiring_need_id, func.count(Placement.id))
        .where(Placement.hiring_need_id.in_(need_ids), Placement.voided_at.is_(None))
        .group_by(Placement.hiring_need_id)
    ).all())
