"""The features: the training rows and label of docs/OUTCOMES.md, no leakage, no protected characteristic."""

from __future__ import annotations

import re
from datetime import timedelta

import pandas as pd
import sqlalchemy as sa

from cohorts.coaching.features import FEATURES, History, categorise, feature_frame, referral_route, training_rows
from cohorts.models import EnrolmentStatus, EqualityMonitoring
from tests.cohorts.coaching.helpers import TODAY, closed_cohort, coach, completer
from tests.factories import EnrolmentFactory, PlacementFactory

PROTECTED = {"age", "gender", "sex", "disability", "disabled", "ethnicity", "ethnic", "race", "religion", "belief",
             "pregnancy", "maternity", "marital", "marriage", "orientation", "nationality", "birth", "band"}


def test_no_protected_characteristic_is_a_feature():
    words = {word for feature in FEATURES for word in re.split(r"[_\W]+", feature.lower())}
    assert not words & PROTECTED
    equality_columns = {c.name for c in EqualityMonitoring.__table__.columns} - {"id", "participant_id"}
    assert not equality_columns & set(FEATURES)


def test_the_label_is_placed_within_180_days_of_the_cohort_end(db):
    cohort, someone = closed_cohort(), coach("Software")
    on_day_180 = completer(cohort, someone, placed_after_end=180)
    on_day_181 = completer(cohort, someone, placed_after_end=181)
    never = completer(cohort, someone)
    before_the_end = completer(cohort, someone, placed_after_end=-10)
    voided = completer(cohort, someone, placed_after_end=5)
    voided.placements[0].voided_at = voided.placements[0].created_at
    not_seeking = completer(cohort, someone, placed_after_end=5)
    not_seeking.enrolments[0].job_seeking = False
    withdrawn = EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.withdrawn, participant__coach=someone)
    PlacementFactory(participant=withdrawn.participant, cohort=cohort)
    open_window = closed_cohort(ended_days_ago=100)
    completer(open_window, someone, placed_after_end=5)
    db.session.flush()

    rows = training_rows(TODAY).set_index("participant_id")["placed"].to_dict()
    assert rows == {on_day_180.id: 1, on_day_181.id: 0, never.id: 0, before_the_end.id: 1, voided.id: 0}


def test_the_similar_participants_rate_leaves_each_persons_own_label_out(db):
    rows = pd.DataFrame({"coach_id": [1, 1, 1, 1], "programme_id": [7, 7, 7, 7], "placed": [1, 1, 0, 0]})
    history = History.of(rows)
    assert history.similar(1, 7) == (4, 2)
    from cohorts.coaching.features import similar_rate

    out = similar_rate(rows, history, leave_one_out=True)
    assert list(out["similar_n"]) == [3, 3, 3, 3]
    assert list(out["similar_placed"]) == [1, 1, 2, 2]  # a placed person's own placement is not counted
    placed_rate, unplaced_rate = out["coach_similar_rate"].iloc[0], out["coach_similar_rate"].iloc[2]
    assert placed_rate < unplaced_rate  # so the feature cannot simply restate the label


def test_keywords_and_routes_are_a_small_transparent_map():
    flags = categorise(pd.Series(["Long commute by transit", "Single parent, limited childcare", ""]), "barrier")
    assert flags.loc[0, "barrier_transport"] == 1 and flags.loc[1, "barrier_caring"] == 1
    assert flags.loc[2].sum() == 0
    assert referral_route(None, "Employment Ontario") == "jobcentre"
    assert referral_route(None, "Word of mouth") == "word_of_mouth"
    assert referral_route("charity", "anything") == "charity"
    assert referral_route(None, "") == "none"


def test_features_are_built_from_bounded_queries(db, count_queries):
    cohort, someone = closed_cohort(), coach("Software")
    for k in range(30):
        completer(cohort, someone, placed_after_end=10 if k % 2 else None, barriers="No laptop at home")
    db.session.flush()
    with count_queries() as queries:
        rows = training_rows(TODAY)
    assert queries.count <= 6
    frame = feature_frame(rows, History.of(rows), leave_one_out=True)
    assert list(frame.columns[: len(FEATURES)]) == FEATURES
    assert frame["barrier_digital"].eq(1).all() and frame["coach_knows_sector"].eq(1).all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EqualityMonitoring)) == 0
    assert cohort.ends_on + timedelta(days=180) <= TODAY
