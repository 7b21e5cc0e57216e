"""PDF reports: a cohort's outcomes, the programme, a participant's record.

Each report gathers its data in a fixed number of queries, reusing the one implementation of
the measures (cohorts.outcomes.measures) and the dashboards' charts (cohorts.outcomes.charts), then
renders a print template under templates/reports/ with WeasyPrint (app.reporting.html_to_pdf).
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import render_template
from sqlalchemy.orm import joinedload, selectinload

from app.charts import PURPLE, column_chart
from app.dates import local_today
from app.extensions import db
from app.reporting import html_to_pdf
from cohorts.delivery.assessments import mean_gain, skill_progress
from cohorts.delivery.queries import my_attendance
from cohorts.design import queries as design_queries
from cohorts.design.curriculum import aggregate_demand, coverage_matrix
from cohorts.learnability.queries import cohort_learnability
from cohorts.models import (
    Candidacy,
    Cohort,
    CohortSession,
    ConsortiumMember,
    Enrolment,
    EnrolmentStatus,
    Module,
    Participant,
    Placement,
)
from cohorts.outcomes.charts import outcome_charts
from cohorts.outcomes.measures import outcomes_with_series
from cohorts.placements.queries import employer_sees
from employers.models import Employer


class UnknownParticipantError(LookupError):
    """An email that names no (non-anonymised) participant."""


# --- lookups the CLI and routes share ------------------------------------------------------------


def cohort_by_code(code: str) -> Cohort | None:
    return db.session.scalar(sa.select(Cohort).options(joinedload(Cohort.programme)).where(Cohort.code == code))


def participant_by_email(email: str) -> Participant:
    participant = db.session.scalar(sa.select(Participant).where(
        sa.func.lower(Participant.email) == email.strip().lower(), Participant.anonymised_at.is_(None)))
    if participant is None:
        raise UnknownParticipantError(f"No participant with the email {email!r}.")
    return participant


# --- the cohort outcome report ---------------------------------------------------------------


def _cohort_placements(cohort_id: int) -> list[Placement]:
    return list(db.session.scalars(
        sa.select(Placement)
        .options(joinedload(Placement.participant), joinedload(Placement.employer),
                 selectinload(Placement.retention_checks))
        .where(Placement.cohort_id == cohort_id, Placement.voided_at.is_(None))
        .order_by(Placement.start_date, Placement.ref)
    ))


def _co_delivery(cohort_id: int) -> list[dict[str, Any]]:
    """Each consortium employer's commitments beside the sessions it co-delivers (two queries)."""
    members = db.session.scalars(
        sa.select(ConsortiumMember).options(joinedload(ConsortiumMember.employer))
        .where(ConsortiumMember.cohort_id == cohort_id)
    ).all()
    delivered = dict(db.session.execute(
        sa.select(CohortSession.employer_id, sa.func.count())
        .where(CohortSession.cohort_id == cohort_id, CohortSession.employer_id.is_not(None))
        .group_by(CohortSession.employer_id)
    ).all())
    rows = [{"employer": m.employer.name, "committed": m.co_delivery_sessions,
             "interviews": m.interviews_guaranteed, "delivered": delivered.pop(m.employer_id, 0)}
            for m in members]
    if delivered:  # co-delivering employers outside the consortium
        names = dict(db.session.execute(sa.select(Employer.id, Employer.name).where(Employer.id.in_(delivered))).all())
        rows += [{"employer": names[eid], "committed": None, "interviews": None, "delivered": n}
                 for eid, n in delivered.items()]
    return sorted(rows, key=lambda r: r["employer"])


def _employer_candidates(cohort_id: int, employer_id: int) -> list[Candidacy]:
    """The employer's own candidates from this cohort: introduced to it, still consenting."""
    return list(db.session.scalars(
        sa.select(Candidacy)
        .options(joinedload(Candidacy.participant), joinedload(Candidacy.hiring_need))
        .where(Candidacy.cohort_id == cohort_id, employer_sees(employer_id))
        .order_by(Candidacy.stage_changed_at.desc(), Candidacy.id)
    ))


