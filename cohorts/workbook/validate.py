"""Check a read workbook against the schema and turn its text into typed values.

Checks run column by column over whole frames (pandas), so a million attendance rows cost a
few vectorised passes, and every problem is collected: nothing stops at the first error.
Typed values are the ones the database holds (dates, UTC date-times, ints, bools, enum
values), so the plan can compare them with existing rows as they are.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import numpy as np
import pandas as pd

from app.models import Skill
from cohorts.models import placement_term_problems
from cohorts.workbook.errors import WorkbookError
from cohorts.workbook.reader import RawWorkbook
from cohorts.workbook.schema import SHEETS, SHEETS_BY_NAME, Column, Sheet

EMAIL = r"[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+"
BOOLEANS = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}
#: a leading ' that protected a formula-like text ('=…, '+…, '-…, '@…, a TAB or CR; ''=… keeps one ')
QUOTED_FORMULA = r"^'(?='*[=+\-@\t\r])"
IMPORTANCE = ("must", "nice")


@dataclass
class ParsedWorkbook:
    #: sheet → frame of typed values (present columns only), index = spreadsheet row
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: skill label_key → the label as first written
    skill_labels: dict[str, str] = field(default_factory=dict)
    errors: list[WorkbookError] = field(default_factory=list)


class _Checker:
    def __init__(self, parsed: ParsedWorkbook, sheet: Sheet, zone: ZoneInfo) -> None:
        self.parsed, self.sheet, self.zone = parsed, sheet, zone
        #: while a column's distinct values are parsed, errors wait here keyed by value
        self.pending: list[tuple[int, str | None, str]] | None = None

    def error(self, row: int | None, column: str | None, message: str) -> None:
        if self.pending is not None:
            self.pending.append((row, column, message))
        else:
            self.parsed.errors.append(WorkbookError.at(self.sheet.name, row, column, message))

    def parse_distinct(self, column: Column, cells: pd.Series) -> pd.Series:
        """Parse each distinct cell once (a million attendance rows hold a few thousand
        distinct values), then spread values and errors back over the rows."""
        codes, uniques = pd.factorize(cells.to_numpy(dtype=object))
        text = pd.Series(uniques, dtype=object).str.strip()
        quoted = text.str.startswith("'")
        if quoted.any():
            text = text.where(~quoted, text.str.replace(QUOTED_FORMULA, "", regex=True))
        self.pending = []
        try:
            values = self.parse(column, text)
        finally:
            pending, self.pending = self.pending, None
        if pending:
            by_code: dict[int, list] = {}
            for code, name, message in pending:
                by_code.setdefault(code, []).append((name, message))
            for position in np.flatnonzero(np.isin(codes, list(by_code))):
                for name, message in by_code[codes[position]]:
                    self.error(int(cells.index[position]), name, message)
        return pd.Series(values.to_numpy(dtype=object)[codes], index=cells.index, dtype=object)

    def errors(self, column: Column, mask: pd.Series, text: pd.Series, message: str) -> None:
        """One error per row in ``mask``; ``message`` may use {v} for the cell text."""
        for row, value in text[mask].items():
            self.error(row, column.name, message.format(v=value))

    # --- one column -----------------------------------------------------------------

    def parse(self, column: Column, text: pd.Series) -> pd.Series:
        filled = text != ""
        if column.required:
            self.errors(column, ~filled, text, "a value is required")
        parser = getattr(self, f"_{column.kind}")
        values = parser(column, text, filled)
        if column.max_length and column.kind in ("text", "email", "ref", "programme", "skill"):
            self.errors(column, text.str.len() > column.max_length, text,
                        f"longer than {column.max_length} characters")
        return values

    def _text(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        return text if column.default == "" else text.where(filled, column.default)

    _programme = _text

    def _email(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        lower = text.str.lower()
        self.errors(column, filled & ~lower.str.fullmatch(EMAIL), text, '"{v}" is not an email address')
        return lower.where(filled, None)

    def _ref(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        if column.target == "participants":
            return self._email(column, text, filled)
        return text.where(filled, None)

    def _int(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        ok = text.str.fullmatch(r"[+-]?\d{1,15}")
        self.errors(column, filled & ~ok, text, '"{v}" is not a whole number')
        values = text.where(ok & filled).map(lambda v: int(v) if isinstance(v, str) else None)
        numbers = pd.to_numeric(values, errors="coerce")
        if column.minimum is not None:
            self.errors(column, numbers < column.minimum, text, f"must be at least {column.minimum}")
        if column.maximum is not None:
            self.errors(column, numbers > column.maximum, text, f"must be at most {column.maximum}")
        return values.astype(object).where(ok & filled, None)

    def _decimal(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        ok = text.str.fullmatch(r"\d{1,3}(\.\d{1,2})?")
        self.errors(column, filled & ~ok, text, '"{v}" is not a number with at most 2 decimals')
        return text.where(ok & filled).map(lambda v: Decimal(v) if isinstance(v, str) else None)

    def _bool(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        values = text.str.lower().map(BOOLEANS)
        self.errors(column, filled & values.isna(), text, '"{v}" is not yes or no')
        return values.astype(object).where(filled, column.default)

    def _enum(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        lower = text.str.lower()
        bad = filled & ~lower.isin(column.choices)
        self.errors(column, bad, text, '"{v}" is not one of: ' + ", ".join(column.choices))
        values = lower.where(filled, column.default)
        if all(choice.isdigit() for choice in column.choices):  # retention day marks
            values = values.map(lambda v: int(v) if isinstance(v, str) and v.isdigit() else None)
        return values.astype(object)

    def _date(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        shaped = text.str.fullmatch(r"\d{4}-\d{2}-\d{2}(T00:00)?")
        stamps = pd.to_datetime(text.where(shaped).str[:10], format="%Y-%m-%d", errors="coerce")
        good = stamps.notna()
        self.errors(column, filled & ~good, text, '"{v}" is not a date (YYYY-MM-DD)')
        return pd.Series([s.date() if ok else None for s, ok in zip(stamps, good)],
                         index=text.index, dtype=object)

    def _datetime(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        def local_to_utc(value: str):
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}", value):
                return None
            try:
                naive = datetime.strptime(value, "%Y-%m-%dT%H:%M")
            except ValueError:
                return None
            return naive.replace(tzinfo=self.zone).astimezone(UTC)

        values = text.map(local_to_utc).astype(object)
        self.errors(column, filled & values.isna(), text, '"{v}" is not a date-time (YYYY-MM-DDTHH:MM)')
        return values.where(filled, None)

    def _skill(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        keys = text.map(Skill.key_for)
        for key, label in zip(keys[filled], text[filled]):
            self.parsed.skill_labels.setdefault(key, " ".join(label.split()))
        return keys.where(filled, None)

    def _refs(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        return text.map(lambda v: frozenset(i.strip() for i in v.split(";") if i.strip()))

    def _skills(self, column: Column, text: pd.Series, filled: pd.Series) -> pd.Series:
        return pd.Series([self._skill_list(column, row, cell) for row, cell in text.items()],
                         index=text.index, dtype=object)

    def _skill_list(self, column: Column, row: int, cell: str) -> frozenset:
        seen: dict[str, tuple] = {}
        for item in (i.strip() for i in cell.split(";")):
            if not item:
                continue
            rest, _, last = item.rpartition(":")
            importance = "must"
            if last.strip().lower() in IMPORTANCE:
                importance = last.strip().lower()
                rest, _, last = rest.rpartition(":")
            label, level = " ".join(rest.split()), last.strip()
            if not label or not level.isdigit():
                self.error(row, column.name, f'"{item}" is not label:level or label:level:must|nice')
                continue
            if not 1 <= int(level) <= 4:
                self.error(row, column.name, f'the level of "{label}" must be 1 to 4, not {level}')
                continue
            key = Skill.key_for(label)
            if key in seen:
                self.error(row, column.name, f'"{label}" is listed twice')
                continue
            if len(label) > 300:
                self.error(row, column.name, f'"{label[:40]}…" is longer than 300 characters')
                continue
            self.parsed.skill_labels.setdefault(key, label)
            seen[key] = (key, int(level), importance)
        return frozenset(seen.values())

    # --- one sheet ------------------------------------------------------------------

    def header(self, frame: pd.DataFrame) -> list[str] | None:
        """Column names to parse, or None when the sheet cannot be read row by row."""
        columns = list(frame.columns)
        duplicated = pd.Index(columns).duplicated()
        for name, twice in zip(columns, duplicated):
            if twice:
                self.error(1, name, "the column appears twice")
            elif name not in self.sheet.by_name:
                self.error(1, name, "unknown column (expected: " + ", ".join(self.sheet.column_names) + ")")
        missing = [c for c in self.sheet.required_columns if c not in columns]
        for name in missing:
            self.error(1, name, "this required column is missing")
        if any(name in self.sheet.key for name in missing) or duplicated.any():
            return None
        return [c for c in self.sheet.column_names if c in columns]

    def frame(self, frame: pd.DataFrame) -> pd.DataFrame | None:
        names = self.header(frame)
        if names is None:
            return None
        typed = {name: self.parse_distinct(self.sheet.by_name[name], frame[name]) for name in names}
        result = pd.DataFrame(typed, index=frame.index, dtype=object)
        self.duplicates(result)
        self.row_rules(result)
        return result

    def duplicates(self, frame: pd.DataFrame) -> None:
        key = list(self.sheet.key)
        keyed = frame[frame[key].notna().all(axis=1)]
        if not keyed.duplicated(subset=key).any():
            return
        rows = pd.Series(keyed.index, index=keyed.index)
        first = rows.groupby([keyed[k] for k in key], sort=False).transform("min")
        for row, first_row in first[first != rows].items():
            shown = keyed.at[row, key[0]] if len(key) == 1 else "this " + self.sheet.noun
            self.error(row, key[0], f'"{shown}" appears twice (first on row {first_row})'
                       if len(key) == 1 else f"{shown} appears twice (first on row {first_row})")

    def row_rules(self, frame: pd.DataFrame) -> None:
        """Rules across cells that the database also enforces."""
        ordered = {
            "hiring_needs": ("salary_min", "salary_max", "must not be below salary_min", False),
            "cohorts": ("starts_on", "ends_on", "must not be before starts_on", False),
            "sessions": ("starts_at", "ends_at", "must be after starts_at", True),
            "enrolments": ("enrolled_on", "exited_on", "must not be before enrolled_on", False),
        }.get(self.sheet.name)
        if ordered and ordered[0] in frame and ordered[1] in frame:
            low, high, message, strict = ordered
            both = frame[frame[low].notna() & frame[high].notna()]
            for row, a, b in zip(both.index, both[low], both[high]):
                if b < a or (strict and b == a):
                    self.error(row, high, message)


def validate(raw: RawWorkbook, db_keys: Callable[[str], set], zone: ZoneInfo) -> ParsedWorkbook:
    """Typed frames for every known sheet and every error found, references included."""
    parsed = ParsedWorkbook(errors=list(raw.errors))
    for name, frame in raw.frames.items():
        if name not in SHEETS_BY_NAME and len(frame.columns):
            parsed.errors.append(WorkbookError.at(
                name, None, None,
                "unknown sheet (expected: " + ", ".join(s.name for s in SHEETS) + ")"))
    for sheet in SHEETS:
        frame = raw.frames.get(sheet.name)
        if frame is None or not len(frame.columns):
            continue
        typed = _Checker(parsed, sheet, zone).frame(frame)
        if typed is not None:
            parsed.frames[sheet.name] = typed
    _check_references(parsed, db_keys)
    return parsed


def _check_references(parsed: ParsedWorkbook, db_keys: Callable[[str], set]) -> None:
    """Every reference names a row of this workbook or a record already in the database."""
    known: dict[str, set] = {}

    def keys_of(target: str) -> set:
        if target not in known:
            target_sheet = SHEETS_BY_NAME[target]
            frame = parsed.frames.get(target)
            here = set(frame[target_sheet.key[0]].dropna()) if frame is not None else set()
            known[target] = here | db_keys(target)
        return known[target]

    for sheet in SHEETS:
        frame = parsed.frames.get(sheet.name)
        if frame is None:
            continue
        for column in sheet.columns:
            if column.target is None or column.name not in frame:
                continue
            target = SHEETS_BY_NAME[column.target]
            where = f"(not in the {target.name} sheet or the database)"
            values = frame[column.name]
            if column.kind == "ref":
                distinct = pd.unique(values.dropna().to_numpy(dtype=object))
                unknown = [v for v in distinct if v not in keys_of(column.target)]
                if not unknown:
                    continue
                missing = values.isin(unknown)
                for row, value in values[missing].items():
                    parsed.errors.append(WorkbookError.at(
                        sheet.name, row, column.name, f'unknown {target.noun} "{value}" {where}'))
            else:
                for row, refs in values.items():
                    for value in sorted(refs - keys_of(column.target)):
                        parsed.errors.append(WorkbookError.at(
                            sheet.name, row, column.name, f'unknown {target.noun} "{value}" {where}'))


#: (salary_min, salary_max, currency) of a programme by name; a programme new in the workbook takes
#: the defaults a new programme gets
SalaryRange = tuple[int, int, str]


def check_placement_terms(parsed: ParsedWorkbook, existing_enrolments: pd.DataFrame,
                          programme_ranges: dict[str, SalaryRange], existing_cohorts: pd.DataFrame,
                          default_range: SalaryRange) -> None:
    """The portals' rule for a job's terms (cohorts.models.placement_term_problems), as row errors.

    Openings are not checked: history may hold more hires than a need's openings (docs/OUTCOMES.md
    caps filled openings with min()).
    """
    frame = parsed.frames.get("placements")
    if frame is None or not len(frame):
        return
    enrolled: dict[tuple, object] = {}
    for source in (existing_enrolments, parsed.frames.get("enrolments")):
        if source is not None and len(source):
            enrolled.update(zip(zip(source["email"], source["cohort"]), source["enrolled_on"]))
    programme_of: dict[str, str] = {}
    for source in (existing_cohorts, parsed.frames.get("cohorts")):
        if source is not None and len(source):
            programme_of.update(zip(source["code"], source["programme"]))

    def column(name: str) -> pd.Series:
        return frame[name] if name in frame else pd.Series(None, index=frame.index, dtype=object)

    rows = zip(frame.index, column("email"), column("cohort"), column("start_date"), column("offer_accepted_on"),
               column("hours_per_week"), column("annual_salary"))
    for row, email, cohort, start, offer, hours, salary in rows:
        low, high, currency = programme_ranges.get(programme_of.get(cohort), default_range)
        for field_name, message in placement_term_problems(
            start_date=_value(start), offer_accepted_on=_value(offer), enrolled_on=_value(enrolled.get((email, cohort))),
            hours_per_week=_value(hours), annual_salary=_value(salary), salary_range=(low, high), currency=currency,
        ):
            parsed.errors.append(WorkbookError.at("placements", row, field_name, message))


def _value(cell):
    return None if cell is None or (isinstance(cell, float) and np.isnan(cell)) or cell is pd.NaT else cell


def localise_session_times(parsed: ParsedWorkbook, parsed_in: ZoneInfo, zone_of_cohort: Callable[[str], ZoneInfo]) -> None:
    """Session date-times are local to the cohort's programme (docs/PROGRAMME_SETTINGS.md): the
    cells were read on ``parsed_in``'s clock; read them again on each cohort's own."""
    frame = parsed.frames.get("sessions")
    if frame is None or "cohort" not in frame:
        return
    for name in ("starts_at", "ends_at"):
        if name in frame:
            frame[name] = pd.Series([_on_clock(value, parsed_in, zone_of_cohort(cohort))
                                     for value, cohort in zip(frame[name], frame["cohort"])],
                                    index=frame.index, dtype=object)


def _on_clock(value, read_in: ZoneInfo, zone: ZoneInfo):
    value = _value(value)
    if value is None or zone == read_in:
        return value
    return value.astimezone(read_in).replace(tzinfo=zone).astimezone(UTC)
