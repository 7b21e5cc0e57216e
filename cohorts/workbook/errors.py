"""What goes wrong in a workbook, said the way docs/WORKBOOK.md describes: sheet, row, column."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class WorkbookError:
    """One problem; str() gives the spec's line `SHEET row N, COLUMN: message`."""

    #: sort key: sheets in workbook order, then row; set by whoever builds the error
    order: int
    sheet: str
    row: int | None
    column_order: int
    column: str | None
    message: str

    @classmethod
    def at(cls, sheet: str, row: int | None, column: str | None, message: str) -> WorkbookError:
        from cohorts.workbook.schema import SHEET_ORDER, SHEETS_BY_NAME

        known = SHEETS_BY_NAME.get(sheet)
        column_order = known.column_names.index(column) if known and column in known.by_name else 99
        return cls(SHEET_ORDER.get(sheet, -1), sheet, row, column_order, column, message)

    def __str__(self) -> str:
        if self.row is None:
            return f"{self.sheet}: {self.message}"
        if self.column is None:
            return f"{self.sheet} row {self.row}: {self.message}"
        return f"{self.sheet} row {self.row}, {self.column}: {self.message}"


def sorted_errors(errors: list[WorkbookError]) -> list[WorkbookError]:
    """File-level problems first, then by sheet order, row and column (stable within a cell)."""
    return sorted(errors, key=lambda e: (e.order, e.row or 0, e.column_order))
