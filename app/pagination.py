"""Pages of a list already in memory, for the same `paginate` macro as the database lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_sqlalchemy.pagination import Pagination


class ListPagination(Pagination):
    """Flask-SQLAlchemy's Pagination over a sequence: ``ListPagination(items=rows, page=…, per_page=…)``.

    For figures computed in one pass (the outcomes by cohort): the whole list exists already,
    but a page of it is what the browser should have to render.
    """

    def _query_items(self) -> list[Any]:
        rows: Sequence[Any] = self._query_args["items"]
        return list(rows[self._query_offset:self._query_offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["items"])
