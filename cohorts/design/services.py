"""Design rules: programmes, cohorts, their demand basis, curriculum and consortium.

Every function flushes and never commits; the route that calls it commits once. A request that
breaks a rule raises ``CohortRuleError`` before anything is written, with a message for people.
Scheduling lives in ``cohorts.delivery.scheduling`` and admissions in
``cohorts.participants.admissions``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from babel.numbers import list_currencies
from sqlalchemy import func, or_, select

from app.audit import record_audit
from app.dates import is_time_zone
from app.db import flush_unique
from app.extensions import db
from app.models import Skill, User
from cohorts.delivery.scheduling import (
    cancel_session,
    find_clashes,
    schedule_session,
    schedule_weekly_sessions,
    update_session,
)
from cohorts.design.curriculum import CurriculumModule
from cohorts.errors import CohortRuleError
from cohorts.models import Cohort, CohortHiringNeed, CohortStatus, ConsortiumMember, Module, ModuleSkill, Programme
from cohorts.participants.admissions import (
    accept_application,
    apply_to_cohort,
    decline,
    enrol,
    exclude,
    places_taken,
    promote_from_waitlist,
    withdraw,
)
from employers.models import HiringNeed, HiringNeedStatus

#: the status flow; a cohort may step back from recruiting to design, nothing else goes back
TRANSITIONS: dict[CohortStatus, tuple[CohortStatus, ...]] = {
    CohortStatus.design: (CohortStatus.recruiting,),
    CohortStatus.recruiting: (CohortStatus.training, CohortStatus.design),
    CohortStatus.training: (CohortStatus.placement,),
    CohortStatus.placement: (CohortStatus.closed,),
    CohortStatus.closed: (),
}


PROGRAMME_FIELDS = ("name", "target_occupation", "description", "time_zone", "currency", "salary_min", "salary_max")


COHORT_FIELDS = ("code", "name", "region", "starts_on", "ends_on", "capacity", "description")


def _programme_name_taken(name: str) -> CohortRuleError:
    return CohortRuleError(f"A programme called “{name.strip()}” already exists.")


def _check_programme_name(name: str, programme: Programme | None = None) -> None:
    # SQLite's lower() folds ASCII only: match the exact name too, or "École" slips past to the unique key
    query = select(Programme.id).where(
        or_(Programme.name == name.strip(), func.lower(Programme.name) == name.strip().lower()))
    if programme is not None:
        query = query.where(Programme.id != programme.id)
    if db.session.scalar(query.limit(1)) is not None:
        raise _programme_name_taken(name)


def create_programme(*, name: str, target_occupation: str | None = "", description: str | None = "",
                     **settings) -> Programme:
    """A programme; time zone, currency and salary range default to the deployment's (config)."""
    _check_programme_name(name)
    _check_programme_settings(settings)
    with flush_unique(db.session, _programme_name_taken(name)):
        programme = Programme(name=name.strip(), target_occupation=(target_occupation or "").strip(),
                              description=(description or "").strip(),
                              **{key: value for key, value in settings.items() if value is not None})
        db.session.add(programme)
    return programme


def update_programme(programme: Programme, **fields) -> Programme:
    if "name" in fields:
        _check_programme_name(fields["name"], programme)
    _check_programme_settings({key: fields.get(key, getattr(programme, key))
                               for key in ("time_zone", "currency", "salary_min", "salary_max")})
    with flush_unique(db.session, _programme_name_taken(fields.get("name") or programme.name)):
        for key in PROGRAMME_FIELDS:
            if key in fields:
                value = fields[key]
                setattr(programme, key, (value or "").strip() if isinstance(value, str | None) else value)
    return programme


def _check_programme_settings(settings: Mapping) -> None:
    unknown = set(settings) - {"time_zone", "currency", "salary_min", "salary_max"}
    if unknown:
        raise TypeError(f"unknown programme settings: {', '.join(sorted(unknown))}")
    zone, currency = settings.get("time_zone"), settings.get("currency")
    if zone is not None and not is_time_zone(zone):
        raise CohortRuleError(f"“{zone}” is not a time zone: choose one such as America/Toronto.", "time_zone")
    if currency is not None and currency not in list_currencies():
        raise CohortRuleError(f"“{currency}” is not an ISO 4217 currency code such as CAD.", "currency")
    low, high = settings.get("salary_min"), settings.get("salary_max")
    if low is not None and low < 0:
        raise CohortRuleError("The lowest salary cannot be negative.", "salary_min")
    if low is not None and high is not None and high <= low:
        raise CohortRuleError("The highest salary must be above the lowest.", "salary_max")