def cohort_report_context(cohort: Cohort, as_of: date, *, employer_id: int | None = None) -> dict[str, Any]:
    """Everything the cohort report shows; ``employer_id`` gives the hiring partner's aggregate-only variant."""
    result, series = outcomes_with_series(as_of, [cohort.code])
    figures = result["cohorts"][cohort.code]
    demand = aggregate_demand(design_queries.need_inputs(cohort))
    modules = design_queries.curriculum(design_queries.cohort_modules(cohort.id))
    context = {
        "cohort": cohort, "as_of": as_of, "result": result, "figures": figures,
        "charts": outcome_charts(figures, series, partners=False),
        "co_delivery": _co_delivery(cohort.id), "coverage": coverage_matrix(demand, modules),
        "employer": db.session.get(Employer, employer_id) if employer_id else None,
    }
    if employer_id is None:
        context["placements"] = _cohort_placements(cohort.id)
        context["learnability"] = cohort_learnability(cohort.id, as_of)  # staff edition only
    else:
        context["candidates"] = _employer_candidates(cohort.id, employer_id)
    return context


def render_cohort_report(cohort: Cohort, as_of: date, *, employer_id: int | None = None) -> bytes:
    return html_to_pdf(render_template("reports/cohort.html", **cohort_report_context(
        cohort, as_of, employer_id=employer_id)))


# --- the programme report --------------------------------------------------------------------


def _repeat_partners(as_of: date) -> list[dict[str, Any]]:
    """Employers hiring from two or more cohorts (placements dated ≤ as-of), most cohorts first."""
    placed_on = sa.func.coalesce(Placement.offer_accepted_on, Placement.start_date)
    cohorts = sa.func.count(sa.distinct(Placement.cohort_id))
    rows = db.session.execute(
        sa.select(Employer.name, cohorts, sa.func.count(Placement.id))
        .join(Employer, Employer.id == Placement.employer_id)
        .where(placed_on <= as_of, Placement.voided_at.is_(None))
        .group_by(Employer.id, Employer.name)
        .having(cohorts >= 2)
        .order_by(cohorts.desc(), Employer.name)
    ).all()
    return [{"employer": name, "cohorts": n, "placements": total} for name, n, total in rows]


def programme_report_context(as_of: date) -> dict[str, Any]:
    result, series = outcomes_with_series(as_of)
    cohorts = db.session.scalars(
        sa.select(Cohort).options(joinedload(Cohort.programme)).order_by(Cohort.starts_on, Cohort.code)
    ).all()
    charts = outcome_charts(result["programme"], series)
    charts["trend"] = column_chart(
        [(c.code, round((result["cohorts"][c.code]["placement_rate_180"] or 0) * 100, 1)) for c in cohorts],
        "Placement rate within 180 days by cohort (%), in start order",
        category_label="Cohort, in start order", value_label="Placed within 180 days (%)", colour=PURPLE,
    )
    return {"as_of": as_of, "result": result, "cohorts": cohorts, "charts": charts,
            "repeat_partners": _repeat_partners(as_of)}


def render_programme_report(as_of: date) -> bytes:
    return html_to_pdf(render_template("reports/programme.html", **programme_report_context(as_of)))


# --- the participant record ----------------------------------------------------------------


def participant_record_context(participant: Participant, today: date) -> dict[str, Any]:
    enrolments = db.session.scalars(
        sa.select(Enrolment)
        .options(joinedload(Enrolment.cohort).joinedload(Cohort.programme))
        .where(Enrolment.participant_id == participant.id)
        .order_by(Enrolment.id)
    ).all()
    hours = dict(db.session.execute(
        sa.select(Module.cohort_id, sa.func.sum(Module.hours))
        .where(Module.cohort_id.in_([e.cohort_id for e in enrolments])).group_by(Module.cohort_id)
    ).all()) if enrolments else {}
    progress = skill_progress(participant)
    attendance = my_attendance(participant.id, today)
    return {
        "participant": participant, "today": today, "enrolments": enrolments,
        "attendance": attendance["rows"], "rates": {c.id: r for c, r in attendance["rates"]},
        "progress": progress, "mean_gain": mean_gain(progress), "hours": hours,
        "certificates": [e for e in enrolments if e.status == EnrolmentStatus.completed],
    }


def render_participant_record(participant: Participant, today: date | None = None) -> bytes:
    context = participant_record_context(participant, today or local_today())
    return html_to_pdf(render_template("reports/participant.html", **context))


def safe_filename(text: str) -> str:
    """A download name made of letters, digits, dashes and dots only."""
    return "".join(ch if ch.isalnum() or ch in "-." else "-" for ch in text).strip("-") or "report"

