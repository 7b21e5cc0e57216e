"""Plug points a feature package fills in, so app/ never imports a feature (arrows point inward)."""

from __future__ import annotations

from collections.abc import Callable

#: returns [(employer id, name)] for the employer choice of invitation and role forms
employer_choices_provider: Callable[[], list[tuple[int, str]]] | None = None


def set_employer_choices_provider(provider: Callable[[], list[tuple[int, str]]]) -> None:
    """Called by the employers package at init_app: it owns the Employer table."""
    global employer_choices_provider
    employer_choices_provider = provider


def employer_choices() -> list[tuple[int, str]]:
    """The employers an employer contact may belong to; empty until the employers feature is installed."""
    return list(employer_choices_provider()) if employer_choices_provider else []