def _check_cohort_fields(values: Mapping, cohort: Cohort | None = None) -> None:
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise CohortRuleError("The cohort must end on or after the day it starts.")
    capacity = values.get("capacity")
    if capacity is not None and capacity < 1:
        raise CohortRuleError("Capacity must be at least 1 (or left empty for no limit).")
    code = (values.get("code") or "").strip()
    clash = db.session.scalar(select(Cohort.id).where(func.lower(Cohort.code) == code.lower()))
    if clash is not None and (cohort is None or clash != cohort.id):
        raise CohortRuleError(f"The code {code} is already used by another cohort.")
    if cohort is None:
        return
    if capacity is not None and cohort.id is not None and capacity < places_taken(cohort):
        raise CohortRuleError(
            f"{places_taken(cohort)} places are already taken: capacity cannot go below that."
        )
    from cohorts.delivery.scheduling import sessions_outside

    outside = sessions_outside(cohort, starts_on, ends_on)
    if outside:
        raise CohortRuleError(
            "These sessions would fall outside the new dates: " + ", ".join(s.ref for s in outside) + "."
        )


def create_cohort(programme: Programme, *, actor: User | None = None, **fields) -> Cohort:
    values = {key: fields.get(key) for key in COHORT_FIELDS}
    _check_cohort_fields(values)
    values["code"] = values["code"].strip()
    cohort = Cohort(programme=programme, status=CohortStatus.design, **{
        k: ("" if v is None and k in ("name", "region", "description") else v) for k, v in values.items()
    })
    db.session.add(cohort)
    db.session.flush()
    record_audit(actor, "cohort", cohort.id, "created", {"status": [None, cohort.status]})
    return cohort


def update_cohort(cohort: Cohort, *, actor: User | None = None, **fields) -> Cohort:
    values = {key: fields.get(key, getattr(cohort, key)) for key in COHORT_FIELDS}
    _check_cohort_fields(values, cohort)
    if "programme" in fields:
        cohort.programme = fields["programme"]
    for key, value in values.items():
        setattr(cohort, key, value.strip() if isinstance(value, str) else value)
    db.session.flush()
    from cohorts.participants.admissions import promote_from_waitlist

    promote_from_waitlist(cohort, actor=actor)
    return cohort


def change_cohort_status(cohort: Cohort, status: CohortStatus | str, *, actor: User | None = None) -> Cohort:
    status = CohortStatus(status)
    if status not in TRANSITIONS[cohort.status]:
        raise CohortRuleError(f"A cohort cannot go from {cohort.status.label} to {status.label}.")
    if status == CohortStatus.recruiting and not cohort.modules:
        raise CohortRuleError("Design the curriculum before recruiting: the cohort has no modules.")
    old = cohort.status
    cohort.status = status
    db.session.flush()
    record_audit(actor, "cohort", cohort.id, "status_changed", {"status": [old, status]})
    return cohort


def set_cohort_demand(cohort: Cohort, needs: Iterable[HiringNeed]) -> Cohort:
    """The needs the cohort is designed for; their employers form the consortium."""
    needs = list({need.id: need for need in needs}.values())
    if not needs:
        raise CohortRuleError("Choose at least one hiring need.")
    current = {link.hiring_need_id for link in cohort.demand}
    closed = [n.ref for n in needs if n.status != HiringNeedStatus.open and n.id not in current]
    if closed:
        raise CohortRuleError("Only open hiring needs can be chosen: " + ", ".join(closed) + ".")
    chosen = {need.id for need in needs}
    cohort.demand[:] = [link for link in cohort.demand if link.hiring_need_id in chosen]
    for need in needs:
        if need.id not in current:
            cohort.demand.append(CohortHiringNeed(hiring_need=need))
    employers = {need.employer_id: need.employer for need in needs}
    cohort.consortium[:] = [m for m in cohort.consortium if m.employer_id in employers]
    members = {m.employer_id for m in cohort.consortium}
    for employer_id, employer in sorted(employers.items()):
        if employer_id not in members:
            cohort.consortium.append(ConsortiumMember(employer=employer))
    db.session.flush()
    db.session.expire(cohort, ["hiring_needs"])
    return cohort


def update_commitments(cohort: Cohort, commitments: Mapping[int, Mapping]) -> Cohort:
    """{employer_id: {co_delivery_sessions, interviews_guaranteed, notes}} for consortium members."""
    members = {m.employer_id: m for m in cohort.consortium}
    for employer_id, values in commitments.items():
        member = members.get(int(employer_id))
        if member is None:
            raise CohortRuleError("That employer is not in this cohort's consortium.")
        for key in ("co_delivery_sessions", "interviews_guaranteed"):
            if key in values:
                if values[key] is None or values[key] < 0:
                    raise CohortRuleError("Commitments are whole numbers, zero or more.")
                setattr(member, key, values[key])
        if "notes" in values:
            member.notes = (values["notes"] or "").strip()
    db.session.flush()
    return cohort


