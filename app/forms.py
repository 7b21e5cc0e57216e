"""Form helpers shared by the blueprints."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wtforms.fields.choices import SelectChoice


def as_select_choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """(value, label) pairs, e.g. from a query, as SelectField choices (WTForms 3.4 drops tuples)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]
