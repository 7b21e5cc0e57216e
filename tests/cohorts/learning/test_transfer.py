"""The CSV import on any input: a clear refusal or a result, never a crash, never half-written."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import Role
from cohorts.errors import CohortRuleError
from cohorts.learning import queries, transfer
from cohorts.models import LearningResource
from tests import factories

HEADER = "title,url,provider,format,cost,currency,hours,language,skills\n"
cells = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters=",\"\r\n"), max_size=12)


def _count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(LearningResource))


@given(data=st.binary(max_size=300))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_are_refused_clearly_or_read(data):
    staff = factories.user_for_role(Role.staff)
    before = _count()
    try:
        result = transfer.import_resources(staff, data)
    except CohortRuleError as refusal:
        assert refusal.field == "file"
        assert _count() == before
    else:
        assert result.problems or result.created == _count() - before


@pytest.fixture
def negotiation():
    return factories.SkillFactory(label="Negotiation")


@given(rows=st.lists(st.tuples(st.just("A title") | cells, cells, st.just("video") | cells, st.just("0") | cells,
                                st.just("Negotiation: 2") | cells), min_size=1, max_size=4))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_rows_are_all_written_or_none(negotiation, rows):
    staff = factories.user_for_role(Role.staff)
    before = _count()
    text = HEADER + "".join(f"{t},https://x.example.test/{u},,{f},{c},CAD,,en,{s}\n" for t, u, f, c, s in rows)
    result = transfer.import_resources(staff, text.encode())
    if result.problems:
        assert _count() == before and result.created == 0
    else:
        assert _count() == before + result.created


def test_an_export_imports_back_into_an_empty_library():
    resource = factories.ResourceSkillFactory(resource=factories.LearningResourceFactory(title="Round trip")).resource
    db.session.flush()
    frame = transfer.export_frame(*queries.library_rows(queries.LibraryFilters()))
    data = frame.to_csv(index=False).encode()
    db.session.delete(resource)
    db.session.flush()
    result = transfer.import_resources(factories.user_for_role(Role.staff), data)
    assert (result.created, result.problems) == (1, [])
    assert db.session.scalar(sa.select(LearningResource.title)) == "Round trip"