def _check_module(title: str, hours: int | None) -> None:
    if not (title or "").strip():
        raise CohortRuleError("A module needs a title.")
    if hours is None or hours < 1:
        raise CohortRuleError("A module lasts at least one hour.")


def apply_design_proposal(cohort: Cohort, proposal: Sequence[CurriculumModule]) -> list[Module]:
    """Replace the curriculum with the proposed modules and the skills each teaches."""
    if not proposal:
        raise CohortRuleError("The proposal has no modules: choose hiring needs with competencies first.")
    for item in proposal:
        _check_module(item.title, item.hours)
    cohort.modules.clear()
    db.session.flush()
    for position, item in enumerate(proposal, start=1):
        module = Module(title=item.title.strip(), hours=item.hours, position=position)
        module.skills = [ModuleSkill(skill_id=s.skill_id, level=s.level) for s in item.skills]
        cohort.modules.append(module)
    db.session.flush()
    return list(cohort.modules)


def add_module(cohort: Cohort, *, title: str, hours: int, description: str = "") -> Module:
    _check_module(title, hours)
    position = max((m.position for m in cohort.modules), default=0) + 1
    module = Module(title=title.strip(), hours=hours, description=description.strip(), position=position)
    cohort.modules.append(module)
    db.session.flush()
    return module


def update_module(
    module: Module, *, title: str, hours: int, description: str = "", skill_levels: Mapping[int, int] | None = None
) -> Module:
    """Title, hours, description and (when given) the {skill_id: level} the module teaches."""
    _check_module(title, hours)
    module.title, module.hours, module.description = title.strip(), hours, description.strip()
    if skill_levels is not None:
        set_module_skills(module, skill_levels)
    db.session.flush()
    return module


def remove_module(module: Module) -> None:
    cohort = module.cohort
    cohort.modules.remove(module)
    db.session.flush()
    reorder_modules(cohort, [m.id for m in cohort.modules])


def reorder_modules(cohort: Cohort, module_ids: Sequence[int]) -> list[Module]:
    """Positions 1…n in the given order; every module of the cohort exactly once."""
    modules = {m.id: m for m in cohort.modules}
    if sorted(module_ids) != sorted(modules):
        raise CohortRuleError("The new order must list every module of the cohort once.")
    for position, module_id in enumerate(module_ids, start=1):
        modules[module_id].position = position
    db.session.flush()
    db.session.expire(cohort, ["modules"])
    return list(cohort.modules)


def move_module(module: Module, step: int) -> list[Module]:
    """Swap a module with its neighbour (step -1 up, +1 down)."""
    ids = [m.id for m in module.cohort.modules]
    index = ids.index(module.id)
    target = index + step
    if 0 <= target < len(ids):
        ids[index], ids[target] = ids[target], ids[index]
    return reorder_modules(module.cohort, ids)


def set_module_skills(module: Module, levels: Mapping[int, int]) -> Module:
    """{skill_id: level}: what the module teaches, to which level (1–4)."""
    if any(level not in (1, 2, 3, 4) for level in levels.values()):
        raise CohortRuleError("Levels go from 1 to 4.")
    known = set(db.session.scalars(select(Skill.id).where(Skill.id.in_(list(levels)))))
    if known != set(levels):
        raise CohortRuleError("One of the competencies does not exist.")
    current = {s.skill_id: s for s in module.skills}
    module.skills[:] = [s for s in module.skills if s.skill_id in levels]
    for skill_id, level in levels.items():
        if skill_id in current:
            current[skill_id].level = level
        else:
            module.skills.append(ModuleSkill(skill_id=skill_id, level=level))
    db.session.flush()
    return module


__all__ = [
    "CohortRuleError", "accept_application", "add_module", "apply_design_proposal", "apply_to_cohort",
    "cancel_session", "change_cohort_status", "create_cohort", "create_programme", "decline", "enrol",
    "exclude", "find_clashes", "move_module", "places_taken", "promote_from_waitlist", "remove_module",
    "reorder_modules", "schedule_session", "schedule_weekly_sessions", "set_cohort_demand",
    "set_module_skills", "update_cohort", "update_commitments", "update_module", "update_programme",
    "update_session", "withdraw",
]
