"""The demo's interview day: an employer's slots, two bookings and one scored interview."""

from __future__ import annotations

from typing import Any


def build(demo: Any) -> None:
    """Filled in once interview days exist."""
