"""The cohorts part of the staff employer page: consortium cohorts, candidates, placements.

Registered into employers.timeline at init_app (employers cannot import cohorts).
Three queries whatever the employer's size, of plain rows: the page only reads them. The page lists the
latest RECENT_ROWS candidacies and placements, each with its total (a count(*) over () of the same query);
their own pages (employer_candidates_page, employer_placements_page) list them all, a page at a time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select, bindparam, func, or_, select

from app.extensions import db
from app.templating import badge, humanize, url_with_id
from cohorts.models import Candidacy, CandidacyStage, Cohort, CohortStatus, ConsortiumMember, Participant, Placement
from employers.models import HiringNeed
from employers.timeline import EmployerSection, TimelineEvent, register_employer_section, register_fill_counter

#: stages at which the employer has seen the candidate (shortlisted ones are internal)
VISIBLE_STAGES = [s for s in CandidacyStage if s != CandidacyStage.shortlisted]
#: the employer page lists this many of the latest candidacies and placements; "All candidates (N)" and
#: "All placements (N)" page through the rest
RECENT_ROWS = 10


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


@dataclass(frozen=True)
class SectionSelects:
    """The section's statements, of :employer_id (and :limit for the latest ones)."""

    memberships: Select
    #: every visible candidacy, newest stage change first, each row ending with their count
    candidacies: Select
    #: the latest :limit of them
    latest_candidacies: Select
    #: every standing placement, latest start first, each row ending with their count
    placements: Select
    #: the latest :limit placements by start (the page's list) and by event date, offer accepted else start
    #: (its timeline's), in one; each row ending with their count, its rank by start and its rank by event date
    placements_listed_or_latest: Select


@cache
def _section_selects() -> SectionSelects:
    """Built once per process: building a statement and its cache key cost about what running it does.
    Equal dates are ordered by id, so that pages of them are stable (and the page's latest are the same
    as the whole timeline's)."""
    employer_id = bindparam("employer_id")
    limit = bindparam("limit")
    memberships = (
        select(ConsortiumMember.cohort_id, Cohort.code, Cohort.name, Cohort.status, Cohort.starts_on,
               ConsortiumMember.co_delivery_sessions, ConsortiumMember.interviews_guaranteed)
        .join(Cohort, Cohort.id == ConsortiumMember.cohort_id)
        .where(ConsortiumMember.employer_id == employer_id)
    )
    candidacies = (
        select(Candidacy.participant_id, Participant.first_name, Participant.last_name, Candidacy.hiring_need_id,
               HiringNeed.ref, HiringNeed.role_title, Candidacy.stage, Candidacy.stage_changed_at, func.count().over())
        .join(HiringNeed, Candidacy.hiring_need_id == HiringNeed.id)
        .join(Participant, Participant.id == Candidacy.participant_id)
        .where(HiringNeed.employer_id == employer_id, Candidacy.stage.in_(VISIBLE_STAGES))
        .order_by(Candidacy.stage_changed_at.desc(), Candidacy.id)
    )
    listed_order = (Placement.start_date.desc(), Placement.id)
    event_order = (func.coalesce(Placement.offer_accepted_on, Placement.start_date).desc(), *listed_order)
    placements = (
        select(Placement.id, Placement.ref, Participant.first_name, Participant.last_name, Placement.role_title,
               Cohort.code, Placement.start_date, Placement.offer_accepted_on, func.count().over().label("total"))
        .join(Participant, Participant.id == Placement.participant_id)
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(Placement.employer_id == employer_id, Placement.voided_at.is_(None))
        .order_by(*listed_order)
    )
    ranked = placements.add_columns(func.row_number().over(order_by=listed_order).label("listed_rank"),
                                    func.row_number().over(order_by=event_order).label("event_rank")).subquery()
    listed_or_latest = (select(ranked).where(or_(ranked.c.listed_rank <= limit, ranked.c.event_rank <= limit))
                        .order_by(ranked.c.listed_rank))
    return SectionSelects(memberships, candidacies, candidacies.limit(limit), placements, listed_or_latest)


def _candidate(participant_id, first, last, need_id, ref, role_title, stage, changed_at, *_total) -> Candidate:
    return Candidate(participant_id, _name(first, last), need_id, ref, role_title, stage, changed_at)


