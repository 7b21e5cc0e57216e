"""The outcome measures, rule by rule, on small hand-computed fixtures (docs/OUTCOMES.md)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cohorts.models import AttendanceStatus, EnrolmentStatus, ExclusionReason, StillEmployed
from cohorts.outcomes.measures import cohort_outcomes
from tests import factories as f
from tests.cohorts.outcomes.builders import LATER, E, cohort, days, enrol, figures, place

# --- starters, exclusions, completers ------------------------------------------------------


def test_starters_exclusions_and_completers():
    c = cohort()
    enrol(c, EnrolmentStatus.enrolled)
    enrol(c, EnrolmentStatus.completed)
    enrol(c, EnrolmentStatus.withdrawn)
    for status in (EnrolmentStatus.applied, EnrolmentStatus.accepted, EnrolmentStatus.not_accepted):
        enrol(c, status)
    enrol(c, EnrolmentStatus.enrolled, enrolled=False)  # never started: no enrolled_on
    enrol(c, EnrolmentStatus.completed, exclusion=ExclusionReason.death)
    enrol(c, EnrolmentStatus.applied, exclusion=ExclusionReason.serious_illness)

    result = figures(c)
    assert result["starters"] == 3
    assert result["excluded"] == 2
    assert result["completers"] == 1
    assert result["completion_rate"] == 0.3333


def test_an_excluded_completer_leaves_every_count_even_when_placed():
    c = cohort()
    excluded = enrol(c, exclusion=ExclusionReason.incarceration)
    place(excluded, c, E + days(10))
    placed = enrol(c)
    place(placed, c, E + days(20))

    result = figures(c)
    assert (result["starters"], result["excluded"], result["job_seeking_completers"]) == (1, 1, 1)
    assert result["placed_180"] == 1
    assert result["placement_rate_180"] == 1.0


def test_completers_not_seeking_work_leave_the_placement_denominator():
    c = cohort()
    resting = enrol(c, job_seeking=False)
    place(resting, c, E + days(5))  # placed, but not job seeking: not counted
    seeker = enrol(c)
    place(seeker, c, E + days(30))
    enrol(c)

    result = figures(c)
    assert result["completers"] == 3
    assert result["job_seeking_completers"] == 2
    assert result["placed_90"] == result["placed_180"] == 1
    assert result["placement_rate_90"] == 0.5


def test_a_placement_before_the_cohort_ends_counts_with_zero_days():
    c = cohort()
    early = enrol(c)
    place(early, c, E - days(10))  # hired during training

    result = figures(c)
    assert result["placed_90"] == 1
    assert result["median_days_to_placement"] == 0


def test_day_180_counts_and_day_181_does_not():
    c = cohort()
    place(enrol(c), c, E + days(90))
    place(enrol(c), c, E + days(91))
    place(enrol(c), c, E + days(180))
    place(enrol(c), c, E + days(181))

    result = figures(c)
    assert result["placed_90"] == 1
    assert result["placed_180"] == 3
    assert result["placement_rate_180"] == 0.75
    assert result["median_days_to_placement"] == 91  # of 90, 91, 180


def test_the_as_of_date_cuts_placements_and_closes_windows():
    c = cohort()
    place(enrol(c), c, E + days(10))
    place(enrol(c), c, E + days(40))

    before = figures(c, as_of=E + days(39))
    assert before["placed_90"] == 1
    assert (before["window_closed_90"], before["window_closed_180"]) == (False, False)

    on_day_90 = figures(c, as_of=E + days(90))
    assert on_day_90["placed_90"] == 2
    assert (on_day_90["window_closed_90"], on_day_90["window_closed_180"]) == (True, False)
    assert figures(c, as_of=E + days(180))["window_closed_180"] is True


def test_first_placement_is_the_earliest_placement_date_then_start_then_ref():
    c = cohort()
    # placement date is the offer date when there is one: B (offer day 10) beats A (start day 20)
    a = enrol(c)
    place(a, c, E + days(20), annual_salary=30000, ref="PL-A1")
    place(a, c, E + days(40), offer=E + days(10), annual_salary=40000, ref="PL-A2")
    # same placement date: the earlier start wins
    b = enrol(c)
    place(b, c, E + days(50), offer=E + days(30), annual_salary=50000, ref="PL-B1")
    place(b, c, E + days(45), offer=E + days(30), annual_salary=60000, ref="PL-B2")
    # same date and start: the lowest ref in string order ("PL-10" < "PL-9")
    d = enrol(c)
    place(d, c, E + days(60), annual_salary=70000, ref="PL-9")
    place(d, c, E + days(60), annual_salary=80000, ref="PL-10")

    result = figures(c)
    assert result["placed_180"] == 3
    assert result["median_days_to_placement"] == 30  # of 10, 30, 60
    assert result["median_salary"] == 60000  # of 40000, 60000, 80000


def test_median_salary_skips_first_placements_without_one_and_may_be_x_5():
    c = cohort()
    place(enrol(c), c, E + days(1), annual_salary=40001)
    place(enrol(c), c, E + days(2), annual_salary=40000)
    place(enrol(c), c, E + days(3), annual_salary=None)

    result = figures(c)
    assert result["median_salary"] == 40000.5
    assert result["median_days_to_placement"] == 2


def test_in_field_counts_any_placement_of_the_participant_within_180_days():
    c = cohort()
    switched = enrol(c)
    place(switched, c, E + days(5), in_field=False)
    place(switched, c, E + days(100), in_field=True)  # not the first, still in field
    late = enrol(c)
    place(late, c, E + days(6), in_field=False)
    place(late, c, E + days(181), in_field=True)  # after the window
    place(enrol(c), c, E + days(7), in_field=True)
    enrol(c)

    assert figures(c)["in_field_rate_180"] == 0.5


def test_retention_unknown_covers_no_check_a_later_check_and_unknown():
    c = cohort()
    as_of = E + days(200)
    starts = {}
    for name, start in [("yes", 1), ("no", 2), ("later", 3), ("none", 4), ("unknown", 5), ("not_due", 150)]:
        person = enrol(c)
        starts[name] = place(person, c, E + days(start))
    f.RetentionCheckFactory(placement=starts["yes"], day_mark=90, still_employed=StillEmployed.yes,
                            checked_on=E + days(95))
    f.RetentionCheckFactory(placement=starts["no"], day_mark=90, still_employed=StillEmployed.no,
                            checked_on=E + days(95))
    f.RetentionCheckFactory(placement=starts["later"], day_mark=90, still_employed=StillEmployed.yes,
                            checked_on=as_of + days(1))
    f.RetentionCheckFactory(placement=starts["unknown"], day_mark=90, still_employed=StillEmployed.unknown)
    # the 180-day check of "yes" says no: only the 90-day figure reads the 90-day check
    f.RetentionCheckFactory(placement=starts["yes"], day_mark=180, still_employed=StillEmployed.no,
                            checked_on=E + days(190))

    result = figures(c, as_of=as_of)
    assert result["retention_90"] == {"due": 5, "retained": 1, "not_retained": 1, "unknown": 3, "rate": 0.2}
    # start + 180 ≤ day 200 only for starts on days 1 … 5 … 20: five due, one says no
    assert result["retention_180"] == {"due": 5, "retained": 0, "not_retained": 1, "unknown": 4, "rate": 0.0}


def test_retention_reads_the_first_placement_only():
    c = cohort()
    person = enrol(c)
    first = place(person, c, E + days(1))
    second = place(person, c, E + days(2))
    f.RetentionCheckFactory(placement=second, day_mark=90, still_employed=StillEmployed.yes,
                            checked_on=E + days(100))
    assert figures(c)["retention_90"]["unknown"] == 1
    f.RetentionCheckFactory(placement=first, day_mark=90, still_employed=StillEmployed.yes,
                            checked_on=E + days(100))
    assert figures(c)["retention_90"] == {"due": 1, "retained": 1, "not_retained": 0, "unknown": 0, "rate": 1.0}


def test_attendance_leaves_out_excused_non_starters_and_later_sessions():
    c = cohort()
    as_of = date(2026, 2, 10)
    starter = enrol(c, EnrolmentStatus.enrolled)
    gone = enrol(c, EnrolmentStatus.withdrawn)
    applicant = enrol(c, EnrolmentStatus.applied)

    def session(at: datetime):
        return f.CohortSessionFactory(cohort=c, starts_at=at, ends_at=at + timedelta(hours=1))

    last_minute = session(datetime(2026, 2, 10, 23, 30, tzinfo=UTC))  # as-of's UTC date: counts
    next_day = session(datetime(2026, 2, 11, 0, 30, tzinfo=UTC))  # the next UTC date: not yet
    earlier = [session(datetime(2026, 2, day, 9, tzinfo=UTC)) for day in (2, 3, 4)]
    statuses = [AttendanceStatus.present, AttendanceStatus.late, AttendanceStatus.absent]
    for s, status in zip(earlier, statuses):
        f.AttendanceFactory(session=s, participant=starter, status=status)
    f.AttendanceFactory(session=last_minute, participant=starter, status=AttendanceStatus.excused)
    f.AttendanceFactory(session=last_minute, participant=gone, status=AttendanceStatus.absent)
    f.AttendanceFactory(session=next_day, participant=starter, status=AttendanceStatus.absent)
    f.AttendanceFactory(session=earlier[0], participant=applicant, status=AttendanceStatus.absent)

    # present + late = 2 over present + late + absent = 4 (the withdrawn starter's absence counts)
    assert figures(c, as_of=as_of)["attendance_rate"] == 0.5


def test_attendance_leaves_out_rows_of_people_not_starting_the_sessions_cohort():
    # rows the workbook import can load: people enrolled elsewhere or nowhere, excluded starters
    c, other = cohort(), cohort("OTHER-01")
    starter = enrol(c, EnrolmentStatus.completed)
    excluded = enrol(c, exclusion=ExclusionReason.death)
    not_started = enrol(c, enrolled=False)
    elsewhere = enrol(other, EnrolmentStatus.completed)
    nowhere = f.ParticipantFactory()
    sessions = [f.CohortSessionFactory(cohort=c, starts_at=datetime(2026, 2, day, 9, tzinfo=UTC))
                for day in (2, 3)]
    f.AttendanceFactory(session=sessions[0], participant=starter, status=AttendanceStatus.present)
    f.AttendanceFactory(session=sessions[1], participant=starter, status=AttendanceStatus.absent)
    for person in (excluded, not_started, elsewhere, nowhere):
        for s in sessions:
            f.AttendanceFactory(session=s, participant=person, status=AttendanceStatus.present)
    result = cohort_outcomes(date(2026, 3, 1), [c.code, other.code])
    assert result["cohorts"][c.code]["attendance_rate"] == 0.5
    assert result["cohorts"][other.code]["attendance_rate"] is None
    assert result["programme"]["attendance_rate"] == 0.5


def test_co_delivery_share_counts_every_session_whatever_its_date():
    c = cohort()
    partner = f.EmployerFactory()
    f.CohortSessionFactory(cohort=c, employer=partner, starts_at=datetime(2030, 1, 1, tzinfo=UTC),
                           ends_at=datetime(2030, 1, 1, 2, tzinfo=UTC))
    for _ in range(3):
        f.CohortSessionFactory(cohort=c)
    assert figures(c, as_of=date(2026, 1, 1))["co_delivery_share"] == 0.25


def test_openings_filled_is_capped_per_hiring_need():
    c, other = cohort(), cohort("T-02")
    small = f.HiringNeedFactory(openings=2)
    large = f.HiringNeedFactory(openings=3)
    f.CohortHiringNeedFactory(cohort=c, hiring_need=small)
    f.CohortHiringNeedFactory(cohort=c, hiring_need=large)
    for _ in range(3):  # three hires for two openings: two filled
        place(enrol(c), c, E + days(10), hiring_need=small, employer=small.employer)
    place(enrol(c, EnrolmentStatus.withdrawn), c, E + days(10), hiring_need=large, employer=large.employer)
    place(enrol(c), c, LATER + days(1), hiring_need=large, employer=large.employer)  # after as-of
    place(enrol(other), other, E + days(10), hiring_need=large, employer=large.employer)  # other cohort

    result = figures(c)
    assert (result["openings"], result["openings_filled"], result["fill_rate"]) == (5, 3, 0.6)


def test_repeat_partners_place_from_two_cohorts():
    c1, c2 = cohort("T-01"), cohort("T-02")
    x, y, z = f.EmployerFactory(), f.EmployerFactory(), f.EmployerFactory()
    place(enrol(c1), c1, E + days(10), employer=x)
    place(enrol(c2), c2, E + days(10), employer=x)
    place(enrol(c1), c1, E + days(10), employer=y)
    place(enrol(c1), c1, E + days(20), employer=y)
    place(enrol(c2), c2, LATER + days(5), employer=z)  # after as-of: not a partner yet
    applicant = enrol(c2, EnrolmentStatus.applied)
    place(applicant, c2, E + days(30), employer=y)  # any participant's placement counts

    both = cohort_outcomes(LATER, ["T-01", "T-02"])["programme"]
    assert (both["hiring_partners"], both["repeat_partners"], both["repeat_employer_rate"]) == (2, 2, 1.0)
    one = cohort_outcomes(LATER, ["T-01"])["programme"]
    assert (one["hiring_partners"], one["repeat_partners"], one["repeat_employer_rate"]) == (2, 0, 0.0)


def test_programme_rates_are_recomputed_from_summed_counts():
    c1, c2 = cohort("T-01"), cohort("T-02", ends_on=E + days(7))
    place(enrol(c1), c1, E + days(10))  # 1 of 1: rate 1.0, 10 days
    place(enrol(c2), c2, E + days(7 + 21))  # 1 of 3: rate 0.3333, 21 days
    enrol(c2), enrol(c2)

    result = cohort_outcomes(LATER, ["T-01", "T-02"])
    assert result["cohorts"]["T-01"]["placement_rate_180"] == 1.0
    assert result["cohorts"]["T-02"]["placement_rate_180"] == 0.3333
    programme = result["programme"]
    assert programme["placement_rate_180"] == 0.5  # 2 / 4, not the mean 0.6667
    assert programme["job_seeking_completers"] == 4
    assert programme["median_days_to_placement"] == 15.5  # pooled 10 and 21


def test_programme_window_flags_need_every_cohort_closed():
    cohort("T-01")
    cohort("T-02", ends_on=E + days(60))
    programme = cohort_outcomes(E + days(100), ["T-01", "T-02"])["programme"]
    assert programme["window_closed_90"] is False
    assert cohort_outcomes(E + days(150), ["T-01", "T-02"])["programme"]["window_closed_90"] is True
