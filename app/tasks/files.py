"""The files jobs read and write: uploads waiting for their job (the ESCO zips) and what a job produced
(a PDF, a CSV). They are kept with app.uploads (in the database, or UPLOAD_DIR), so every web server
and worker reads them, under random tokens; a job's output is served only through its job's page
(app.tasks.views.download_output). Files go after 24 hours (the uploads sweep), or at once after an
erasure.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.reporting import dataframe_to_csv, dataframe_to_xlsx
from app.uploads import Upload, find_upload, local_copy, read_upload, remove_uploads, store_bytes

if TYPE_CHECKING:
    from app.tasks.models import Job

TABLE_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def save_job_input(file: FileStorage, suffix: str) -> str:
    """Keep an upload for a job; returns its token (the job's parameter)."""
    return store_bytes(file.read(), f"{Path(file.filename or 'upload').stem}{suffix}", None).token


@contextmanager
def job_inputs(tokens: list[str]) -> Iterator[list[Path] | None]:
    """Paths a reader can open for the job's uploads (temporary copies, or the shared files); None
    when any is gone (expired or erased)."""
    found = [find_upload(token) for token in tokens]
    if any(upload is None for upload in found):
        yield None
        return
    with ExitStack() as stack:
        yield [stack.enter_context(local_copy(upload)) for upload in found]


def save_job_output(job: Job, filename: str, data: bytes, mimetype: str) -> dict[str, Any]:
    """Store what a job produced; returns the description to keep in ``job.result["file"]``."""
    stored = store_bytes(data, filename, None)
    return {"name": filename, "stored": stored.token, "mimetype": mimetype, "bytes": len(data)}


def save_table_output(job: Job, frame: pd.DataFrame, filename: str, fmt: str) -> dict[str, Any]:
    """A list as the CSV or XLSX a synchronous download would give (formulas neutralised)."""
    data = dataframe_to_xlsx({filename[:31]: frame}) if fmt == "xlsx" else dataframe_to_csv(frame)
    return save_job_output(job, f"{filename}.{fmt}", data, TABLE_TYPES[fmt])


def output_url(job: Job) -> str:
    """The job's download (app.tasks.blueprint): a site path, built without a request (the worker has none)."""
    return f"/jobs/{job.id}/download"


def job_output(job: Job) -> tuple[bytes, dict[str, Any]] | None:
    """The file a finished job produced and its description, or None (none, or no longer kept)."""
    described = (job.result or {}).get("file")
    if not isinstance(described, dict):
        return None
    upload = find_upload(str(described.get("stored", "")))
    data = read_upload(upload) if upload is not None else None
    return (data, described) if data is not None else None


def discard_job_files(*tokens: str) -> int:
    """Remove a job's inputs once they have served."""
    return remove_uploads(db.session.scalars(sa.select(Upload).where(Upload.token.in_(tokens))).all())
