"""A cohort's learnability is kept per app under the outcomes stamp: a warm call reads the stamp only, and every
write to what the figures read (through the ORM or raw SQL) shows on the next call."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.extensions import db
from cohorts.learnability import queries
from cohorts.learnability.queries import cohort_learnability
from tests.cohorts.learnability.world import AS_OF, build


def _fresh(cohort_id: int, as_of: date = AS_OF) -> dict:
    return queries._cohort_figures(cohort_id, as_of)


def test_a_warm_call_reads_the_stamp_only_and_gives_the_fresh_figures(count_queries):
    a = build()["cohorts"]["A"].id
    first = cohort_learnability(a, AS_OF)
    with count_queries() as warm:
        again = cohort_learnability(a, AS_OF)
    assert warm.count == 1 and "outcome_stamps" in warm.statements[0]
    assert again == first == _fresh(a)


def test_each_caller_gets_its_own_copy():
    a = build()["cohorts"]["A"].id
    mine = cohort_learnability(a, AS_OF)
    mine["starters"], mine["bands"]["high"] = -1, -1
    assert cohort_learnability(a, AS_OF) == _fresh(a)


def test_figures_are_kept_per_cohort_and_date():
    w = build()
    a, b = w["cohorts"]["A"].id, w["cohorts"]["B"].id
    assert cohort_learnability(a, AS_OF) != cohort_learnability(b, AS_OF)
    later = date(2026, 7, 5)  # another session and an exit assessment count by then
    assert cohort_learnability(a, later) == _fresh(a, later) != cohort_learnability(a, AS_OF)


#: raw SQL writes to each thing the figures read; each changes cohort A's figures in the world (world.py)
WRITES = {
    "an attendance mark": ("UPDATE attendance SET status = 'absent' WHERE session_id IN "
                           "(SELECT id FROM sessions WHERE cohort_id = :a)"),
    "a session's end": "UPDATE sessions SET ends_at = NULL WHERE cohort_id = :a",  # no end: no time counted
    "an assessed level": "UPDATE skill_assessments SET level = 1 WHERE stage = 'exit'",
    "who started (the start date)": "UPDATE enrolments SET enrolled_on = NULL WHERE cohort_id = :a",
    "who started (an exclusion)": "UPDATE enrolments SET exclusion_reason = 'death' WHERE cohort_id = :a",
    "who is enrolled": "DELETE FROM enrolments WHERE cohort_id = :a AND participant_id = :p1",
}


@pytest.mark.parametrize("write", WRITES)
def test_a_raw_write_to_what_the_figures_read_shows_on_the_next_call(write):
    w = build()
    a, p1 = w["cohorts"]["A"].id, w["participants"]["p1"].id
    before = cohort_learnability(a, AS_OF)
    db.session.execute(sa.text(WRITES[write]), {"a": a, "p1": p1})
    after = cohort_learnability(a, AS_OF)
    assert after == _fresh(a)
    assert after != before, "the write was meant to change the figures"
