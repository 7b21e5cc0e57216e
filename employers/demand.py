"""The demand board and the interview insights: pandas over a few whole-table queries.

Functions taking DataFrames are pure (tested directly); ``demand_board`` and ``insights``
run the queries and add the SVG charts from app.reporting. The board's figures are kept per app
under the database's demand version (employers/demand_version.py), so a view costs one query
until a write changes what they were computed from.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from datetime import date

import pandas as pd
from flask import current_app

from app.charts import bar_chart, column_chart
from app.dates import local_today
from employers import queries
from employers.models import HiringNeed

TOP = 15
#: rows of each table the board shows; the rest are on the table's own paginated page
BOARD_ROWS = TOP
#: words that split a free-text answer into the items it lists
SPLIT = re.compile(r"[\n;,/•]+|\band\b|\bor\b", re.IGNORECASE)
#: leading filler removed from a listed item ("mostly LinkedIn" → "linkedin")
FILLER = re.compile(r"^(?:mostly|mainly|usually|often|some|we use|we hire|through|via|from|on|the|a|an)\s+",
                    re.IGNORECASE)


def _label_case(values: pd.Series) -> str:
    """The most common spelling of a group of labels that differ only in case or spacing."""
    return values.mode().iloc[0] if not values.empty else ""


def by_role(needs: pd.DataFrame) -> pd.DataFrame:
    """Openings, needs and employers per role title (case-insensitive), most openings first."""
    if needs.empty:
        return pd.DataFrame(columns=["role", "openings", "needs", "employers"])
    frame = needs.assign(key=needs["role"].str.strip().str.lower())
    grouped = frame.groupby("key").agg(role=("role", _label_case), openings=("openings", "sum"),
                                       needs=("hiring_need_id", "count"), employers=("employer", "nunique"))
    return grouped.sort_values(["openings", "role"], ascending=[False, True]).reset_index(drop=True)


def by_region(needs: pd.DataFrame) -> pd.DataFrame:
    if needs.empty:
        return pd.DataFrame(columns=["region", "openings", "needs"])
    frame = needs.assign(region=needs["region"].replace("", "(no region)"))
    grouped = frame.groupby("region").agg(openings=("openings", "sum"), needs=("hiring_need_id", "count"))
    return grouped.sort_values(["openings"], ascending=False).reset_index()


def by_competency(needs: pd.DataFrame, skills: pd.DataFrame) -> pd.DataFrame:
    """Each competency weighted by the openings of the needs asking for it, split must/nice."""
    columns = ["skill", "openings", "must_openings", "nice_openings", "needs", "average_level"]
    if needs.empty or skills.empty:
        return pd.DataFrame(columns=columns)
    lines = skills.merge(needs[["hiring_need_id", "openings"]], on="hiring_need_id")
    lines["must_openings"] = lines["openings"].where(lines["importance"] == "must", 0)
    lines["nice_openings"] = lines["openings"].where(lines["importance"] == "nice", 0)
    grouped = lines.groupby("skill").agg(
        openings=("openings", "sum"), must_openings=("must_openings", "sum"),
        nice_openings=("nice_openings", "sum"), needs=("hiring_need_id", "nunique"), average_level=("level", "mean"))
    grouped["average_level"] = grouped["average_level"].round(1)
    return grouped.sort_values(["must_openings", "openings"], ascending=False).reset_index()[columns]


def by_month(needs: pd.DataFrame) -> pd.DataFrame:
    """Openings per needed-by month, with empty months in between shown as zero."""
    if needs.empty:
        return pd.DataFrame(columns=["month", "openings"])
    dated = needs.dropna(subset=["needed_by"])
    undated = int(needs.loc[needs["needed_by"].isna(), "openings"].sum())
    rows = pd.DataFrame(columns=["month", "openings"])
    if not dated.empty:
        months = pd.to_datetime(dated["needed_by"]).dt.to_period("M")
        totals = dated.groupby(months)["openings"].sum()
        span = pd.period_range(totals.index.min(), totals.index.max(), freq="M")
        totals = totals.reindex(span, fill_value=0)
        rows = pd.DataFrame({"month": [p.strftime("%b %Y") for p in totals.index], "openings": totals.values})
    if undated:
        rows = pd.concat([rows, pd.DataFrame({"month": ["no date"], "openings": [undated]})], ignore_index=True)
    return rows


def demand_lines(needs: pd.DataFrame, skills: pd.DataFrame) -> pd.DataFrame:
    """One row per need and competency (needs without any get one blank row): the export."""
    lines = needs.merge(skills, on="hiring_need_id", how="left")
    lines[["skill", "importance"]] = lines[["skill", "importance"]].fillna("")
    return lines.drop(columns=["hiring_need_id"])


class _Board(dict):
    """The board's dict; its per-need ``lines`` (the export) are loaded only when asked for."""

    def __init__(self, data: dict, region: str | None, include_review: bool) -> None:
        super().__init__(data)
        self._filters = (region, include_review)

    def __missing__(self, key: str):
        if key != "lines":
            raise KeyError(key)
        self["lines"] = demand_lines(*queries.demand_frames(*self._filters))
        return self["lines"]


