"""The library as CSV: an import that writes every row or none, and the export staff download."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select

from app.audit import record_audit
from app.extensions import db
from app.models import User
from app.reporting import rows_frame
from cohorts.errors import CohortRuleError
from cohorts.learning.gaps import Stats
from cohorts.learning.services import ResourceFields, add_resource, clean_fields, skill_levels_text
from cohorts.models import LearningResource

#: the columns an import reads and an export writes first (title, url and skills are required)
COLUMNS = ("title", "url", "provider", "format", "cost", "currency", "hours", "language", "skills")
REQUIRED = ("title", "url", "skills")
#: the most rows one file may hold
MAX_ROWS = 2000


@dataclass
class ImportResult:
    """What an import did, or why it did nothing: problems by row (1 = the first row under the header)."""

    created: int = 0
    skipped: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def read_rows(data: bytes) -> list[dict[str, str]]:
    """The file's rows as text; refuses a file that is not a CSV with the required columns."""
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (ValueError, UnicodeDecodeError, pd.errors.ParserError) as error:
        raise CohortRuleError(f"The file could not be read as CSV ({error}).", "file") from None
    frame.columns = [str(c).strip().lower() for c in frame.columns]
    if missing := [c for c in REQUIRED if c not in frame.columns]:
        raise CohortRuleError(f"The file lacks the column(s): {', '.join(missing)}.", "file")
    if len(frame) > MAX_ROWS:
        raise CohortRuleError(f"Import at most {MAX_ROWS} rows at a time.", "file")
    return [{c: str(row.get(c, "")).strip() for c in COLUMNS} for row in frame.to_dict("records")]


def import_resources(user: User, data: bytes) -> ImportResult:
    """Add every row as an approved resource, or nothing when any row is wrong; a known address is skipped."""
    rows = read_rows(data)
    result = ImportResult()
    known = set(db.session.scalars(select(LearningResource.url)))
    checked: list[ResourceFields] = []
    for number, row in enumerate(rows, start=1):
        fields = ResourceFields(**{k: v for k, v in row.items() if k in COLUMNS and v != ""} | {
            "title": row["title"], "url": row["url"], "skills": row["skills"]})
        try:
            fields.skills = clean_fields(fields)["skills"]
        except CohortRuleError as error:
            result.problems.append(f"Row {number} ({error.field or 'row'}): {error}")
            continue
        if fields.url in known:
            result.skipped.append(f"Row {number}: {fields.url} is already in the library.")
            continue
        known.add(fields.url)
        checked.append(fields)
    if result.problems:
        return result
    with db.session.no_autoflush:
        for fields in checked:
            add_resource(user, fields, audited=False)
    result.created = len(checked)
    record_audit(user, "learning_resource", "import", "import", {"created": result.created,
                                                                "skipped": len(result.skipped)})
    return result


def export_frame(resources: list[LearningResource], stats: dict[int, Stats]) -> pd.DataFrame:
    """The library as a table whose first columns an import reads back."""
    rows = []
    for r in resources:
        s = stats.get(r.id, Stats())
        rows.append([r.title, r.url, r.provider, r.format, r.cost, r.currency, r.hours, r.language,
                     skill_levels_text(r), r.status, round(s.average, 2) if s.average is not None else None,
                     s.raters, s.started, s.done, r.link_broken_since is not None, r.review_flagged_at is not None])
    return rows_frame(rows, [*COLUMNS, "status", "average_rating", "raters", "started", "done",
                             "link_broken", "flagged"])
