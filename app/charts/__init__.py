"""SVG charts for the pages and the PDFs: the builders (svg), their colours (palette), text widths (text)."""

from app.charts.palette import BLUE, BROWN, GREEN, PURPLE, RED, SERIES, SLATE
from app.charts.svg import bar_chart, column_chart, format_value, funnel_chart

__all__ = ["BLUE", "BROWN", "GREEN", "PURPLE", "RED", "SERIES", "SLATE", "bar_chart", "column_chart",
           "format_value", "funnel_chart"]