def _sum_groups(frame: pd.DataFrame, key: str, columns: list[str]) -> pd.DataFrame:
    """Pre-aggregated rows summed by ``key`` (sorted like a pandas groupby)."""
    return frame.groupby(key)[columns].sum().astype("int64")


def roles_from(titles: pd.DataFrame, employers: pd.DataFrame) -> pd.DataFrame:
    """by_role from SQL groups: per typed title (openings, needs) and per key (employers)."""
    if titles.empty:
        return pd.DataFrame(columns=["role", "openings", "needs", "employers"])
    frame = titles.assign(key=titles["role"].map(queries.role_key))
    # the most common spelling (by needs); ties go to the first in sort order, as Series.mode does
    spelled = frame.sort_values(["key", "needs", "role"], ascending=[True, False, True], kind="stable")
    grouped = _sum_groups(frame, "key", ["openings", "needs"])
    grouped.insert(0, "role", spelled.drop_duplicates("key").set_index("key")["role"])
    grouped["employers"] = employers.set_index("key")["employers"].astype("int64")
    grouped = grouped[["role", "openings", "needs", "employers"]]
    return grouped.sort_values(["openings", "role"], ascending=[False, True]).reset_index(drop=True)


def regions_from(regions: pd.DataFrame) -> pd.DataFrame:
    if regions.empty:
        return pd.DataFrame(columns=["region", "openings", "needs"])
    frame = regions.assign(region=regions["region"].replace("", "(no region)"))
    grouped = _sum_groups(frame, "region", ["openings", "needs"])
    return grouped.sort_values(["openings"], ascending=False).reset_index()


def competencies_from(lines: pd.DataFrame) -> pd.DataFrame:
    columns = ["skill", "openings", "must_openings", "nice_openings", "needs", "average_level"]
    if lines.empty:
        return pd.DataFrame(columns=columns)
    grouped = lines.set_index("skill").sort_index()
    # sums of sums: PostgreSQL hands back numeric (Decimal)
    counts = ["openings", "must_openings", "nice_openings", "needs", "level_count"]
    grouped = grouped.astype(dict.fromkeys(counts, "int64"))
    grouped["average_level"] = (grouped["level_sum"].astype("float64") / grouped["level_count"]).round(1)
    return grouped.sort_values(["must_openings", "openings"], ascending=False).reset_index()[columns]


