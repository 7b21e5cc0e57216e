"""Candidacies, placements and the retention checks that follow a placement."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from app.models import User
from cohorts.models.documents import ParticipantDocument
from cohorts.models.participants import Participant
from cohorts.models.programmes import Cohort
from employers.jobs.models import JobPosting
from employers.models import Employer, HiringNeed


class CandidacyStage(StrEnum):
    shortlisted = "shortlisted"
    introduced = "introduced"
    interviewing = "interviewing"
    offer = "offer"
    hired = "hired"
    not_selected = "not_selected"
    withdrawn = "withdrawn"


class Candidacy(TimestampMixin, Base):
    """A participant put forward for a hiring need, and how far they got."""

    __tablename__ = "candidacies"
    __repr_attr__ = "stage"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "hiring_need_id"),
        sa.Index("ix_candidacies_need_stage", "hiring_need_id", "stage"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the participant put forward; once per hiring need (unique key)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    #: the hiring need they are put forward for
    hiring_need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("hiring_needs.id", ondelete="CASCADE")
    )
    #: the cohort the participant was put forward from
    cohort_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="SET NULL"), index=True
    )
    #: shortlisted → introduced → interviewing → offer → hired | not_selected | withdrawn
    stage: Mapped[CandidacyStage] = mapped_column(
        enum_column(CandidacyStage, "candidacy_stage"), default=CandidacyStage.shortlisted
    )
    #: when staff shortlisted the participant (UTC)
    shortlisted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=utcnow)
    #: when staff introduced them to the employer, only with consent_to_share (UTC)
    introduced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the employer moved the candidacy to interviewing (UTC); NULL if never
    interviewing_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the employer moved the candidacy to offer (UTC); NULL if never
    offer_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the candidacy reached hired, not_selected or withdrawn
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: last stage movement: the caseload flags candidacies that stall
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the employer's latest feedback given with a stage move; blanked on erasure
    employer_feedback: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: optimistic-lock counter (version_id_col): bumped on every UPDATE; stage forms send it back
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    #: the CV version shared when introduced (snapshot); NULL if none, or once erased (SET NULL)
    shared_cv_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("participant_documents.id", ondelete="SET NULL"), index=True
    )

    __mapper_args__ = {"version_id_col": version}

    participant: Mapped[Participant] = relationship(back_populates="candidacies")
    hiring_need: Mapped[HiringNeed] = relationship()
    cohort: Mapped[Cohort | None] = relationship()
    shared_cv: Mapped[ParticipantDocument | None] = relationship()


class EmploymentType(StrEnum):
    permanent = "permanent"
    fixed_term = "fixed_term"
    apprenticeship = "apprenticeship"
    contract = "contract"
    self_employed = "self_employed"


class JobEndReason(StrEnum):
    """Why a job ended: a placement's, or a later job's in the work history."""

    resigned = "resigned"
    dismissed = "dismissed"
    contract_ended = "contract_ended"
    redundancy = "redundancy"
    moved_job = "moved_job"  # left for another job
    health = "health"
    caring = "caring"
    other = "other"


class Placement(TimestampMixin, Base):
    """A job a participant started: the programme's golden indicator."""

    __tablename__ = "placements"
    __repr_attr__ = "ref"
    __table_args__ = (
        sa.CheckConstraint("annual_salary IS NULL OR annual_salary >= 0", name="salary_non_negative"),
        sa.CheckConstraint(
            "hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 168)",
            name="hours_in_week",
        ),
        sa.Index("ix_placements_cohort_participant", "cohort_id", "participant_id"),
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= start_date", name="ends_after_start"),
        sa.CheckConstraint("(ended_on IS NULL) = (end_reason IS NULL)", name="end_has_reason"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: unique reference, "PL-0001" style when recorded from a hire, or as imported
    ref: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: the participant placed; RESTRICT: a placed participant cannot be deleted
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="RESTRICT"), index=True
    )
    #: the employer they work for: the hiring need's employer on a hire, or as imported
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="RESTRICT"), index=True
    )
    #: the need the job fills; NULL for a job outside the programme's needs (workbook)
    hiring_need_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("hiring_needs.id", ondelete="SET NULL"), index=True
    )
    #: the cohort the placement is linked to in the outcome measures (docs/OUTCOMES.md)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="RESTRICT"))
    #: the candidacy whose "hired" made this placement; one placement per candidacy
    candidacy_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("candidacies.id", ondelete="SET NULL"), unique=True
    )
    #: the job's title; the hiring need's role title when the employer leaves it blank
    role_title: Mapped[str] = mapped_column(sa.String(200))
    #: day the offer was accepted; when set it is the placement date of the outcomes
    offer_accepted_on: Mapped[date | None]
    #: first day of the job; the placement date when no offer date; retention checks count from it
    start_date: Mapped[date]
    #: pay per year in whole units of the programme's currency; NULL = not known; never negative (check)
    annual_salary: Mapped[int | None]
    #: hours worked a week, 2 decimals; NULL = not known; 0 < hours ≤ 168 (check hours_in_week)
    hours_per_week: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    #: permanent, fixed_term, apprenticeship, contract or self_employed; entered with the hire
    employment_type: Mapped[EmploymentType] = mapped_column(
        enum_column(EmploymentType, "employment_type"), default=EmploymentType.permanent
    )
    #: the job is in the field the programme trains for (in_field_rate_180); entered with the hire
    in_field: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: when staff voided it as entered in error (UTC); a voided placement leaves the measures and
    #: the employer's view but stays on record; NULL = stands
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: why it was voided (required to void); "" while it stands
    void_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the staff user who voided it
    voided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: last day in the job (the work history, docs/OUTCOMES.md beyond 180 days); NULL while in it
    ended_on: Mapped[date | None]
    #: why it ended; NULL while in it (check end_has_reason)
    end_reason: Mapped[JobEndReason | None] = mapped_column(enum_column(JobEndReason, "job_end_reason"))
    #: staff's note on the ending; blanked on erasure
    end_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: optimistic-lock counter (version_id_col): bumped by every correction; the edit form sends it back
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    participant: Mapped[Participant] = relationship(back_populates="placements")
    employer: Mapped[Employer] = relationship()
    hiring_need: Mapped[HiringNeed | None] = relationship()
    cohort: Mapped[Cohort] = relationship()
    candidacy: Mapped[Candidacy | None] = relationship()
    retention_checks: Mapped[list[RetentionCheck]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="RetentionCheck.day_mark"
    )

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None

    @property
    def placed_on(self) -> date:
        """The placement date of docs/OUTCOMES.md: offer accepted, else start."""
        return self.offer_accepted_on or self.start_date


