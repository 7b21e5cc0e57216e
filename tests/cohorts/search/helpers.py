"""A few records of every kind with names that share beginnings, for the search tests."""

from __future__ import annotations

from app.extensions import db
from tests.factories import CohortFactory, EmployerFactory, HiringNeedFactory, ParticipantFactory


def people_and_places() -> dict:
    """Kwame Kowalski and his near namesakes, an employer, a hiring need and a cohort."""
    world = {
        "kwame": ParticipantFactory(first_name="Kwame", last_name="Kowalski", email="kwame.kowalski@example.org"),
        "kwamena": ParticipantFactory(first_name="Kwamena", last_name="Kowalskiewicz", email="k.k@example.org"),
        "ama": ParticipantFactory(first_name="Ama", last_name="Kowalski", email="ama.k@example.org"),
        "other": ParticipantFactory(first_name="Lin", last_name="Chen", email="lin.chen@example.org"),
        "employer": EmployerFactory(name="Kowloon Logistics", sector="Logistics", region="Ottawa"),
        "cohort": CohortFactory(code="SC-2031-04", name="Sales Camp spring"),
    }
    world["need"] = HiringNeedFactory(ref="HN-0005", role_title="Warehouse Supervisor", employer=world["employer"])
    db.session.flush()
    return world