class FrameRows(Sequence):
    """A frame's rows as records, built only for the slice asked for (a page of ListPagination)."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._frame = frame

    def __len__(self) -> int:
        return len(self._frame)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._frame.iloc[index].to_dict("records")
        return self._frame.iloc[[index]].to_dict("records")[0]


class _DemandCache:
    """What was computed at the current demand version (boards per filter, region choices).

    A new version clears it. Entries are shared between requests and read-only: nothing may
    change their frames.
    """

    SIZE = 64

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: str | None = None
        self._entries: dict[tuple, object] = {}

    def get(self, version: str | None, key: tuple):
        with self._lock:
            return self._entries.get(key) if version == self._version else None

    def put(self, version: str | None, key: tuple, value) -> None:
        with self._lock:
            if version != self._version or len(self._entries) >= self.SIZE:
                self._version, self._entries = version, {}
            self._entries[key] = value


_UNREAD = object()


class DemandSnapshot:
    """The demand figures at the demand version read when it is made (one query).

    Kept per app for that version: a write after the read draws a new version, so nothing is
    served under a version older than its figures (nor one a rolled-back write drew: versions
    are random).
    """

    def __init__(self, version: str | None | object = _UNREAD) -> None:
        """``version``: the demand version when the caller read it already (in a query of its own)."""
        self.version = queries.demand_version() if version is _UNREAD else version
        self._cache = current_app.extensions.setdefault("demand_board", _DemandCache())

    def _kept(self, key: tuple, compute):
        value = self._cache.get(self.version, key)
        if value is None:
            value = compute()
            self._cache.put(self.version, key, value)
        return value

    def open_openings(self) -> int:
        """Openings of every open hiring need, summed (the staff home's headline)."""
        return self._kept(("open_openings",), queries.open_openings_total)

    def regions(self) -> list[str]:
        """Every region a hiring need names, for the board's filter."""
        return self._kept(("regions",), lambda: queries.distinct_values(HiringNeed.region))

    def board(self, region: str | None = None, include_review: bool = False) -> dict:
        """Everything the demand board shows: totals, tables and charts, grouped in SQL.

        ``lines`` (one row per need and competency, for the downloads) is loaded on first
        access, never kept.
        """
        board = self._kept(("board", region, include_review), lambda: _compute_board(region, include_review))
        return _Board(board, region, include_review)


def demand_board(region: str | None = None, include_review: bool = False) -> dict:
    """The board at the current demand version (see DemandSnapshot)."""
    return DemandSnapshot().board(region, include_review)


def _compute_board(region: str | None, include_review: bool) -> dict:
    data = queries.demand_aggregates(region, include_review)
    groups, employers = data["groups"], data["employers"]
    per_key = employers[employers["key"].notna()]
    totals = {"needs": int(groups["needs"].sum()), "openings": int(groups["openings"].sum()),
              "employers": int(employers.loc[employers["key"].isna(), "employers"].sum())}
    titles = groups.groupby("role", as_index=False)[["openings", "needs"]].sum()
    regions = groups.groupby("region", as_index=False)[["openings", "needs"]].sum()
    roles, regions = roles_from(titles, per_key), regions_from(regions)
    competencies = competencies_from(data["competencies"])
    months = by_month(data["months"]) if totals["needs"] else by_month(pd.DataFrame())
    return {
        "totals": totals,
        "roles": roles, "regions": regions, "competencies": competencies, "months": months,
        # the rows the board's tables show, as plain records: rendered on every view
        "top": {name: frame.head(BOARD_ROWS).to_dict("records")
                for name, frame in (("roles", roles), ("competencies", competencies))},
        "charts": {
            "roles": bar_chart(list(zip(roles["role"].head(TOP), roles["openings"].head(TOP))),
                               "Open openings by role", category_label="Role", value_label="Openings"),
            "regions": bar_chart(list(zip(regions["region"].head(TOP), regions["openings"].head(TOP))),
                                 "Open openings by region", category_label="Region", value_label="Openings"),
            "competencies": bar_chart(
                list(zip(competencies["skill"].head(TOP), competencies["must_openings"].head(TOP))),
                "Openings that must have each competency", category_label="Competency",
                value_label="Openings that must have it"),
            "months": column_chart(list(zip(months["month"], months["openings"])), "Openings by needed-by month",
                                   category_label="Needed by", value_label="Openings"),
        },
    }


# --- insights across interviews --------------------------------------------------------------


def split_items(text: str) -> list[str]:
    """The items a free-text answer lists, lower-cased: "LinkedIn, referrals and job fairs" → 3 items."""
    items = []
    for part in SPLIT.split(text or ""):
        item = " ".join(part.split()).strip(" .:-–()\"'").lower()
        while (shorter := FILLER.sub("", item)) != item:
            item = shorter
        if len(item) >= 3:
            items.append(item)
    return items


def mentions(texts: pd.DataFrame, top: int = TOP) -> pd.DataFrame:
    """How many employers mention each item of ``texts`` (columns employer_id, text)."""
    if texts.empty:
        return pd.DataFrame(columns=["item", "employers"])
    exploded = texts.assign(item=texts["text"].map(split_items)).explode("item").dropna(subset=["item"])
    counts = exploded.groupby("item")["employer_id"].nunique().rename("employers").reset_index()
    return counts.sort_values(["employers", "item"], ascending=[False, True]).head(top).reset_index(drop=True)


def _answers(answers: pd.DataFrame, key: str) -> pd.DataFrame:
    return answers.loc[answers["key"] == key, ["employer_id", "answer"]].rename(columns={"answer": "text"})


def pain_point_counts(pain_points: pd.DataFrame) -> pd.DataFrame:
    if pain_points.empty:
        return pd.DataFrame(columns=["item", "employers"])
    tags = pain_points.explode("pain_points").dropna(subset=["pain_points"])
    tags = tags.assign(text=tags["pain_points"].astype(str))[["employer_id", "text"]]
    return mentions(tags)


def proxies(needs: pd.DataFrame, skills: pd.DataFrame) -> list[dict]:
    """Stated requirements beside the must-have competencies they stand for."""
    must = skills[skills["importance"] == "must"].sort_values("skill")
    stands_for = must.groupby("hiring_need_id").apply(
        lambda g: [f"{s} (level {lvl})" for s, lvl in zip(g["skill"], g["level"])], include_groups=False)
    return [{"ref": r.ref, "employer": r.employer, "role": r.role, "stated": r.stated,
             "stands_for": stands_for.get(r.hiring_need_id, [])} for r in needs.itertuples()]


def insights(today: date | None = None) -> dict:
    """Patterns across completed interviews and the needs they produced."""
    answers, pains = queries.interview_answer_frame(), queries.interview_pain_points()
    overdue = queries.overdue_roles_frame(today or local_today())
    hard_roles = mentions(_answers(answers, "roles_hard_to_fill"))
    overdue_roles = by_role(overdue.assign(hiring_need_id=range(len(overdue)), employer=overdue["employer_id"]))
    non_negotiables = mentions(pd.concat([_answers(answers, "non_negotiables"), queries.non_negotiables_frame()],
                                         ignore_index=True))
    sources = mentions(_answers(answers, "recruitment_sources"))
    pain_points = pain_point_counts(pains)
    proxy_needs, proxy_skills = queries.stated_requirement_frames()
    deviations = answers.loc[answers["key"] == "deviate_from_requirements", ["employer", "answer"]]

    def chart(frame: pd.DataFrame, title: str, category_label: str):
        return bar_chart(list(zip(frame["item"], frame["employers"])), title,
                         category_label=category_label, value_label="Employers")

    return {
        "interviews": int(answers["interview_id"].nunique()) if not answers.empty else 0,
        "hard_roles": hard_roles, "overdue_roles": overdue_roles, "non_negotiables": non_negotiables,
        "sources": sources, "pain_points": pain_points,
        "proxies": proxies(proxy_needs, proxy_skills), "deviations": deviations.to_dict("records"),
        "charts": {
            "hard_roles": chart(hard_roles, "Employers naming each role as hard to fill", "Role"),
            "non_negotiables": chart(non_negotiables, "Employers naming each non-negotiable", "Non-negotiable"),
            "sources": chart(sources, "Employers recruiting through each source", "Source"),
            "pain_points": chart(pain_points, "Employers with each pain point", "Pain point"),
        },
    }


def insight_mentions_frame(data: dict) -> pd.DataFrame:
    """The insight tables stacked for download: topic, item, employers."""
    parts = [data[topic].assign(topic=topic.replace("_", " "))
             for topic in ("hard_roles", "non_negotiables", "sources", "pain_points")]
    return pd.concat(parts, ignore_index=True)[["topic", "item", "employers"]]
