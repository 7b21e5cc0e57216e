"""The one implementation of spec/learnability.md, as pure functions over plain rows.

Learnability is how fast a person turns training time into skill: the mean skill gain (baseline →
exit, levels 0–4) per week of training attended, a week being 30 hours. Every page, the PDF, the API
and `flask learnability` take their figures from here; `queries.py` only loads the rows.

The arithmetic is exact: session lengths are whole microseconds, gains whole levels, so every figure
is a Fraction until `exact_number` rounds it once, half to even at 4 places. The spec's sizes (a
cohort's starters; the CLI over every participant: a million attendance rows at national scale) call
for one pass over the rows with dictionaries, not a dataframe.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from fractions import Fraction
from typing import NamedTuple

#: hours in a week of training
WEEK_HOURS = 30
#: the attendance statuses that count as time in training (late counts in full)
ATTENDED = ("present", "late")
#: band names from the lowest; a value at a bound belongs to the band above it
BANDS = ("low", "medium", "high")
#: the lower bounds of medium and high
BAND_FLOORS = (Fraction(1, 10), Fraction(1, 4))
#: the participant figures, in the spec's JSON order
PARTICIPANT_KEYS = ("skills", "mean_gain", "attended_hours", "learnability", "band")
#: the cohort figures, in the spec's JSON order
COHORT_KEYS = ("starters", "assessed", "median", "mean", "bands")

_MICROSECONDS_PER_HOUR = 3_600_000_000


class Assessment(NamedTuple):
    """One skill assessment of a participant (stage "baseline" or "exit")."""

    participant_id: int
    skill_id: int
    stage: str
    level: int
    assessed_on: date | None


class Session(NamedTuple):
    """One training session: its cohort and its times (aware UTC; no end → counts 0 hours)."""

    id: int
    cohort_id: int
    starts_at: datetime
    ends_at: datetime | None


class Attendance(NamedTuple):
    """One attendance row: who, which session, what was recorded."""

    participant_id: int
    session_id: int
    status: str


class Gain(NamedTuple):
    """A participant's assessed skills and the sum of their gains (exit − baseline)."""

    skills: int
    total: int


# --- numbers --------------------------------------------------------------------------------


def exact_number(value: Fraction | int | None) -> float | None:
    """An exact value rounded half to even at 4 places, as a JSON number; None stays None."""
    if value is None:
        return None
    # Python rounds a Fraction exactly, half to even
    return float(round(Fraction(value), 4))


def session_date(starts_at: datetime) -> date:
    """A session's date: the UTC calendar date of its start (as the outcome measures count it)."""
    return starts_at.astimezone(UTC).date() if starts_at.tzinfo else starts_at.date()


def session_length(session: Session) -> int:
    """The session's length in microseconds; 0 without an end."""
    if session.ends_at is None:
        return 0
    delta = session.ends_at - session.starts_at
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


# --- the rows → per person ----------------------------------------------------------------------


def skill_gains(assessments: Iterable[Assessment], as_of: date) -> dict[int, Gain]:
    """Per participant: skills with both a baseline and an exit dated ≤ as_of (or undated), and their gain."""
    levels: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    for row in assessments:
        if row.assessed_on is None or row.assessed_on <= as_of:
            levels[row.participant_id, row.skill_id][str(row.stage)] = row.level
    skills: dict[int, int] = defaultdict(int)
    totals: dict[int, int] = defaultdict(int)
    for (participant_id, _skill_id), stages in levels.items():
        if "baseline" in stages and "exit" in stages:
            skills[participant_id] += 1
            totals[participant_id] += stages["exit"] - stages["baseline"]
    return {pid: Gain(skills[pid], totals[pid]) for pid in skills}


def attended_time(sessions: Iterable[Session], attendance: Iterable[Attendance],
                  as_of: date) -> dict[tuple[int, int], int]:
    """Microseconds attended per (cohort id, participant id): present or late, sessions dated ≤ as_of."""
    lengths = {s.id: (s.cohort_id, session_length(s)) for s in sessions if session_date(s.starts_at) <= as_of}
    time: dict[tuple[int, int], int] = defaultdict(int)
    for row in attendance:
        if str(row.status) in ATTENDED and row.session_id in lengths:
            cohort_id, length = lengths[row.session_id]
            time[cohort_id, row.participant_id] += length
    return dict(time)


def total_time(by_cohort: Mapping[tuple[int, int], int]) -> dict[int, int]:
    """Microseconds attended per participant, every cohort's sessions together."""
    totals: dict[int, int] = defaultdict(int)
    for (_cohort_id, participant_id), length in by_cohort.items():
        totals[participant_id] += length
    return dict(totals)


# --- the figures --------------------------------------------------------------------------------


def learnability_value(gain: Gain | None, attended_us: int) -> Fraction | None:
    """mean gain / (attended hours / 30), exact; None without assessed skills or attended time."""
    if gain is None or not gain.skills or not attended_us:
        return None
    return Fraction(gain.total * WEEK_HOURS * _MICROSECONDS_PER_HOUR, gain.skills * attended_us)


def band(value: Fraction | None) -> str | None:
    """low below 0.1, medium from 0.1 to below 0.25, high from 0.25; None when undefined (exact value)."""
    if value is None:
        return None
    return BANDS[sum(value >= floor for floor in BAND_FLOORS)]


def participant_figures(gain: Gain | None, attended_us: int) -> dict:
    """The spec's participant object: skills, mean_gain, attended_hours, learnability, band."""
    value = learnability_value(gain, attended_us)
    skills = gain.skills if gain else 0
    return {
        "skills": skills,
        "mean_gain": exact_number(Fraction(gain.total, gain.skills)) if skills else None,
        "attended_hours": exact_number(Fraction(attended_us, _MICROSECONDS_PER_HOUR)),
        "learnability": exact_number(value),
        "band": band(value),
    }


def median(values: Sequence[Fraction]) -> Fraction | None:
    """The median (the mean of the middle two for an even count), exact; None if empty."""
    ordered = sorted(values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def cohort_figures(values: Sequence[Fraction | None]) -> dict:
    """The spec's cohort object over the starters' cohort learnability (one value or None each)."""
    known = [v for v in values if v is not None]
    bands = dict.fromkeys(BANDS, 0)
    for value in known:
        bands[band(value)] += 1
    return {
        "starters": len(values),
        "assessed": len(known),
        "median": exact_number(median(known)),
        "mean": exact_number(Fraction(sum(known), len(known))) if known else None,
        "bands": bands,
    }


def cohort_values(starters: Iterable[int], cohort_id: int, gains: Mapping[int, Gain],
                  by_cohort: Mapping[tuple[int, int], int]) -> list[Fraction | None]:
    """Each starter's learnability with attendance at the cohort's sessions only (all their assessments)."""
    return [learnability_value(gains.get(pid), by_cohort.get((cohort_id, pid), 0)) for pid in starters]
