"""Reads for the job-search pages: the sources a participant sees, jobs for them, their applications."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import User
from cohorts.jobsearch.matching import Target, ranked_ids_select, target_for
from cohorts.models import Cohort, Enrolment, EnrolmentStatus, Participant, Programme, SavedPosting
from employers.jobs.models import JobPosting, JobPostingSkill, JobSource, job_posting_sources
from employers.jobs.queries import live_postings_select, postings_count_by_source, visible_sources

PER_PAGE = 20


@dataclass(frozen=True)
class JobForYou:
    posting: JobPosting
    reasons: str
    #: the participant's application to it, if they saved it
    saved: SavedPosting | None


def my_sources(user: User) -> tuple[list[JobSource], list[JobSource], dict[int, int]]:
    """(the programme's sources, the user's own, live postings per source): three small queries at most."""
    sources = db.session.scalars(visible_sources(user).order_by(sa.func.lower(JobSource.name), JobSource.id)).all()
    counts = postings_count_by_source([source.id for source in sources])
    return ([s for s in sources if s.owner_id is None], [s for s in sources if s.owner_id is not None], counts)


def visible_postings_ids(user: User):
    """Select of the ids of live postings carried by a source the user sees."""
    source_ids = visible_sources(user).with_only_columns(JobSource.id)
    carried = sa.select(job_posting_sources.c.posting_id).where(job_posting_sources.c.source_id.in_(source_ids))
    return live_postings_select().with_only_columns(JobPosting.id).where(JobPosting.id.in_(carried))


def _postings_with_skills(ids: list[int]) -> dict[int, JobPosting]:
    """The postings of a page with their competencies, in one query."""
    if not ids:
        return {}
    rows = db.session.scalars(
        sa.select(JobPosting)
        .options(joinedload(JobPosting.skills).joinedload(JobPostingSkill.skill))
        .where(JobPosting.id.in_(ids))
    ).unique()
    return {posting.id: posting for posting in rows}


def _saved_by(participant_id: int, posting_ids: list[int]) -> dict[int, SavedPosting]:
    if not posting_ids:
        return {}
    return {saved.posting_id: saved for saved in db.session.scalars(
        sa.select(SavedPosting).where(SavedPosting.participant_id == participant_id,
                                      SavedPosting.posting_id.in_(posting_ids)))}


def jobs_for_you(participant: Participant, user: User, page: int, per_page: int = PER_PAGE) -> tuple[Pagination, Target]:
    """A page of live postings the participant can see, ranked for them (matching.py), with reasons.

    A fixed number of queries: the target (2), the count and the page's ids (2), the postings with
    their competencies (1) and the participant's saved ones among them (1).
    """
    target = target_for(participant.id)
    ranked = ranked_ids_select(target, visible_postings_ids(user))
    pagination = db.paginate(ranked, page=page, per_page=per_page, error_out=False)
    ids = list(pagination.items)
    postings = _postings_with_skills(ids)
    saved = _saved_by(participant.id, ids)
    rows = []
    for posting_id in ids:
        posting = postings[posting_id]
        mentioned = [(found.skill_id, found.skill.label) for found in posting.skills]
        rows.append(JobForYou(posting, target.reasons(mentioned), saved.get(posting_id)))
    pagination.items = rows
    return pagination, target


def may_see_posting(user: User, posting_id: int) -> bool:
    """The posting is live and carried by a source the user sees (what they may save)."""
    return db.session.scalar(sa.select(visible_postings_ids(user).where(JobPosting.id == posting_id).exists()))


def my_applications(participant_id: int, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """The participant's saved postings, most recently moved first, postings loaded (two queries)."""
    query = (
        sa.select(SavedPosting)
        .options(joinedload(SavedPosting.posting))
        .where(SavedPosting.participant_id == participant_id)
        .order_by(SavedPosting.stage_changed_at.desc(), SavedPosting.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def application_of(participant_id: int, saved_id: int) -> SavedPosting | None:
    """One saved posting of the participant, posting loaded; None for anyone else's."""
    return db.session.scalars(
        sa.select(SavedPosting).options(joinedload(SavedPosting.posting), joinedload(SavedPosting.placement))
        .where(SavedPosting.id == saved_id, SavedPosting.participant_id == participant_id)
    ).one_or_none()


def placement_enrolment(participant_id: int) -> Enrolment | None:
    """The enrolment a placement from a posting is linked to: the latest-starting cohort they were
    enrolled in or completed, with an enrolment date."""
    return db.session.scalars(
        sa.select(Enrolment).join(Cohort, Cohort.id == Enrolment.cohort_id)
        .options(joinedload(Enrolment.cohort).joinedload(Cohort.programme))
        .where(Enrolment.participant_id == participant_id, Enrolment.enrolled_on.is_not(None),
               Enrolment.status.in_((EnrolmentStatus.enrolled, EnrolmentStatus.completed)))
        .order_by(Cohort.starts_on.desc(), Enrolment.id.desc()).limit(1)
    ).first()



def programme_zone(participant_id: int) -> str | None:
    """The time zone of the participant's latest-starting cohort (their programme "today"); None = the default."""
    return db.session.scalar(
        sa.select(Programme.time_zone).join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Enrolment.participant_id == participant_id).order_by(Cohort.starts_on.desc()).limit(1))
