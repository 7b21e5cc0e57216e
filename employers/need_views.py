"""Staff pages for hiring needs, their competencies (with ESCO proposals) and the demand board."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.access import get_or_404
from app.concurrency import version_ok
from app.extensions import db
from app.models import EscoOccupation
from app.pagination import ListPagination
from app.reporting import dataframe_to_xlsx, requested_format, table_response
from app.skills.vocabulary import ESCO_ATTRIBUTION, essential_skills, search_occupations
from employers import demand, queries, services
from employers.forms import (
    DemandFilterForm,
    HiringNeedFilterForm,
    NeedStatusForm,
    OccupationSearchForm,
    ProposedSkillsForm,
    StaffHiringNeedForm,
    competencies_form,
)
from employers.models import Employer, HiringNeed
from employers.web import page_arg, resolve_competencies, run_service, status_select, valid_filters


def list_hiring_needs():
    form = HiringNeedFilterForm(formdata=request.args, regions=queries.distinct_values(HiringNeed.region))
    filters = valid_filters(form)
    if fmt := requested_format():
        return table_response(queries.hiring_needs_frame(**filters), "hiring-needs", fmt)
    pagination = queries.hiring_needs_page(page=page_arg(), **filters)
    return render_template("employers/staff/hiring_needs.html", form=form, pagination=pagination)


def create_hiring_need(employer_id: int):
    employer = get_or_404(Employer, employer_id)
    form = StaffHiringNeedForm(data={"region": employer.region} if request.method == "GET" else None)
    if form.validate_on_submit():
        need = run_service(form, lambda: services.create_hiring_need(
            employer, current_user, ref=form.ref.data or None, status=form.status.data, **form.need_fields()))
        if need is not None:
            db.session.commit()
            flash(f"Hiring need {need.ref} added. Now say which competencies it needs.", "success")
            return redirect(url_for(".edit_competencies", need_id=need.id))
    return render_template("employers/staff/need_form.html", form=form, employer=employer, need=None)


def hiring_need_detail(need_id: int):
    need = queries.hiring_need_detail(need_id) or abort(404)
    status_field = status_select(NeedStatusForm, services.NEED_TRANSITIONS, need.status)
    return render_template("employers/staff/need_detail.html", need=need, status_field=status_field,
                           esco_attribution=ESCO_ATTRIBUTION)


def edit_hiring_need(need_id: int):
    need = get_or_404(HiringNeed, need_id)
    form = StaffHiringNeedForm(obj=need)
    del form.status  # status changes go through their own transitions
    if form.validate_on_submit() and version_ok(form, need):
        if run_service(form, lambda: services.update_hiring_need(
                need, current_user, version=form.version.data or None, ref=form.ref.data or None,
                **form.need_fields())):
            db.session.commit()
            flash(f"{need.ref} saved.", "success")
            return redirect(url_for(".hiring_need_detail", need_id=need.id))
    return render_template("employers/staff/need_form.html", form=form, employer=need.employer, need=need)


def change_need_status(need_id: int):
    need = get_or_404(HiringNeed, need_id)
    form = NeedStatusForm()
    if form.validate_on_submit() and run_service(
            form, lambda: services.change_need_status(need, form.status.data, current_user)):
        db.session.commit()
        flash(f"{need.ref} is now {need.status.label.lower()}.", "success")
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for(".hiring_need_detail", need_id=need.id))


def edit_competencies(need_id: int):
    need = queries.hiring_need_detail(need_id) or abort(404)
    form = competencies_form(need, may_add_skills=True)
    if form.validate_on_submit() and (items := resolve_competencies(form)) is not None:
        if run_service(form, lambda: services.set_competencies(need, items)):
            db.session.commit()
            flash(f"Competencies of {need.ref} saved.", "success")
            return redirect(url_for(".hiring_need_detail", need_id=need.id))
    return render_template("employers/staff/competencies.html", need=need, form=form, **_esco_context(need))


def _esco_context(need: HiringNeed) -> dict:
    """The ESCO occupation search and, once one is chosen, its essential skills as a proposal."""
    search = OccupationSearchForm(formdata=request.args)
    occupation_id = request.args.get("occupation_id", type=int)
    occupation = db.session.get(EscoOccupation, occupation_id) if occupation_id else None
    proposal = None
    if occupation is not None:
        proposal = ProposedSkillsForm(occupation_id=occupation.id)
        present = {c.skill_id for c in need.competencies}
        skills = [s for s in essential_skills(occupation) if s.id not in present]
        proposal.skills.choices = [SelectChoice(s.id, s.label) for s in skills]
        proposal.skills.data = [s.id for s in skills]
    occupations = search_occupations(search.occupation_q.data or "") if search.validate() else []
    return {"search": search, "occupations": occupations, "occupation": occupation, "proposal": proposal,
            "esco_attribution": ESCO_ATTRIBUTION}


def add_esco_skills(need_id: int):
    need = queries.hiring_need_detail(need_id) or abort(404)
    occupation = db.session.get(EscoOccupation, request.form.get("occupation_id", type=int) or 0) or abort(404)
    form = ProposedSkillsForm()
    skills = {s.id: s for s in essential_skills(occupation)}
    form.skills.choices = [SelectChoice(s.id, s.label) for s in skills.values()]
    if form.validate_on_submit():
        services.choose_occupation(need, occupation)
        added = services.add_competencies(need, [skills[i] for i in form.skills.data], form.level.data,
                                          form.importance.data)
        db.session.commit()
        flash(f"{added} essential skill{'s' if added != 1 else ''} of “{occupation.label}” added.", "success")
    else:
        flash(" ".join(e for errors in form.errors.values() for e in errors), "error")
    return redirect(url_for(".edit_competencies", need_id=need.id, occupation_id=occupation.id))


# --- demand -------------------------------------------------------------------------------------


def demand_board():
    demand_now = demand.DemandSnapshot()
    form = DemandFilterForm(formdata=request.args, regions=demand_now.regions())
    board = demand_now.board(**valid_filters(form))
    fmt = requested_format()
    if fmt == "csv":
        return table_response(board["lines"], "demand", fmt)
    if fmt == "xlsx":
        sheets = {name: board[name] for name in ("roles", "regions", "competencies", "months")}
        return Response(dataframe_to_xlsx(sheets | {"needs and competencies": board["lines"]}),
                        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        headers={"Content-Disposition": 'attachment; filename="demand.xlsx"'})
    return render_template("employers/staff/demand_board.html", form=form, board=board,
                           board_rows=demand.BOARD_ROWS)


def demand_table(table: str):
    """One of the board's tables in full (the board shows its first rows), a page at a time."""
    demand_now = demand.DemandSnapshot()
    form = DemandFilterForm(formdata=request.args, regions=demand_now.regions())
    rows = demand.FrameRows(demand_now.board(**valid_filters(form))[table])
    pagination = ListPagination(items=rows, page=page_arg(), per_page=current_app.config["ITEMS_PER_PAGE"],
                                error_out=False)
    return render_template("employers/staff/demand_table.html", form=form, table=table, pagination=pagination)


def demand_insights():
    data = demand.insights()
    if fmt := requested_format():
        return table_response(demand.insight_mentions_frame(data), "demand-insights", fmt)
    return render_template("employers/staff/demand_insights.html", data=data)
