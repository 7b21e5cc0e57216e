"""The four resources of spec/open-data.md §1: their key columns, their measures (with the rules that
apply to each) and the Table Schema fields written into datapackage.json."""

from __future__ import annotations

from dataclasses import dataclass

from cohorts.opendata.disclosure import SUPPRESSED, Measure


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    title: str
    description: str
    keys: tuple[str, ...]
    measures: tuple[Measure, ...]

    @property
    def columns(self) -> list[str]:
        return [*self.keys, *(m.name for m in self.measures), SUPPRESSED]


_QUARTER = ("string", "Calendar quarter, written like 2026-Q2", {"pattern": r"^\d{4}-Q[1-4]$", "required": True})
_REGION = ("string", "The programme's own region name (\"unspecified\" when none was given)", {"required": True})
_SKILL = ("string", "The skill: its ESCO URI where known, else its label", {"required": True})

#: name → (Table Schema type, description, constraints)
FIELDS: dict[str, tuple[str, str, dict]] = {
    "quarter": _QUARTER,
    "region": _REGION,
    "skill": _SKILL,
    "programme": ("string", "The programme's name", {"required": True}),
    "openings": ("integer", ("Openings of the needs opened in the quarter that require the skill "
                             "(empty: fewer than 3 employers, or one employer holds more than half)"), {"minimum": 1}),
    "employers": ("integer", "Distinct employers behind those openings (empty: fewer than 3)", {"minimum": 0}),
    "must_share": ("number", "Share of those openings where the skill is a must, 0–1 at 2 decimals",
                   {"minimum": 0, "maximum": 1}),
    "people_assessed": ("integer", "People assessed (rounded to the nearest 5; empty: fewer than 10)", {"minimum": 0}),
    "mean_exit_level": ("number", "Mean exit level 0–4 at 2 decimals", {"minimum": 0, "maximum": 4}),
    "mean_gain": ("number", "Mean gain (exit − baseline level) at 2 decimals", {"minimum": -4, "maximum": 4}),
    "starters": ("integer", "Starters (rounded to 5)", {"minimum": 0}),
    "completers": ("integer", "Completers (rounded to 5)", {"minimum": 0}),
    "job_seeking_completers": ("integer", "Completers looking for work (rounded to 5)", {"minimum": 0}),
    "placed_180": ("integer", "Job-seeking completers placed within 180 days of the cohort's end (rounded to 5)",
                   {"minimum": 0}),
    "retained_180": ("integer", "Placed people still employed at the 180-day check (rounded to 5)", {"minimum": 0}),
    "median_salary_band": ("string", "Median annual salary of those placed, as a 10k band like 20000-29999",
                           {"pattern": r"^\d+-\d+$"}),
    "median_learnability": ("number", "Median learnability (skill gain per 30 hours attended) at 2 decimals", {}),
    "band_low": ("integer", "People with learnability below 0.1 (rounded to 5)", {"minimum": 0}),
    "band_medium": ("integer", "People with learnability 0.1 to below 0.25 (rounded to 5)", {"minimum": 0}),
    "band_high": ("integer", "People with learnability 0.25 or more (rounded to 5)", {"minimum": 0}),
    SUPPRESSED: ("string", ("yes when a value of the row was withheld (too few people or employers, or one "
                            "employer dominates)"), {"required": True, "enum": ["yes", "no"]}),
}

_people = ("people", "count")
DEMAND = ResourceSpec(
    "demand", "Demand for skills",
    "Openings by quarter the need was opened, region and required skill.",
    ("quarter", "region", "skill"),
    (Measure("openings", "employers", "plain", dominance=True), Measure("employers", "employers", "plain"),
     Measure("must_share", "employers", "statistic", dominance=True)),
)
SUPPLY = ResourceSpec(
    "supply", "Skills learnt",
    "People assessed at exit by quarter of the exit assessment, region and skill.",
    ("quarter", "region", "skill"),
    (Measure("people_assessed", *_people), Measure("mean_exit_level", "people", "statistic"),
     Measure("mean_gain", "people", "statistic")),
)
OUTCOMES = ResourceSpec(
    "outcomes", "Cohort outcomes",
    "Starters and their outcomes by quarter of cohort end, region and programme.",
    ("quarter", "region", "programme"),
    (*(Measure(name, *_people) for name in ("starters", "completers", "job_seeking_completers",
                                              "placed_180", "retained_180")),
     Measure("median_salary_band", "people", "band")),
)
LEARNABILITY = ResourceSpec(
    "learnability", "Learnability",
    "Learnability of starters by quarter of cohort end and region.",
    ("quarter", "region"),
    (Measure("people_assessed", *_people), Measure("median_learnability", "people", "statistic"),
     *(Measure(f"band_{band}", *_people) for band in ("low", "medium", "high"))),
)
RESOURCES = (DEMAND, SUPPLY, OUTCOMES, LEARNABILITY)


def table_schema(spec: ResourceSpec) -> dict:
    """The Table Schema descriptor of one resource."""
    fields = []
    for name in spec.columns:
        kind, description, constraints = FIELDS[name]
        field = {"name": name, "type": kind, "description": description}
        if constraints:
            field["constraints"] = dict(constraints)
        fields.append(field)
    return {"fields": fields, "primaryKey": list(spec.keys), "missingValues": [""]}