def _placement(placement_id, ref, first, last, role_title, code, start_date, offer_accepted_on, *_ranks) -> PlacementRow:
    return PlacementRow(placement_id, ref, _name(first, last), role_title, code, start_date,
                        offer_accepted_on or start_date)


def employer_cohort_section(employer_id: int, everything: bool = False) -> EmployerSection:
    """The section of the employer page (its latest RECENT_ROWS candidacies and placements, and the events of
    those, enough for the page's latest events), or with ``everything`` every row and event (the timeline page)."""
    selects = _section_selects()
    params = {"employer_id": employer_id, "limit": RECENT_ROWS}
    execute = db.session.connection().execute  # rows, without the ORM's execution
    memberships = [
        Membership(cohort_id, Cohort.label_for(code, name), code, status, starts_on, sessions, interviews)
        for cohort_id, code, name, status, starts_on, sessions, interviews
        in execute(selects.memberships, params)
    ]
    candidacy_rows = execute(selects.candidacies if everything else selects.latest_candidacies, params).all()
    candidacies = [_candidate(*row) for row in candidacy_rows]
    placement_rows = execute(selects.placements if everything else selects.placements_listed_or_latest,
                             params).all()
    # the page lists the latest by start; the timeline needs the latest by event date (offer accepted, else start)
    placements = [_placement(*row) for row in placement_rows if everything or row.listed_rank <= RECENT_ROWS]
    placement_events = placements if everything else \
        [_placement(*row) for row in placement_rows if row.event_rank <= RECENT_ROWS]
    candidacy_total = candidacy_rows[0][-1] if candidacy_rows else 0
    placement_total = placement_rows[0].total if placement_rows else 0
    # one url_for per kind of link, for the events and the template's rows alike
    urls = {"cohort": url_with_id("cohorts_staff.cohort_detail", "cohort_id"),
            "need_board": url_with_id("cohorts_staff.need_board", "need_id"),
            "participant": url_with_id("cohorts_staff.participant_detail", "participant_id"),
            "placement": url_with_id("cohorts_staff.placement_detail", "placement_id"),
            "all_candidates": url_with_id("cohorts_staff.employer_candidates", "employer_id")(employer_id),
            "all_placements": url_with_id("cohorts_staff.employer_placements", "employer_id")(employer_id)}
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
        for p in placement_events
    ]
    return EmployerSection(
        title="Cohorts, candidates and placements",
        template="cohorts/staff/_employer_cohorts.html",
        context={"memberships": memberships, "candidacies": candidacies, "candidacy_total": candidacy_total,
                 "placements": placements, "placement_total": placement_total, "urls": urls, "badge": badge},
        events=events,
        event_total=len(memberships) + candidacy_total + placement_total,
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


# --- the section's lists in whole, a page at a time ---------------------------------------------


class _WindowCountedPagination(Pagination):
    """A page of a section select's rows as ``row(*columns)``, its total read from the rows' count(*) over ()
    (one query; a page past the end counts with ``count_select``)."""

    def _query_items(self) -> list:
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        rows = db.session.connection().execute(stmt, self._query_args["params"]).all()
        self._total = rows[0][self._query_args["total_at"]] if rows else None
        return [self._query_args["row"](*row) for row in rows]

    def _query_count(self) -> int:
        if self._total is not None or self.page == 1:
            return self._total or 0
        count = select(func.count()).select_from(self._query_args["select"].order_by(None).subquery())
        return db.session.connection().execute(count, self._query_args["params"]).scalar_one()


def employer_candidates_page(employer_id: int, page: int, per_page: int) -> Pagination:
    """A page of the employer's visible candidacies, newest stage change first (as the employer page lists them)."""
    return _WindowCountedPagination(select=_section_selects().candidacies, params={"employer_id": employer_id},
                                    row=_candidate, total_at=-1, page=page, per_page=per_page, error_out=False)


def employer_placements_page(employer_id: int, page: int, per_page: int) -> Pagination:
    """A page of the employer's standing placements, latest start first (as the employer page lists them)."""
    return _WindowCountedPagination(select=_section_selects().placements, params={"employer_id": employer_id},
                                    row=_placement, total_at=8, page=page, per_page=per_page, error_out=False)
