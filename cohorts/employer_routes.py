"""Employer-portal pages that show cohort data: consortium cohorts, sessions, candidates."""

from __future__ import annotations

from flask import Blueprint

from app.access import EmployerOnly, guard_blueprint

bp = guard_blueprint(Blueprint("cohorts_employer", __name__, url_prefix="/employer"), EmployerOnly)
