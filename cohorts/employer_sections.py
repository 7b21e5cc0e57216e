"""The cohorts part of the staff employer page: consortium cohorts, candidates, placements.

Registered into employers.timeline at init_app (employers cannot import cohorts).
Three queries whatever the employer's size.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.templating import humanize
from cohorts.models import Candidacy, CandidacyStage, ConsortiumMember, Placement
from employers.models import HiringNeed
from employers.timeline import EmployerSection, TimelineEvent, register_employer_section

#: stages at which the employer has seen the candidate (shortlisted ones are internal)
VISIBLE_STAGES = [s for s in CandidacyStage if s != CandidacyStage.shortlisted]


def employer_cohort_section(employer_id: int) -> EmployerSection:
    memberships = db.session.scalars(
        select(ConsortiumMember)
        .options(joinedload(ConsortiumMember.cohort))
        .where(ConsortiumMember.employer_id == employer_id)
    ).all()
    candidacies = db.session.scalars(
        select(Candidacy)
        .join(HiringNeed, Candidacy.hiring_need_id == HiringNeed.id)
        .options(joinedload(Candidacy.participant), joinedload(Candidacy.hiring_need))
        .where(HiringNeed.employer_id == employer_id, Candidacy.stage.in_(VISIBLE_STAGES))
        .order_by(Candidacy.stage_changed_at.desc())
    ).all()
    placements = db.session.scalars(
        select(Placement)
        .options(joinedload(Placement.participant), joinedload(Placement.cohort))
        .where(Placement.employer_id == employer_id)
        .order_by(Placement.start_date.desc())
    ).all()
    events = [
        TimelineEvent(m.cohort.starts_on, f"Cohort {m.cohort.code} starts (consortium member)",
                      url=url_for("cohorts_staff.cohort_detail", cohort_id=m.cohort_id), kind="cohort")
        for m in memberships
    ]
    events += [
        TimelineEvent(c.stage_changed_at, f"{c.participant.full_name}: {humanize(c.stage)}",
                      detail=c.hiring_need.ref, kind="candidate",
                      url=url_for("cohorts_staff.need_board", need_id=c.hiring_need_id))
        for c in candidacies
    ]
    events += [
        TimelineEvent(p.placed_on, f"Placement {p.ref}: {p.participant.full_name} as {p.role_title}",
                      detail=p.cohort.code, kind="placement",
                      url=url_for("cohorts_staff.placement_detail", placement_id=p.id))
        for p in placements
    ]
    return EmployerSection(
        title="Cohorts, candidates and placements",
        template="cohorts/staff/_employer_cohorts.html",
        context={"memberships": memberships, "candidacies": candidacies, "placements": placements},
        events=events,
        order=10,
    )


def register() -> None:
    register_employer_section(employer_cohort_section)
