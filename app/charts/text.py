"""How wide a chart's text will be, so labels are given room instead of being cut off.

The widths are DejaVu Sans's advance widths (the font the PDF uses, and the first one the SVG asks
for; Verdana, next in line, is as wide). A character missing from the table counts as a full em,
and every estimate carries a small margin, so the estimate errs on the wide side.
"""

from __future__ import annotations

#: the fonts the charts ask for, widest-metrics first
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
#: advance width in em → the characters of that width (DejaVu Sans, rounded up to 0.01 em)
_WIDTHS_EM = {
    0.28: "'ijl", 0.29: "IJ", 0.32: " ,.’", 0.34: "/:;\\|", 0.35: "f", 0.36: "-", 0.39: "()[]t",
    0.40: "!", 0.41: "r", 0.46: '"', 0.50: "*_`–", 0.52: "s", 0.53: "?z", 0.55: "c", 0.56: "L",
    0.57: "F", 0.58: "k", 0.59: "vxy", 0.60: "P", 0.61: "TYaeoé", 0.63: "Ehnu",
    0.64: "$0123456789Sbdgpq{}", 0.66: "K", 0.68: "AV", 0.69: "BRXZ", 0.70: "C", 0.73: "U", 0.75: "HN",
    0.77: "D", 0.78: "&G", 0.79: "OQ", 0.82: "w", 0.84: "#+<=>^~×", 0.86: "M", 0.95: "%", 0.97: "m",
    0.99: "W", 1.00: "@—…",
}
CHAR_EM = {char: width for width, chars in _WIDTHS_EM.items() for char in chars}
#: a character the table does not know (accented, non-Latin …) counts as this wide
UNKNOWN_EM = 1.0
#: bold text is about a tenth wider than regular
BOLD_FACTOR = 1.1
#: the estimate's safety margin, for fonts a little wider than DejaVu Sans
MARGIN = 1.05


def text_width(text: str, size: float, *, bold: bool = False) -> float:
    """Estimated width in user units of ``text`` set at ``size`` (never less than the real width in DejaVu Sans)."""
    ems = sum(CHAR_EM.get(char, UNKNOWN_EM) for char in text)
    return ems * size * MARGIN * (BOLD_FACTOR if bold else 1.0)


def wrap(text: str, size: float, max_width: float, *, bold: bool = False) -> list[str]:
    """``text`` broken between words into lines no wider than ``max_width``; a word longer than that keeps a line of its own.

    Nothing is ever dropped: joining the lines with spaces gives the words of ``text`` back.
    """
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold=bold) <= max_width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def widest(lines, size: float, *, bold: bool = False) -> float:
    """The estimated width of the widest of ``lines`` (0 for none)."""
    return max((text_width(line, size, bold=bold) for line in lines), default=0.0)
