"""Staff pages: design a cohort from demand — pick needs, accept a proposal, coverage, modules."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from app.access import get_or_404
from app.concurrency import version_ok
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from cohorts.design import curriculum, queries, services
from cohorts.design.forms import CommitmentsForm, DemandForm, ModuleForm, ModuleSkillsForm, NeedFilterForm, ProposalForm
from cohorts.design.interview_gaps import SHARED_GAP_MIN_SCORED, SHARED_GAP_SHARE, interview_gaps
from cohorts.errors import CohortRuleError
from cohorts.feedback.queries import module_averages
from cohorts.models import Cohort, Module


def design_cohort(cohort_id: int):
    """Step 1: choose the open hiring needs the cohort is designed for."""
    cohort = queries.cohort_for_detail(cohort_id) or abort(404)
    filters = NeedFilterForm(request.args)
    chosen = [link.hiring_need_id for link in cohort.demand]
    needs, total = queries.open_needs(**{k: v or "" for k, v in filters.data.items()}, include_ids=chosen)
    form = DemandForm(needs, needs=chosen if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.set_cohort_demand(cohort, queries.needs_by_ids(form.needs.data))
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{len(form.needs.data)} hiring needs chosen; the consortium has {len(cohort.consortium)} employers.",
                  "success")
            return redirect(url_for(".design_proposal", cohort_id=cohort.id))
    return render_template("cohorts/design/pick_needs.html", cohort=cohort, needs=needs, total=total,
                           form=form, filters=filters, limit=queries.NEED_PICKER_LIMIT)


def design_proposal(cohort_id: int):
    """Step 2: the aggregated demand and the proposed modules; accepting creates the curriculum."""
    cohort = get_or_404(Cohort, cohort_id)
    form = ProposalForm() if request.method == "POST" else ProposalForm(request.args, meta={"csrf": False})
    demand = curriculum.aggregate_demand(queries.need_inputs(cohort))
    proposal = curriculum.propose_modules(demand, **proposal_settings(form))
    if form.validate_on_submit():
        try:
            services.apply_design_proposal(cohort, proposal)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Curriculum created: {len(proposal)} modules.", "success")
            return redirect(url_for(".coverage_matrix", cohort_id=cohort.id))
    return render_template("cohorts/design/proposal.html", cohort=cohort, demand=demand, proposal=proposal,
                           form=form, coverage=curriculum.coverage_matrix(demand, proposal),
                           gaps=interview_gaps(cohort.id, demand), gap_rule=(SHARED_GAP_SHARE, SHARED_GAP_MIN_SCORED))


def proposal_settings(form: ProposalForm) -> dict[str, int]:
    """The form's settings when valid, else the defaults (the page always shows a proposal)."""
    fields = (form.max_skills_per_module, form.total_hours)
    if any(field.raw_data for field in fields) and all(field.validate(form) for field in fields):
        return {field.name: field.data for field in fields}
    return {field.name: field.default for field in fields}


def coverage_matrix(cohort_id: int):
    """Step 3: demanded competencies × the cohort's modules, per need and overall."""
    cohort = get_or_404(Cohort, cohort_id)  # the page shows its code; demand and modules load below
    demand = curriculum.aggregate_demand(queries.need_inputs(cohort))
    modules = queries.cohort_curriculum(cohort.id)
    served = {m.key: curriculum.needs_served(m, demand) for m in modules}
    return render_template("cohorts/design/coverage.html", cohort=cohort, demand=demand, served=served,
                           coverage=curriculum.coverage_matrix(demand, modules), ratings=module_averages(cohort.id))


def edit_commitments(cohort_id: int):
    cohort = queries.cohort_for_detail(cohort_id) or abort(404)
    form = CommitmentsForm(data={"members": [
        {"employer_id": m.employer_id, "co_delivery_sessions": m.co_delivery_sessions,
         "interviews_guaranteed": m.interviews_guaranteed, "notes": m.notes} for m in cohort.consortium
    ]} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.update_commitments(cohort, form.commitments())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Commitments saved.", "success")
            return redirect(url_for(".cohort_detail", cohort_id=cohort.id))
    names = {m.employer_id: m.employer.name for m in cohort.consortium}
    return render_template("cohorts/design/commitments.html", cohort=cohort, form=form, names=names)


def add_module(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    form = ModuleForm()
    if form.validate_on_submit():
        module = services.add_module(cohort, title=form.title.data, hours=form.hours.data,
                                     description=form.description.data or "")
        db.session.commit()
        flash(f"Module “{module.title}” added; choose what it teaches.", "success")
        return redirect(url_for(".edit_module", module_id=module.id))
    return render_template("cohorts/design/module_new.html", cohort=cohort, form=form)


def edit_module(module_id: int):
    module = get_or_404(Module, module_id)
    candidates = module_skill_candidates(module)
    form = ModuleForm(obj=module)
    skills_form = ModuleSkillsForm(prefix="taught", data={"skills": [
        {"skill_id": skill_id, "level": level} for skill_id, (_, level) in candidates.items()
    ]} if request.method == "GET" else None)
    if form.validate_on_submit() and skills_form.validate() and version_ok(form, module):
        try:
            services.update_module(module, title=form.title.data, hours=form.hours.data,
                                   description=form.description.data or "", skill_levels=skills_form.levels())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Module saved.", "success")
            return redirect(url_for(".coverage_matrix", cohort_id=module.cohort_id))
    return render_template("cohorts/design/module_form.html", module=module, form=form, skills_form=skills_form,
                           labels={k: v[0] for k, v in candidates.items()}, delete_form=EmptyForm(prefix="delete"))


def module_skill_candidates(module: Module) -> dict[int, tuple[str, int]]:
    """{skill_id: (label, taught level or 0)}: what the module teaches plus the cohort's demand."""
    demand = curriculum.aggregate_demand(queries.need_inputs(module.cohort))
    candidates = {c.skill_id: (c.label, 0) for c in demand.competencies}
    for taught in queries.curriculum([m for m in queries.cohort_modules(module.cohort_id) if m.id == module.id]):
        for skill in taught.skills:
            candidates[skill.skill_id] = (skill.label, skill.level)
    return candidates


def move_module(module_id: int, direction: str):
    module = get_or_404(Module, module_id)
    if EmptyForm().validate_on_submit():
        services.move_module(module, -1 if direction == "up" else 1)
        db.session.commit()
    return redirect(url_for(".coverage_matrix", cohort_id=module.cohort_id) + "#modules")


def delete_module(module_id: int):
    module = get_or_404(Module, module_id)
    cohort_id = module.cohort_id
    if EmptyForm(prefix="delete").validate_on_submit():
        services.remove_module(module)
        db.session.commit()
        flash("Module removed.", "success")
    return redirect(url_for(".coverage_matrix", cohort_id=cohort_id))
