"""The charts' colours in one place, for the page and the PDF alike, with the WCAG contrast maths.

Every text a chart draws sits either on the chart's background or on a bar of one of the series
colours; ``TEXT_PAIRS`` lists each (text colour, fill) pair the chart code can emit, so a test can
hold all of them to the 4.5:1 contrast ratio of WCAG 2.x (1.4.3).
"""

from __future__ import annotations

#: the chart's own background (the SVG paints it, so a page's colours never show through)
BACKGROUND = "#ffffff"
#: titles, axis labels, category labels and values beside bars
INK = "#1b1f24"
#: notes such as "No data yet", and the axis lines
MUTED = "#4a5560"
#: text on a bar when it is lighter than the bar
LIGHT = "#ffffff"

BLUE = "#0b5cad"
BROWN = "#7a3e00"
GREEN = "#116329"
RED = "#a40e26"
PURPLE = "#5a3d9a"
SLATE = "#33414e"
#: the bar colours; each has at least 4.5:1 against the background (bars need only 3:1, WCAG 1.4.11)
SERIES = (BLUE, BROWN, GREEN, RED, PURPLE, SLATE)
#: the least contrast text may have against what it is drawn on
MIN_TEXT_CONTRAST = 4.5


def relative_luminance(colour: str) -> float:
    """WCAG relative luminance of a #rrggbb colour, 0 (black) to 1 (white)."""
    value = colour.lstrip("#")
    if len(value) != 6:
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    channels = []
    for start in (0, 2, 4):
        c = int(value[start:start + 2], 16) / 255
        channels.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    """WCAG contrast ratio of two colours, 1 to 21, in either order."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def text_on(fill: str) -> str:
    """The text colour (light or ink) that reads best on ``fill``."""
    return max((LIGHT, INK), key=lambda text: contrast_ratio(text, fill))


def series_colour(colour: str) -> str:
    """``colour`` when it is one of the series colours; anything else would escape the contrast test."""
    if colour.lower() not in SERIES:
        raise ValueError(f"{colour!r} is not a chart series colour (app.charts.palette.SERIES)")
    return colour.lower()


#: every (text colour, fill) pair the chart code can emit
TEXT_PAIRS = (
    (INK, BACKGROUND),
    (MUTED, BACKGROUND),
    *((text_on(fill), fill) for fill in SERIES),
)