class StillEmployed(StrEnum):
    yes = "yes"
    no = "no"
    unknown = "unknown"


class RetentionCheck(TimestampMixin, Base):
    __tablename__ = "retention_checks"
    __repr_attr__ = "day_mark"
    __table_args__ = (
        sa.UniqueConstraint("placement_id", "day_mark"),
        sa.CheckConstraint("day_mark IN (90, 180)", name="day_mark_known"),
        sa.Index("ix_retention_checks_due", "checked_on", "due_on"),
        # covers the outcome measures: each placement's check for a day mark read from the index alone
        sa.Index("ix_retention_checks_outcomes", "placement_id", "day_mark", "still_employed", "checked_on"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the placement checked; its checks go with it
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id", ondelete="CASCADE"))
    #: 90 or 180 (check day_mark_known): days after the start date; one check per mark
    day_mark: Mapped[int]
    #: the placement's start_date + day_mark days, set with the placement; no check before it
    due_on: Mapped[date]
    #: day the outcome was checked (due_on … today); NULL = not recorded yet
    checked_on: Mapped[date | None]
    #: yes counts as retained in retention_90/180; unknown until the check is recorded
    still_employed: Mapped[StillEmployed] = mapped_column(
        enum_column(StillEmployed, "still_employed"), default=StillEmployed.unknown
    )
    #: still with the placement's employer; NULL = not known
    same_employer: Mapped[bool | None]
    #: staff's notes on the check; blanked on erasure
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: who recorded it: staff, or the participant's own login when they confirm
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: the participant confirmed "still in work" in their portal
    confirmed_by_participant: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    placement: Mapped[Placement] = relationship(back_populates="retention_checks")
    recorded_by: Mapped[User | None] = relationship()


#: hours a week a placement may record (a job, not a typo); the database allows up to 168
HOURS_PER_WEEK_RANGE = (1, 80)


def placement_term_problems(
    *,
    start_date: date | None,
    offer_accepted_on: date | None,
    enrolled_on: date | None,
    hours_per_week: Decimal | float | None,
    annual_salary: int | None,
    salary_range: tuple[int, int],
    currency: str,
) -> list[tuple[str, str]]:
    """(field, message) for each impossible term of a job: the one rule behind every way in.

    The staff and employer forms, corrections, the workbook import (as row errors) and the API (as
    field errors) all ask this, so a placement cannot be entered one way that another refuses.
    """
    problems: list[tuple[str, str]] = []
    if offer_accepted_on and start_date and offer_accepted_on > start_date:
        problems.append(("offer_accepted_on",
                         f"The offer must be accepted on or before the start date ({start_date:%-d %b %Y})."))
    if enrolled_on is not None:
        for field, value in (("offer_accepted_on", offer_accepted_on), ("start_date", start_date)):
            if value is not None and value < enrolled_on:
                problems.append((field, f"This date is before the participant enrolled in the cohort "
                                        f"({enrolled_on:%-d %b %Y})."))
    low_hours, high_hours = HOURS_PER_WEEK_RANGE
    if hours_per_week is not None and not low_hours <= hours_per_week <= high_hours:
        problems.append(("hours_per_week", f"Hours per week must be between {low_hours} and {high_hours}."))
    low, high = salary_range
    if annual_salary is not None and not low <= annual_salary <= high:
        problems.append(("annual_salary", f"An annual salary must be between {low:,} and {high:,} {currency} "
                                          "for this programme; check for a missing or extra digit."))
    return problems


# --- a participant's own job search beyond the programme's demand: postings saved, applications

class ApplicationStage(StrEnum):
    saved = "saved"
    applied = "applied"
    interviewing = "interviewing"
    offer = "offer"
    hired = "hired"
    unsuccessful = "unsuccessful"
    withdrawn = "withdrawn"


class SavedPosting(TimestampMixin, Base):
    """A posting a participant saved, and their application to it (tracked by them, seen by their coach)."""

    __tablename__ = "saved_postings"
    __repr_attr__ = "stage"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "posting_id"),
        #: the caseload's stalled-application alert: open applications by when they last moved
        sa.Index("ix_saved_postings_stage_changed", "stage", "stage_changed_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose search it is; saved postings go with the person
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: the posting saved; kept while saved even once it expires
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("job_postings.id", ondelete="CASCADE"), index=True)
    #: saved → applied → interviewing → offer → hired | unsuccessful | withdrawn
    stage: Mapped[ApplicationStage] = mapped_column(
        enum_column(ApplicationStage, "application_stage"), default=ApplicationStage.saved
    )
    #: the day they applied (their word); NULL until they apply
    applied_on: Mapped[date | None]
    #: when the stage last changed (UTC): an open application that has not moved raises a caseload alert
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the participant's own notes on the outcome ("no reply", "second interview Tuesday"); blanked on erasure
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the placement recorded from a hire here; NULL until then
    placement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("placements.id", ondelete="SET NULL"), unique=True
    )

    participant: Mapped[Participant] = relationship()
    posting: Mapped[JobPosting] = relationship()
    placement: Mapped[Placement | None] = relationship()
