"""The outcome charts, built once for the dashboards and the PDF reports alike."""

from __future__ import annotations

from typing import Any

import numpy as np
from markupsafe import Markup

from app.charts import BLUE, BROWN, GREEN, bar_chart, column_chart, funnel_chart

#: days-to-placement buckets: (label, lowest day, highest day)
DAY_BUCKETS = (("0", 0, 0), ("1–30", 1, 30), ("31–60", 31, 60), ("61–90", 61, 90), ("91–180", 91, 180))


def placement_funnel(figures: dict[str, Any]) -> list[tuple[str, int]]:
    """From starters to retained at 180 days, for one scope's figures."""
    return [
        ("Starters", figures["starters"]),
        ("Completers", figures["completers"]),
        ("Seeking work", figures["job_seeking_completers"]),
        ("Placed in 180 days", figures["placed_180"]),
        ("Retained at 180 days", figures["retention_180"]["retained"]),
    ]


def day_buckets(days: list[int]) -> list[tuple[str, int]]:
    values = np.asarray(days, dtype=np.int64)  # ~30,000 at national scale: counted in numpy
    return [(label, int(((values >= low) & (values <= high)).sum())) for label, low, high in DAY_BUCKETS]


def outcome_charts(figures: dict[str, Any], series: dict[str, Any], *, partners: bool = True) -> dict[str, Markup]:
    """SVG charts for one scope: its figures plus the series of outcomes_with_series()."""
    charts = {
        "funnel": funnel_chart(placement_funnel(figures), "Placement funnel: starters to retained at 180 days",
                               value_label="People (share of starters)"),
        "days": column_chart(day_buckets(series["days_to_placement"]), "Days from cohort end to first placement",
                             category_label="Days from cohort end", value_label="People placed", colour=GREEN),
        "over_time": column_chart(series["placements_by_month"][-18:], "Placements by month",
                                  category_label="Month placed", value_label="Placements", colour=BLUE),
    }
    if partners:
        by_cohorts = series["partners_by_cohorts"]
        items = [(f"{n} cohort{'s' if n != 1 else ''}", count) for n, count in sorted(by_cohorts.items())]
        charts["partners"] = bar_chart(items, "Hiring partners by the number of cohorts they hired from",
                                       category_label="Hired from", value_label="Hiring partners", colour=BROWN)
    return charts
