"""spec/open-data.md §2: for each rule, a data set that would break it and the package that does not."""

from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
from hypothesis import given
from hypothesis import strategies as st

from app.db import utcnow
from cohorts.opendata import disclosure
from cohorts.opendata.disclosure import Measure
from cohorts.opendata.services import build_package, package_tables
from tests import factories
from tests.cohorts.opendata.helpers import AS_OF, assessed, needs, rows, starters


def _package_text(archive: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(archive)) as package:
        return "\n".join(package.read(name).decode("utf-8") for name in package.namelist())


# --- rule 1: no direct identifiers ----------------------------------------------------------

def test_rule1_no_names_emails_phones_ids_dates_or_employer_names(db):
    skill = factories.SkillFactory(label="Negotiation")
    people = assessed(skill, 12, first_name="Zebedee", last_name="Quuxworth", phone="+1 555 0199")
    needs(skill, [2, 2, 2], employer_name="Secretive Widgets")
    starters(12)
    db.session.flush()
    text = _package_text(build_package(AS_OF).archive)
    assert "Negotiation" in text  # the data set is in the package…
    for secret in ("Zebedee", "Quuxworth", "555 0199", "@example.test", "Secretive Widgets", "Employer "):
        assert secret not in text  # …but nobody in it is
    assert not re.search(r"\b\d{4}-\d{2}-\d{2}\b", text.split('"resources"')[1].split('"created"')[0])
    for frame in package_tables(AS_OF).values():
        assert not [c for c in frame.columns if c.endswith("_id") or c.startswith("n_") or c in ("person", "top_share")]
    assert str(people[0].id) not in {str(v) for v in rows(package_tables(AS_OF), "supply")[0].values()} - {"10"}


def test_strip_identifiers_keeps_only_published_columns():
    frame = pd.DataFrame({"quarter": ["2026-Q2"], "person": [7], "n_x": [12], "x": [1]})
    assert list(disclosure.strip_identifiers(frame, ["quarter", "x"]).columns) == ["quarter", "x"]


# --- rule 2: thresholds k = 10 people, 3 employers -------------------------------------------

def test_rule2_nine_people_are_not_published_ten_are(db):
    few, enough = factories.SkillFactory(label="Few people"), factories.SkillFactory(label="Enough people")
    assessed(few, 9)
    assessed(enough, 10)
    db.session.flush()
    supply = {row["skill"]: row for row in rows(package_tables(AS_OF), "supply")}
    assert "Few people" not in supply
    assert supply["Enough people"]["people_assessed"] == 10
    assert supply["Enough people"]["suppressed"] == "no"


def test_rule2_a_statistic_over_fewer_than_ten_people_is_emptied(db):
    skill = factories.SkillFactory(label="Half assessed")
    assessed(skill, 12, baselines=4)  # the mean gain would rest on 4 people
    db.session.flush()
    [row] = rows(package_tables(AS_OF), "supply")
    assert row["people_assessed"] == 10 and row["mean_exit_level"] == 3.0
    assert row["mean_gain"] is None
    assert row["suppressed"] == "yes"


def test_rule2_demand_from_two_employers_is_not_published(db):
    skill = factories.SkillFactory(label="Two employers")
    needs(skill, [3, 3])
    db.session.flush()
    assert rows(package_tables(AS_OF), "demand") == []


def test_rule2_starters_below_ten_are_not_published(db):
    starters(9, programme_name="Tiny")
    starters(11, programme_name="Big enough")
    db.session.flush()
    outcomes = {row["programme"]: row for row in rows(package_tables(AS_OF), "outcomes")}
    assert "Tiny" not in outcomes
    assert outcomes["Big enough"]["starters"] == 10 and outcomes["Big enough"]["completers"] == 10


# --- rule 3: dominance -------------------------------------------------------------------------

def test_rule3_one_employer_holding_most_openings_hides_the_openings(db):
    dominated, spread = factories.SkillFactory(label="Dominated"), factories.SkillFactory(label="Spread")
    needs(dominated, [6, 1, 1])  # one employer: 75 % of the openings
    needs(spread, [2, 2, 2])
    db.session.flush()
    demand = {row["skill"]: row for row in rows(package_tables(AS_OF), "demand")}
    assert demand["Dominated"]["openings"] is None and demand["Dominated"]["must_share"] is None
    assert demand["Dominated"]["employers"] == 3 and demand["Dominated"]["suppressed"] == "yes"
    assert demand["Spread"] == {"quarter": "2026-Q2", "region": "Toronto", "skill": "Spread", "openings": 6,
                                "employers": 3, "must_share": 1.0, "suppressed": "no"}


# --- rule 4: secondary suppression ---------------------------------------------------------------

def test_rule4_no_totals_and_no_fully_suppressed_rows(db):
    shown, hidden = factories.SkillFactory(label="Shown"), factories.SkillFactory(label="Hidden")
    assessed(shown, 11)
    assessed(hidden, 3)  # with a total of 14, 14 − 11 would give the hidden 3 away
    db.session.flush()
    supply = rows(package_tables(AS_OF), "supply")
    assert [row["skill"] for row in supply] == ["Shown"]
    for frame in package_tables(AS_OF).values():
        for column in frame.columns:
            assert not frame[column].astype(str).str.lower().isin(["total", "all", "sum"]).any()


def test_drop_fully_suppressed_keeps_partly_suppressed_rows():
    measures = [Measure("a", "people", "count"), Measure("b", "people", "statistic")]
    frame = pd.DataFrame({"a": [None, 10, None], "b": [None, None, 1.5]})
    assert disclosure.drop_fully_suppressed(frame, measures).index.tolist() == [1, 2]


# --- rule 5: rounding ------------------------------------------------------------------------------

def test_rule5_counts_rounded_to_five_and_means_to_two_decimals(db):
    skill = factories.SkillFactory(label="Rounded")
    assessed(skill, 12, exit_level=2)
    assessed(skill, 1, exit_level=3)  # 13 people, mean exit 27 / 13 = 2.0769…
    db.session.flush()
    [row] = [r for r in rows(package_tables(AS_OF), "supply") if r["skill"] == "Rounded"]
    assert row["people_assessed"] == 15
    assert row["mean_exit_level"] == 2.08


def test_round_people_count_never_turns_a_real_count_into_zero():
    assert [disclosure.round_people_count(v) for v in (0, 1, 2, 3, 7, 12, 13)] == [0, 5, 5, 5, 5, 10, 15]
    assert disclosure.round_statistic(0.125) == 0.13 and disclosure.round_statistic(-1.005) == -1.0


@given(st.integers(min_value=0, max_value=10**6))
def test_rounded_counts_are_multiples_of_five_within_2_5(count):
    rounded = disclosure.round_people_count(count)
    assert rounded % 5 == 0 and abs(rounded - count) <= 4
    assert (rounded == 0) == (count == 0)


# --- rule 6: erased people ------------------------------------------------------------------------

def test_rule6_erased_people_contribute_to_no_cell(db):
    skill = factories.SkillFactory(label="After erasure")
    people = assessed(skill, 10)
    cohort = starters(10)
    db.session.flush()
    assert rows(package_tables(AS_OF), "supply") and rows(package_tables(AS_OF), "outcomes")
    people[0].anonymised_at = utcnow()
    cohort.enrolments[0].participant.anonymised_at = utcnow()
    db.session.flush()
    assert rows(package_tables(AS_OF), "supply") == []  # 9 people left: below the threshold
    assert rows(package_tables(AS_OF), "outcomes") == []
    assert disclosure.exclude_erased(pd.DataFrame({"person": [1, 2]}), {2})["person"].tolist() == [1]
