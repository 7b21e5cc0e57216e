"""Form helpers shared by the blueprints."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from functools import lru_cache
from typing import Any

import wtforms
from flask import flash
from flask_wtf import FlaskForm
from markupsafe import Markup
from wtforms import SelectField, SelectMultipleField, widgets
from wtforms.fields.choices import Choice, SelectChoice
from wtforms.validators import ValidationError

from app.errors import RuleError
from app.extensions import db
from app.templating import html_text


def as_select_choices(pairs: Iterable[tuple[Any, str]]) -> list[SelectChoice]:
    """(value, label) pairs, e.g. from a query, as SelectField choices (WTForms 3.4 drops tuples)."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class RowSelect(widgets.Select):
    """Select's HTML for a RowSelectField, its options written in one pass."""

    def __call__(self, field: RowSelectField, **kwargs: Any) -> Markup:
        kwargs.setdefault("id", field.id)
        flags = getattr(field, "flags", {})
        for name in self.validation_attrs:
            if name not in kwargs and getattr(flags, name, False):
                kwargs[name] = getattr(flags, name)
        try:
            options = _options_kept(tuple(field.rows), field.data, field.coerce)
        except TypeError:  # a value that cannot be a key (a list): written each time
            options = _options(field.rows, field.data, field.coerce)
        return Markup(f"<select {widgets.html_params(name=field.name, **kwargs)}>{options}</select>")


def _options(rows: Iterable[tuple[Any, str]], data: Any, coerce: Any) -> str:
    return "".join(
        f'<option {"selected " if coerce(value) == data else ""}value="{html_text(value)}">'
        f"{html_text(label or value)}</option>"
        for value, label in rows
    )


#: the options of the last drop-downs drawn, by their rows and choice: a national programme's
#: 300 cohorts took ~125 µs to write and ~20 µs to look up
_options_kept = lru_cache(maxsize=64)(_options)


class RowSelectField(SelectField):
    """A drop-down over (value, label) rows from a query, e.g. every cohort of a national programme.

    SelectField makes new objects from its choices on every pass (validation, rendering, the
    forms macro's first option) and writes each option through html_params: at hundreds of
    options, most of a list page's time. This one keeps the rows as they came and writes them in
    one pass: the same HTML and the same validation. Set ``rows``, not ``choices``.
    """

    widget = RowSelect()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows: list[tuple[Any, str]] = []

    @property
    def choices(self) -> list[SelectChoice]:
        return as_select_choices(self.rows)

    def has_groups(self) -> bool:
        return False

    def iter_choices(self) -> Iterator[Choice]:
        data, coerce = self.data, self.coerce
        return (Choice(value, label, coerce(value) == data, {}) for value, label in self.rows)

    def pre_validate(self, form: Any) -> None:
        if self.process_errors or not self.validate_choice:
            return
        if not any(self.coerce(value) == self.data for value, _ in self.rows):
            raise ValidationError(self.invalid_choice_message or self.gettext("Not a valid choice."))


def one_line(value: str | None) -> str | None:
    """A single-line field's text with line breaks and runs of spaces folded to one space."""
    return " ".join(value.split()) if isinstance(value, str) else value


class DateField(wtforms.DateField):
    """A date a programme can mean: years 1900–2199. Beyond them arithmetic on the date (as-of
    windows, due dates) overflows, and PostgreSQL and Python disagree on the calendar's ends."""

    earliest, latest = date(1900, 1, 1), date(2199, 12, 31)

    def process_formdata(self, valuelist) -> None:
        super().process_formdata(valuelist)
        if self.data is not None and not self.earliest <= self.data <= self.latest:
            self.data = None
            raise ValueError(f"Enter a date between {self.earliest.year} and {self.latest.year}.")


class EmptyForm(FlaskForm):
    """CSRF only: for POST buttons."""


def show_rule_error(form: FlaskForm | None, error: RuleError) -> None:
    """Show a refused rule's message next to its field, above the form, or (no form) as a flash."""
    for field_name, message in error.problems:
        if form is None:
            flash(message, "error")
            continue
        field = form._fields.get(field_name) if field_name else None
        if field is not None:
            field.errors = [*field.errors, message]
        else:
            form.form_errors.append(message)



def refuse_change(form: FlaskForm | None, error: RuleError) -> None:
    """A refused change keeps nothing: roll back what the service flushed before refusing (so the
    page shows the records as they are), then show the rule as show_rule_error does."""
    db.session.rollback()
    show_rule_error(form, error)


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes, one per choice (the forms macro draws it as a fieldset with a legend)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()
