"""Coach matching: coaches' profiles, the trained models, and the equality data kept apart from them.

The model (cohorts/coaching) predicts placement within 180 days for a participant with a given coach
from intake signals, the programme and cohort, and the coach's caseload and past outcomes. It never
reads protected characteristics: those live only in EqualityMonitoring, which the fairness report
reads to show the model's error rates by group. See docs/COACH_MATCHING.md.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, UTCDateTime, enum_column, utcnow
from app.models import User
from cohorts.models.participants import Participant


class CoachProfile(Base):
    """What matching knows of a coach beyond their caseload: sectors and how many people they can take."""

    __tablename__ = "coach_profiles"
    __repr_attr__ = "user_id"
    __table_args__ = (sa.CheckConstraint("capacity > 0", name="capacity_positive"),)

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the staff or admin user; one profile each
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: sectors they have worked in or coached for, comma-separated ("Technology, Retail")
    sectors: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: the largest caseload they take; room = capacity − current live caseload
    capacity: Mapped[int] = mapped_column(default=40, server_default="40")
    #: offered by matching; off = never suggested
    accepting: Mapped[bool] = mapped_column(default=True, server_default=sa.true())

    user: Mapped[User] = relationship()

    @property
    def sector_list(self) -> list[str]:
        return [s.strip() for s in self.sectors.split(",") if s.strip()]


class CoachModelStatus(StrEnum):
    ready = "ready"  # trained; suggestions use the newest ready model
    refused = "refused"  # too few placements to train on (COACH_MATCH_MIN_PLACEMENTS); says so


class CoachMatchModel(Base):
    """One training run of the coach-matching model, versioned, with its metrics and its artifact."""

    __tablename__ = "coach_match_models"
    __repr_attr__ = "version"
    __table_args__ = (
        sa.CheckConstraint("samples >= 0 AND placements >= 0", name="counts_not_negative"),
        sa.CheckConstraint("(status = 'ready') = (artifact IS NOT NULL)", name="ready_has_artifact"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: 1, 2, 3 … in training order
    version: Mapped[int] = mapped_column(unique=True)
    trained_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: who asked for it; NULL for the weekly schedule or the CLI
    trained_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    status: Mapped[CoachModelStatus] = mapped_column(enum_column(CoachModelStatus, "coach_model_status"))
    #: why it refused, in words; "" when ready
    message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: training rows (participant enrolments with a closed 180-day window) and placements among them
    samples: Mapped[int] = mapped_column(default=0)
    placements: Mapped[int] = mapped_column(default=0)
    #: the feature names, in the model's order (a test asserts no protected characteristic is among them)
    features: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: {"roc_auc_cv": …, "brier": …, "baseline_auc_cv": …, "calibration": [[predicted, observed, n], …]}
    metrics: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: error rates by group where equality data exists (false positive / negative rates, counts)
    fairness: Mapped[dict] = mapped_column(sa.JSON, default=dict)
    #: the fitted scikit-learn pipeline (joblib); NULL when refused
    artifact: Mapped[bytes | None] = mapped_column(sa.LargeBinary)
    #: the scikit-learn version it was fitted with (an artifact is only loaded by the same version)
    library_version: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")

    trained_by: Mapped[User | None] = relationship()


class AgeBand(StrEnum):
    under_25 = "under_25"
    from_25_to_34 = "25_34"
    from_35_to_49 = "35_49"
    from_50 = "50_plus"
    prefer_not_to_say = "prefer_not_to_say"


class Gender(StrEnum):
    woman = "woman"
    man = "man"
    non_binary = "non_binary"
    self_described = "self_described"
    prefer_not_to_say = "prefer_not_to_say"


class YesNoPreferNot(StrEnum):
    yes = "yes"
    no = "no"
    prefer_not_to_say = "prefer_not_to_say"


class EqualityMonitoring(Base):
    """Voluntary equality data, kept apart: read only by the fairness report, never by matching."""

    __tablename__ = "equality_monitoring"
    __repr_attr__ = "participant_id"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the participant; one record each; deleted on erasure
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    #: each answer is optional (NULL = not asked or skipped); prefer_not_to_say is an answer
    age_band: Mapped[AgeBand | None] = mapped_column(enum_column(AgeBand, "age_band"))
    gender: Mapped[Gender | None] = mapped_column(enum_column(Gender, "gender"))
    disability: Mapped[YesNoPreferNot | None] = mapped_column(enum_column(YesNoPreferNot, "yes_no_prefer_not"))
    #: ethnic group in the participant's own words or a listed group; "" = not given
    ethnicity: Mapped[str] = mapped_column(sa.String(80), default="", server_default="")
    #: when it was last given or changed (UTC)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    participant: Mapped[Participant] = relationship()
