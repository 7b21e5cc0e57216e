"""The demo is built directly from models (fast, deterministic), so it could break rules the forms
enforce; a session after its cohort's end once blocked every edit of that cohort. Here each demo
record is checked again through the same rules the services apply."""

from __future__ import annotations

from datetime import time

import pytest
import sqlalchemy as sa

from app.dates import to_local
from app.extensions import db
from cohorts.delivery.scheduling import sessions_outside
from cohorts.design.services import update_cohort
from cohorts.models import Cohort, Enrolment, Placement, placement_term_problems
from cohorts.seed.demo import seed_demo
from employers.models import HiringNeed, HiringNeedStatus


@pytest.fixture
def demo(app):
    seed_demo()
    db.session.expire_all()


def test_every_demo_session_is_inside_its_cohort(demo):
    for cohort in db.session.scalars(sa.select(Cohort)):
        assert sessions_outside(cohort, cohort.starts_on, cohort.ends_on) == [], cohort.code


def test_every_demo_cohort_can_be_saved_as_it_is(demo):
    """Saving a cohort unchanged through the service must pass its checks (dates vs sessions, …)."""
    for cohort in db.session.scalars(sa.select(Cohort)):
        update_cohort(cohort, name=cohort.name)


def test_every_demo_placement_has_terms_the_hire_form_accepts(demo):
    placements = db.session.scalars(sa.select(Placement)).all()
    assert placements
    for placement in placements:
        programme = placement.cohort.programme
        enrolled_on = db.session.scalar(sa.select(Enrolment.enrolled_on).where(
            Enrolment.participant_id == placement.participant_id, Enrolment.cohort_id == placement.cohort_id))
        problems = placement_term_problems(
            start_date=placement.start_date, offer_accepted_on=placement.offer_accepted_on, enrolled_on=enrolled_on,
            hours_per_week=placement.hours_per_week, annual_salary=placement.annual_salary,
            salary_range=(programme.salary_min, programme.salary_max), currency=programme.currency)
        assert problems == [], placement.ref


def test_open_demo_needs_have_places_left(demo):
    """A need still open for matching must not already be over its openings."""
    for need_id, hires in db.session.execute(
        sa.select(Placement.hiring_need_id, sa.func.count(Placement.id))
        .where(Placement.hiring_need_id.is_not(None)).group_by(Placement.hiring_need_id)
    ):
        need = db.session.get(HiringNeed, need_id)
        if need.status == HiringNeedStatus.open:
            assert hires < need.openings, need.ref


def test_the_demo_runs_in_toronto_and_pays_in_canadian_dollars(demo):
    cohort = db.session.scalars(sa.select(Cohort).order_by(Cohort.starts_on)).first()
    assert (cohort.programme.time_zone, cohort.programme.currency) == ("America/Toronto", "CAD")
    assert to_local(cohort.sessions[0].starts_at, "America/Toronto").time() == time(14, 0)
