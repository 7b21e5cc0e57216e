"""What the demo holds beyond the core loop: session ratings, CVs, CRM follow-ups and an interview day.

Called at the end of the demo's build with the builder (cohorts/seed/demo.py), whose people, needs
and cohorts it reuses; like the rest of the demo it flushes, never commits.
"""

from __future__ import annotations

from typing import Any

from cohorts.seed import demo_activity, demo_interviews


def build(demo: Any) -> None:
    demo_activity.build(demo)
    demo_interviews.build(demo)
