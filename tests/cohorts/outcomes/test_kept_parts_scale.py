"""The kept figures on a seed-scale programme: `flask outcomes` prints byte for byte what the figures
computed from the rows print, before, during and after the cohorts' windows, cold and warm, and
after writes to a few cohorts."""

from __future__ import annotations

import json
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from cohorts.models import Cohort, Enrolment, EnrolmentStatus, Placement
from cohorts.outcomes.measures import direct_outcomes, outcomes_with_series
from cohorts.outcomes.tables import render_csv, render_table
from cohorts.seed.scale import seed_scale

TODAY = date(2025, 3, 12)
PARTICIPANTS = 3_000
RENDER = {"json": lambda r: json.dumps(r) + "\n", "csv": render_csv, "table": lambda r: render_table(r) + "\n"}


def _cli(runner, fmt: str, as_of: date, codes=()) -> str:
    args = ["outcomes", "--format", fmt, "--as-of", as_of.isoformat()]
    for code in codes:
        args += ["--cohort", code]
    return runner.invoke(args=args).output


def test_seed_scale_figures_are_byte_identical_kept_or_computed(app):
    seed_scale(PARTICIPANTS, seed=3, today=TODAY)
    runner = app.test_cli_runner()
    ends = sorted(db.session.scalars(sa.select(Cohort.ends_on)))
    dates = [ends[0] - timedelta(days=30), ends[len(ends) // 2], ends[-1] + timedelta(days=90), TODAY,
             ends[-1] + timedelta(days=600)]
    for as_of in dates:
        direct = direct_outcomes(as_of)[0]
        for _ in ("cold", "warm"):
            for fmt, render in RENDER.items():
                assert _cli(runner, fmt, as_of) == render(direct)
    some = sorted(db.session.scalars(sa.select(Cohort.code)))[:4]
    assert _cli(runner, "json", TODAY, some) == RENDER["json"](direct_outcomes(TODAY, some)[0])

    # writes to two cohorts: only theirs are computed again, and the figures follow
    placement = db.session.scalars(sa.select(Placement).where(Placement.voided_at.is_(None))
                                   .order_by(Placement.id)).first()
    placement.annual_salary = (placement.annual_salary or 30_000) + 7_000
    enrolment = db.session.scalars(sa.select(Enrolment).where(Enrolment.cohort_id != placement.cohort_id)
                                   .order_by(Enrolment.id)).first()
    enrolment.status = EnrolmentStatus.withdrawn
    db.session.flush()
    for as_of in dates:
        kept, kept_series = outcomes_with_series(as_of)
        direct, direct_series = direct_outcomes(as_of)
        assert json.dumps(kept) == json.dumps(direct)
        assert kept_series == direct_series
