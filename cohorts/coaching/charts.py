"""The calibration chart of a model version: server-rendered SVG, as every chart is."""

from __future__ import annotations

from markupsafe import Markup

from app.charts import GREEN, column_chart


def calibration_chart(calibration: list[list[float]]) -> Markup:
    """Share actually placed for each band of predicted probability (a calibrated model follows the bands)."""
    items = [(f"{round(p * 100)}% (n={n})", round(o * 100, 1)) for p, o, n in calibration]
    return column_chart(items, "Calibration: share placed by predicted probability",
                        category_label="Mean predicted probability (people)", value_label="Share placed (%)",
                        colour=GREEN)
