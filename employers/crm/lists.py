"""The staff lists' reads: a page of hiring needs, and the employers list's filter choices and page, as plain rows.

Five queries whatever the number of employers: the sectors, the regions, the page's rows,
their total (kept by triggers unfiltered, counted on employers alone under a filter) and the page's open openings. Rows, not entities: the list
shows six columns of 25 employers. The unfiltered list's statements are built once per process.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import cache
from typing import Any, NamedTuple

from sqlalchemy import Select, bindparam, func, select

from app.extensions import db
from app.models import RowCount
from app.pagination import RowPagination
from employers.crm.queries import filter_employers
from employers.models import (
    Employer,
    EmployerStatus,
    HiringNeed,
    HiringNeedSkill,
    HiringNeedStatus,
    Importance,
    SizeBand,
)


class EmployerListRow(NamedTuple):
    id: int
    name: str
    sector: str
    region: str
    size_band: SizeBand | None
    status: EmployerStatus


@cache
def _fixed_selects() -> tuple[tuple[Select, Select], Select, Select, Select]:
    """The filter choices, the unfiltered list and its count, and the openings of :ids."""
    # one query a column: each walks its index (DISTINCT … ORDER BY the column), a UNION of them would not
    choices = tuple(select(column).where(column != "").distinct().order_by(column)
                    for column in (Employer.sector, Employer.region))
    openings = (select(HiringNeed.employer_id, func.coalesce(func.sum(HiringNeed.openings), 0))
                .where(HiringNeed.employer_id.in_(bindparam("ids", expanding=True)),
                       HiringNeed.status == HiringNeedStatus.open)
                .group_by(HiringNeed.employer_id))
    # the unfiltered total is kept by triggers (app.models.count_rows): no count of every employer per view
    return choices, _rows_select(), select(RowCount.value).where(RowCount.name == "employers"), openings


def _rows_select() -> Select:
    return select(Employer.id, Employer.name, Employer.sector, Employer.region, Employer.size_band, Employer.status)


def filter_options() -> dict[str, list[str]]:
    """{"sectors": […], "regions": […]}: the non-blank values in use, sorted (two queries)."""
    sectors, regions = _fixed_selects()[0]
    return {"sectors": list(db.session.scalars(sectors)), "regions": list(db.session.scalars(regions))}


def filtered_employers(query: Select, q=None, status=None, sector=None, region=None, **crm_filters) -> Select:
    """The employers list's filters on a select of employers (the page, its count, the download)."""
    if q:
        escaped = q.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(func.lower(Employer.name).like(f"%{escaped}%", escape="\\"))
    if status:
        query = query.where(Employer.status == status)
    if sector:
        query = query.where(Employer.sector == sector)
    if region:
        query = query.where(Employer.region == region)
    return filter_employers(query, **crm_filters)


def employers_page(page: int = 1, per_page: int | None = None, **filters) -> tuple[RowPagination, dict[int, int]]:
    """A page of employers by name (unique) as rows, and {employer id: open openings} of the page's employers."""
    _, rows, count, openings = _fixed_selects()
    if filters:
        rows, count = filtered_employers(_rows_select(), **filters), filtered_employers(select(func.count()).select_from(Employer),
                                                                       **filters)
    pagination = RowPagination(select=rows.order_by(Employer.name), count_select=count, row=EmployerListRow, page=page,
                               per_page=per_page, error_out=False)
    ids = [row.id for row in pagination.items]
    return pagination, dict(db.session.execute(openings, {"ids": ids}).all()) if ids else {}


class NeedListRow(NamedTuple):
    id: int
    ref: str
    role_title: str
    employer_id: int
    employer_name: str
    region: str
    openings: int
    needed_by: date | None
    status: HiringNeedStatus
    submitted_at: datetime | None
    must_haves: int
    competencies: int

    @property
    def display_status(self) -> HiringNeedStatus | str:
        """As HiringNeed.display_status: a submitted draft reads "submitted for review" to its employer."""
        if self.status == HiringNeedStatus.draft and self.submitted_at is not None:
            return "submitted_for_review"
        return self.status


def _competency_count(*where) -> Any:
    return (select(func.count()).select_from(HiringNeedSkill)
            .where(HiringNeedSkill.hiring_need_id == HiringNeed.id, *where).scalar_subquery())


@cache
def _need_rows() -> Select:
    """The needs list's columns, each need's competencies counted by its key (built once per process)."""
    return (select(HiringNeed.id, HiringNeed.ref, HiringNeed.role_title, HiringNeed.employer_id, Employer.name,
                   HiringNeed.region, HiringNeed.openings, HiringNeed.needed_by, HiringNeed.status,
                   HiringNeed.submitted_at, _competency_count(HiringNeedSkill.importance == Importance.must),
                   _competency_count())
            .join(Employer, Employer.id == HiringNeed.employer_id)
            .order_by(HiringNeed.needed_by.is_(None), HiringNeed.needed_by, HiringNeed.ref))


_NEEDS_TOTAL = select(RowCount.value).where(RowCount.name == "hiring_needs")


def hiring_needs_page(conditions: list, page: int = 1, per_page: int | None = None) -> RowPagination:
    """A page of needs in the list's order (it walks ix_hiring_needs_list_order) as rows: two queries.
    The total is kept by triggers when nothing filters the list, else counted on hiring_needs alone
    under the filters (all on the need's own columns: the join to employers never changes it)."""
    count = (select(func.count()).select_from(HiringNeed).where(*conditions) if conditions else _NEEDS_TOTAL)
    return RowPagination(select=_need_rows().where(*conditions), count_select=count, row=NeedListRow, page=page,
                         per_page=per_page, error_out=False)
