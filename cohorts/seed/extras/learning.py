"""The demo's learning library: a dozen resources for the Sales programme's competencies, with the community's marks.

Most are approved, several free; one is suggested by the demo participant and awaits staff approval; one is
rated poorly by five people, so it sinks and is flagged for review; one's link was found broken by the weekly
check. Participants of both Sales cohorts started, finished and rated some. The demo participant (Amara) has
gaps against her cohort's hiring needs, so she sees resources ranked for them; she has started none, so the
journey starts one. Built from the models alone; flushes, never commits.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from cohorts.models import (
    LearningResource,
    ProgressStatus,
    ResourceFormat,
    ResourceProgress,
    ResourceSkill,
    ResourceStatus,
)

COACH = "coach@bridgework.test"
#: title, provider, format, cost (CAD), hours, competencies with the level taught
RESOURCES: tuple[tuple[str, str, str, str, str, tuple[tuple[str, int], ...]], ...] = (
    ("Negotiation fundamentals", "Open Sales Academy", "course", "0", "4", (("Negotiation", 3),)),
    ("Getting to yes in B2B deals", "Harbour Books", "book", "24.99", "8", (("Negotiation", 4), ("Closing", 3))),
    ("Cold calling that works", "SalesCraft Videos", "video", "0", "1.5", (("Cold calling", 3), ("Prospecting", 2))),
    ("The prospecting playbook", "Toronto Sales Institute", "course", "49", "6",
     (("Prospecting", 3), ("Social selling (LinkedIn)", 2))),
    ("Social selling on LinkedIn", "Open Sales Academy", "video", "0", "2", (("Social selling (LinkedIn)", 3),)),
    ("Discovery questions masterclass", "Northwind Analytics", "workshop", "0", "3",
     (("Discovery questioning", 3), ("Active listening", 3))),
    ("Demo like a pro", "Toronto Sales Institute", "course", "79", "5", (("Product demonstration", 3),)),
    ("CRM basics for sales teams", "CRM Trail", "course", "0", "6",
     (("CRM hygiene (Salesforce/HubSpot)", 3), ("Pipeline management", 2))),
    ("Forecasting for new sellers", "Sales Ledger Blog", "article", "0", "0.5", (("Sales forecasting", 2),)),
    ("Objections in ten minutes", "QuickTips Channel", "video", "0", "0.5", (("Objection handling", 3),)),
    ("BANT and MEDDIC explained", "Sales Ledger Blog", "article", "0", "1", (("Lead qualification (BANT/MEDDIC)", 2),)),
    ("Business writing for sales", "Community College Online", "course", "19", "3", (("Business writing", 3),)),
)
#: the one awaiting approval (suggested by the demo participant)
SUGGESTED = ("Active listening in sales calls", "Podcast Sales Talk", "other", "0", "2", (("Active listening", 3),))
POORLY_RATED = "Objections in ten minutes"
BROKEN_LINK = "Business writing for sales"
#: resource title → ratings given by successive participants (None: started, not rated)
MARKS = {
    "Negotiation fundamentals": (5, 4, 5, 4, 5, 4),
    "Cold calling that works": (5, 4, 4, None),
    "CRM basics for sales teams": (4, 5, 3),
    "Objections in ten minutes": (2, 1, 2, 3, 1),
    "The prospecting playbook": (4, None),
}


def _url(title: str) -> str:
    return "https://learning.example.org/" + "-".join(title.lower().replace("(", "").replace(")", "").split())


def _resource(spec: tuple, status: ResourceStatus, by_id: int | None, approver_id: int | None, skills) -> LearningResource:
    title, provider, kind, cost, hours, taught = spec
    return LearningResource(
        title=title, url=_url(title), provider=provider, format=ResourceFormat(kind), cost=Decimal(cost),
        currency="CAD", hours=Decimal(hours), language="en", status=status, suggested_by_id=by_id,
        approved_by_id=approver_id, skills=[ResourceSkill(skill=skills[label], level=level) for label, level in taught])


def build(demo: Any) -> None:
    coach = demo.users[COACH]
    noon = datetime.combine(demo.today, time(12), UTC)
    library = {spec[0]: _resource(spec, ResourceStatus.approved, coach.id, coach.id, demo.skills) for spec in RESOURCES}
    amara = demo.participants[0]
    library[SUGGESTED[0]] = _resource(SUGGESTED, ResourceStatus.suggested, amara.user.id if amara.user else None, None, demo.skills)
    library[BROKEN_LINK].link_checked_at = library[BROKEN_LINK].link_broken_since = noon - timedelta(days=2)
    library[POORLY_RATED].review_flagged_at = noon - timedelta(days=5)
    demo.add_all(library.values())
    learners = demo.participants[1:]  # everyone but Amara, so her journey starts from nothing
    rows, offset = [], 0
    for title, ratings in MARKS.items():
        for n, rating in enumerate(ratings):
            started_on = demo.today - timedelta(days=30 - n)
            done = rating is not None
            rows.append(ResourceProgress(
                participant=learners[(offset + n) % len(learners)], resource=library[title],
                status=ProgressStatus.done if done else ProgressStatus.started, started_on=started_on,
                done_on=started_on + timedelta(days=3) if done else None, rating=rating,
                comment="Clear and practical." if rating and rating >= 4 else ("Too shallow." if rating else "")))
        offset += len(ratings)
    demo.add_all(rows)
