"""Demand → curriculum: aggregate hiring needs, propose modules, measure coverage.

Pure functions over plain data (no database, no Flask), so the rules are unit-tested with
hand-computed examples and the pages, the services and the reports all share one answer.

* weight of a competency = Σ over the needs demanding it of openings × importance × level factor,
  importance must = 2, nice = 1, level factor = level / 2 (1 → 0.5 … 4 → 2.0);
* a proposed module groups competencies of one kind (foundational, knowledge, skill — taught in that
  order) that the same hiring needs ask for together, teaches each to its highest demanded level,
  and gets hours in proportion to Σ weight × level of what it teaches;
* a cell of the coverage matrix is ``covered`` (taught at or above the demanded level), ``partial``
  (taught below it) or ``gap`` (not taught); a need's coverage is the weighted share of its
  competencies taught at the level *it* asks for, and overall coverage weighs every need by the
  same weights the demand was built from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

IMPORTANCE_FACTOR = {True: 2, False: 1}  # must / nice
KIND_ORDER = {"foundational": 0, "knowledge": 1, "skill": 2}
COVERED, PARTIAL, GAP = "covered", "partial", "gap"


def level_factor(level: int) -> float:
    return level / 2


def half_up(value: float) -> int:
    """Round .5 away from zero (Python's round() goes to even)."""
    return int(value + 0.5)


# -- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NeedCompetency:
    skill_id: int
    label: str
    level: int
    must: bool = True
    kind: str = "skill"


@dataclass(frozen=True)
class NeedInput:
    """A hiring need as the design logic sees it."""

    need_id: int
    ref: str
    employer_id: int
    employer_name: str
    role_title: str
    openings: int
    competencies: tuple[NeedCompetency, ...]


# -- demand -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemandedCompetency:
    skill_id: int
    label: str
    kind: str
    weight: float
    max_level: int
    must_count: int
    need_refs: tuple[str, ...]
    employer_names: tuple[str, ...]


@dataclass(frozen=True)
class Demand:
    competencies: tuple[DemandedCompetency, ...]
    needs: tuple[NeedInput, ...]

    @property
    def total_weight(self) -> float:
        return sum(c.weight for c in self.competencies)

    def by_skill(self) -> dict[int, DemandedCompetency]:
        return {c.skill_id: c for c in self.competencies}


def competency_weight(openings: int, level: int, must: bool) -> float:
    return openings * IMPORTANCE_FACTOR[bool(must)] * level_factor(level)


def aggregate_demand(needs: Iterable[NeedInput]) -> Demand:
    """Ranked demanded competencies: heaviest first, then highest level, then by label."""
    needs = tuple(sorted(needs, key=lambda n: n.ref))
    weight: dict[int, float] = defaultdict(float)
    max_level: dict[int, int] = defaultdict(int)
    musts: dict[int, int] = defaultdict(int)
    refs: dict[int, list[str]] = defaultdict(list)
    employers: dict[int, set[str]] = defaultdict(set)
    meta: dict[int, NeedCompetency] = {}
    for need in needs:
        for comp in need.competencies:
            weight[comp.skill_id] += competency_weight(need.openings, comp.level, comp.must)
            max_level[comp.skill_id] = max(max_level[comp.skill_id], comp.level)
            musts[comp.skill_id] += 1 if comp.must else 0
            refs[comp.skill_id].append(need.ref)
            employers[comp.skill_id].add(need.employer_name)
            meta.setdefault(comp.skill_id, comp)
    ranked = sorted(
        (
            DemandedCompetency(
                skill_id=skill_id,
                label=meta[skill_id].label,
                kind=meta[skill_id].kind,
                weight=weight[skill_id],
                max_level=max_level[skill_id],
                must_count=musts[skill_id],
                need_refs=tuple(refs[skill_id]),
                employer_names=tuple(sorted(employers[skill_id])),
            )
            for skill_id in meta
        ),
        key=lambda c: (-c.weight, -c.max_level, c.label.lower(), c.skill_id),
    )
    return Demand(competencies=tuple(ranked), needs=needs)


# -- curriculum ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TaughtSkill:
    skill_id: int
    label: str
    level: int


@dataclass(frozen=True)
class CurriculumModule:
    """A module as proposed, or as it stands in the cohort (key = its id)."""

    title: str
    hours: int
    skills: tuple[TaughtSkill, ...]
    key: int | None = None

    @property
    def levels(self) -> dict[int, int]:
        return {s.skill_id: s.level for s in self.skills}


def module_title(labels: Sequence[str]) -> str:
    """'A', 'A & B', 'A, B & 2 more' — short enough for a heading."""
    if len(labels) <= 2:
        title = " & ".join(labels)
    else:
        title = f"{labels[0]}, {labels[1]} & {len(labels) - 2} more"
    return title[:200]


def _cluster(members: list[DemandedCompetency], size: int) -> list[list[DemandedCompetency]]:
    """Greedy co-occurrence clusters: seed with the heaviest, add what the same needs ask for."""
    remaining = list(members)  # already ranked
    groups = []
    while remaining:
        group = [remaining.pop(0)]
        needs_in_group = set(group[0].need_refs)
        while remaining and len(group) < size:
            best = max(
                range(len(remaining)),
                key=lambda i: (len(needs_in_group & set(remaining[i].need_refs)), -i),
            )
            chosen = remaining.pop(best)
            group.append(chosen)
            needs_in_group |= set(chosen.need_refs)
        groups.append(group)
    return groups


def propose_modules(
    demand: Demand, *, max_skills_per_module: int = 3, total_hours: int = 120, min_hours: int = 3
) -> list[CurriculumModule]:
    """A deterministic curriculum teaching every demanded competency to its highest level."""
    if max_skills_per_module < 1:
        raise ValueError("a module teaches at least one competency")
    by_kind: dict[str, list[DemandedCompetency]] = defaultdict(list)
    for comp in demand.competencies:
        by_kind[comp.kind].append(comp)
    groups: list[list[DemandedCompetency]] = []
    for kind in sorted(by_kind, key=lambda k: (KIND_ORDER.get(k, 99), k)):
        groups.extend(_cluster(by_kind[kind], max_skills_per_module))
    points = sum(c.weight * c.max_level for c in demand.competencies) or 1
    return [
        CurriculumModule(
            title=module_title([c.label for c in group]),
            hours=max(min_hours, half_up(total_hours * sum(c.weight * c.max_level for c in group) / points)),
            skills=tuple(TaughtSkill(c.skill_id, c.label, c.max_level) for c in group),
        )
        for group in groups
    ]


# -- coverage -----------------------------------------------------------------------------------


def cell_status(taught: int | None, demanded: int) -> str:
    if not taught:
        return GAP
    return COVERED if taught >= demanded else PARTIAL


@dataclass(frozen=True)
class CoverageRow:
    competency: DemandedCompetency
    #: taught level per module, in module order (None = not taught there)
    cells: tuple[int | None, ...]
    best_level: int | None
    status: str


@dataclass(frozen=True)
class NeedCoverage:
    need: NeedInput
    share: float | None
    gaps: tuple[str, ...]


@dataclass
class Coverage:
    modules: tuple[CurriculumModule, ...]
    rows: tuple[CoverageRow, ...]
    needs: tuple[NeedCoverage, ...]
    overall: float | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def gaps(self) -> list[CoverageRow]:
        return [row for row in self.rows if row.status != COVERED]


def coverage_matrix(demand: Demand, modules: Sequence[CurriculumModule]) -> Coverage:
    """Demanded competencies × modules; per-need and overall weighted coverage."""
    best: dict[int, int] = {}
    for module in modules:
        for skill in module.skills:
            best[skill.skill_id] = max(best.get(skill.skill_id, 0), skill.level)
    rows = []
    for comp in demand.competencies:
        cells = tuple(module.levels.get(comp.skill_id) for module in modules)
        rows.append(
            CoverageRow(comp, cells, best.get(comp.skill_id), cell_status(best.get(comp.skill_id), comp.max_level))
        )
    need_rows = []
    covered_weight = total_weight = 0.0
    for need in demand.needs:
        need_total = need_covered = 0.0
        gaps = []
        for comp in need.competencies:
            w = competency_weight(need.openings, comp.level, comp.must)
            need_total += w
            if best.get(comp.skill_id, 0) >= comp.level:
                need_covered += w
            else:
                gaps.append(comp.label)
        covered_weight += need_covered
        total_weight += need_total
        need_rows.append(NeedCoverage(need, need_covered / need_total if need_total else None, tuple(gaps)))
    counts = {status: sum(1 for r in rows if r.status == status) for status in (COVERED, PARTIAL, GAP)}
    return Coverage(
        modules=tuple(modules),
        rows=tuple(rows),
        needs=tuple(need_rows),
        overall=covered_weight / total_weight if total_weight else None,
        counts=counts,
    )


def needs_served(module: CurriculumModule, demand: Demand) -> tuple[str, ...]:
    """Traceability: the refs of the hiring needs asking for something this module teaches."""
    taught = set(module.levels)
    return tuple(
        need.ref for need in demand.needs if taught & {c.skill_id for c in need.competencies}
    )
