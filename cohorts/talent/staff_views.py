"""Staff portal: every reach-out, read only, for oversight (who asked whom about what, and the answers)."""

from __future__ import annotations

from flask import render_template, request

from cohorts.talent import queries
from cohorts.talent.forms import StaffFilterForm


def talent_oversight():
    form = StaffFilterForm(request.args)
    form.validate()
    status = "" if form.status.errors else form.status.data or ""  # an unknown status filters nothing
    page = queries.staff_reach_outs(status, form.employer.data if not form.employer.errors else None,
                                    request.args.get("page", 1, type=int))
    return render_template("cohorts/talent/staff_reach_outs.html", form=form, page=page)
