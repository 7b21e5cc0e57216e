"""RowSelectField: the same HTML and validation as WTForms' SelectField, from plain (value, label) rows."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import Form, SelectField
from wtforms.validators import DataRequired, Optional

from app.forms import RowSelectField, as_select_choices


def _optional_int(value):
    return int(value) if value not in (None, "", "None") else None


class Filters(Form):
    plain = SelectField("Cohort", coerce=_optional_int, validators=[Optional()])
    rows = RowSelectField("Cohort", coerce=_optional_int, validators=[Optional()])
    plain_required = SelectField("Coach", coerce=str, validators=[DataRequired()])
    rows_required = RowSelectField("Coach", coerce=str, validators=[DataRequired()])


labels = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ids = st.lists(st.tuples(st.integers(1, 10_000), labels), max_size=8, unique_by=lambda row: row[0])
words = st.lists(st.tuples(st.text("ab&<'\"", min_size=1, max_size=3), labels), max_size=6, unique_by=lambda r: r[0])
submitted = st.one_of(st.none(), st.just(""), st.just("x"), st.integers(0, 10_000).map(str), st.text("ab&<'\"", max_size=3))


def _form(id_rows, word_rows, cohort, coach) -> Filters:
    data = MultiDict({name: value for name, value in (("plain", cohort), ("rows", cohort), ("plain_required", coach),
                                                      ("rows_required", coach)) if value is not None})
    form = Filters(data)
    form.plain.choices = as_select_choices([("", "Any cohort"), *id_rows])
    form.rows.rows = [("", "Any cohort"), *id_rows]
    form.plain_required.choices = as_select_choices(word_rows)
    form.rows_required.rows = list(word_rows)
    form.validate()
    return form


def _as(html: Markup, name: str, other: str) -> str:
    return str(html).replace(f'"{name}"', f'"{other}"')


@given(id_rows=ids, word_rows=words, cohort=submitted, coach=submitted)
def test_row_select_writes_and_validates_as_select_field(id_rows, word_rows, cohort, coach):
    form = _form(id_rows, word_rows, cohort, coach)
    assert form.rows.errors == form.plain.errors and form.rows.data == form.plain.data
    assert form.rows_required.errors == form.plain_required.errors
    for attrs in ({}, {"aria-invalid": "true", "required": False}):
        assert str(form.rows(**attrs)) == _as(form.plain(**attrs), "plain", "rows")
    assert str(form.rows_required()) == _as(form.plain_required(), "plain_required", "rows_required")
    assert list(form.rows.iter_choices()) == list(form.plain.iter_choices())
    assert [option.data for option in form.rows] == [option.data for option in form.plain]


def test_kept_options_follow_the_rows_and_the_choice():
    rows = [("", "Any cohort"), *((n, f"Cohort {n}") for n in range(1, 301))]
    first = _form(rows[1:], [("a", "A")], "7", "a")
    again = _form(rows[1:], [("a", "A")], "8", "a")
    assert '<option selected value="7">' in str(first.rows()) and '<option selected value="8">' in str(again.rows())
    fewer = _form(rows[1:100], [("a", "A")], "8", "a")
    assert "Cohort 150" in str(again.rows()) and "Cohort 150" not in str(fewer.rows())
