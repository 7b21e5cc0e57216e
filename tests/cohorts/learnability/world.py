"""A hand-computed world for learnability (docs/LEARNABILITY.md), as of 2026-06-30.

Cohort LA-A's sessions (UTC): a1 06-01 09:00–12:00 (3 h), a2 06-02 09:00–11:30 (2.5 h), a3 06-03 (3 h),
a4 06-04 (3 h), a5 06-05 with no end, a6 07-01 00:00 (3 h, after as-of), a7 06-20 → 06-25 (120 h),
a8 06-30 23:00 → 07-01 01:00 (2 h: dated 06-30, so it counts). LA-B: b1 06-10 (4 h).

p1  starter of A (applied to B): s1 1→3, s2 2→3, s3 baseline only, s4 2→4 with the exit after as-of;
    a1 present, a2 late, a3 absent, a4 excused, a5 present (no end), a6 present (after), b1 present.
    skills 2, mean gain 1.5, hours 3 + 2.5 + 4 = 9.5 → 1.5 / (9.5/30) = 90/19 = 4.7368 high; in A 5.5 h → 90/11.
p2  starter of A: s1 3→2, s2 2→2 → mean −0.5; a1, a2 present: 5.5 h → −30/11 = −2.7273 low.
p3  starter of A: s1 1→2 undated; no attendance → null.
p4  starter of A: baseline only; a1 present, a8 present: 5 h → null.
p5  excluded from A (not a starter): s1 0→4; a1: 3 h → 40 high (participant only).
p6  starter of A: s1 0→1; a7: 120 h → 1/4 = 0.25 high (the bound belongs to high).
p7  starter of A: s1 1→2; a7 + a1: 123 h → 10/41 = 0.2439 medium.
p8  starter of A: s1 1→1, s2 2→2, s3 0→1 → 1/3; a7: 120 h → 1/12 = 0.0833 low.
p9  starter of B, nothing recorded.
p10 starter of LA-C only (left out when LA-A and LA-B are selected).

LA-A: starters 7, assessed 5 (p1, p2, p6, p7, p8), values −30/11, 1/12, 10/41, 1/4, 90/11: median 10/41,
mean 8161/6765 = 1.2064, bands low 2, medium 1, high 2. LA-B: starters 1 (p9), assessed 0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cohorts.models import AssessmentStage, AttendanceStatus, EnrolmentStatus, ExclusionReason
from tests import factories as f

AS_OF = date(2026, 6, 30)


def at(month: int, day: int, hour: int = 9, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def session(cohort, starts_at, hours: float | None):
    return f.CohortSessionFactory(cohort=cohort, starts_at=starts_at,
                                  ends_at=None if hours is None else starts_at + timedelta(hours=hours))


def assess(participant, skill, baseline: int | None, exit_: int | None,
           on: date | None = date(2026, 6, 1), exit_on: date | None = None) -> None:
    if baseline is not None:
        f.SkillAssessmentFactory(participant=participant, skill=skill, stage=AssessmentStage.baseline,
                                 level=baseline, assessed_on=on)
    if exit_ is not None:
        f.SkillAssessmentFactory(participant=participant, skill=skill, stage=AssessmentStage.exit,
                                 level=exit_, assessed_on=exit_on or on)


def attend(participant, sessions, status=AttendanceStatus.present) -> None:
    for s in sessions:
        f.AttendanceFactory(participant=participant, session=s, status=status)


def cohort(code: str):
    return f.CohortFactory(code=code, starts_on=date(2026, 5, 1), ends_on=date(2026, 7, 31))


def build() -> dict:
    """The world above; returns the cohorts, sessions and participants by name."""
    A, B, C = cohort("LA-A"), cohort("LA-B"), cohort("LA-C")
    s = {
        "a1": session(A, at(6, 1), 3), "a2": session(A, at(6, 2), 2.5), "a3": session(A, at(6, 3), 3),
        "a4": session(A, at(6, 4), 3), "a5": session(A, at(6, 5), None), "a6": session(A, at(7, 1, 0), 3),
        "a7": session(A, at(6, 20, 0), 120), "a8": session(A, at(6, 30, 23), 2), "b1": session(B, at(6, 10), 4),
    }
    skills = [f.SkillFactory() for _ in range(4)]
    s1, s2, s3, s4 = skills
    p = {f"p{n}": f.ParticipantFactory(email=f"p{n}@example.test") for n in range(1, 11)}
    for name in ("p1", "p2", "p3", "p4", "p6", "p7", "p8"):
        f.EnrolmentFactory(participant=p[name], cohort=A)
    f.EnrolmentFactory(participant=p["p1"], cohort=B, status=EnrolmentStatus.applied, enrolled_on=None)
    f.EnrolmentFactory(participant=p["p5"], cohort=A, status=EnrolmentStatus.withdrawn,
                       exclusion_reason=ExclusionReason.serious_illness)
    f.EnrolmentFactory(participant=p["p9"], cohort=B)
    f.EnrolmentFactory(participant=p["p10"], cohort=C)

    assess(p["p1"], s1, 1, 3)
    assess(p["p1"], s2, 2, 3)
    assess(p["p1"], s3, 2, None)
    assess(p["p1"], s4, 2, 4, exit_on=date(2026, 7, 5))
    attend(p["p1"], [s["a1"], s["a5"], s["a6"], s["b1"]])
    attend(p["p1"], [s["a2"]], AttendanceStatus.late)
    attend(p["p1"], [s["a3"]], AttendanceStatus.absent)
    attend(p["p1"], [s["a4"]], AttendanceStatus.excused)

    assess(p["p2"], s1, 3, 2)
    assess(p["p2"], s2, 2, 2)
    attend(p["p2"], [s["a1"], s["a2"]])

    assess(p["p3"], s1, 1, 2, on=None)

    assess(p["p4"], s1, 1, None)
    attend(p["p4"], [s["a1"], s["a8"]])

    assess(p["p5"], s1, 0, 4)
    attend(p["p5"], [s["a1"]])

    assess(p["p6"], s1, 0, 1)
    attend(p["p6"], [s["a7"]])

    assess(p["p7"], s1, 1, 2)
    attend(p["p7"], [s["a7"], s["a1"]])

    for skill, (base, end) in zip((s1, s2, s3), ((1, 1), (2, 2), (0, 1)), strict=True):
        assess(p["p8"], skill, base, end)
    attend(p["p8"], [s["a7"]])

    assess(p["p10"], s1, 0, 2)
    attend(p["p10"], [s["a1"]])  # another cohort's session: counts for p10 (any cohort's sessions)
    return {"cohorts": {"A": A, "B": B, "C": C}, "sessions": s, "participants": p}
