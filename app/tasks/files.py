"""The files jobs read and write: uploads waiting for their job (the ESCO zips) and what a job produced
(a PDF, a CSV). They live in JOB_FILES_DIR (default instance/job-files/), a folder the web servers and
the workers share, under random names; a job's output is served only through its job's page
(app.tasks.views.download_output). Files go after JOB_FILES_MAX_HOURS, or at once after an erasure."""

from __future__ import annotations

import secrets
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd
from flask import current_app
from werkzeug.datastructures import FileStorage

from app.reporting import dataframe_to_csv, dataframe_to_xlsx

if TYPE_CHECKING:
    from app.tasks.models import Job

#: a stored name: a random token and a known suffix, never a name a client chose
STORED_NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
TABLE_TYPES = {"csv": "text/csv; charset=utf-8",
               "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def files_folder() -> Path:
    folder = Path(current_app.config.get("JOB_FILES_DIR") or Path(current_app.instance_path) / "job-files")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stored_path(stored: str) -> Path | None:
    """The file behind a stored name, or None when it is gone (expired, erased) or the name is not one of ours."""
    if not stored or set(stored) - STORED_NAME_CHARS or stored.startswith("."):
        return None
    path = files_folder() / stored
    return path if path.is_file() else None


def save_job_input(file: FileStorage, suffix: str) -> str:
    """Keep an upload for a job under a random name; returns the stored name (the job's parameter)."""
    discard_stale_job_files()
    stored = f"in-{secrets.token_urlsafe(24)}{suffix}"
    file.save(files_folder() / stored)
    return stored


def save_job_output(job: Job, filename: str, data: bytes, mimetype: str) -> dict[str, Any]:
    """Store what a job produced; returns the description to keep in ``job.result["file"]``."""
    suffix = Path(filename).suffix
    stored = f"out-{job.id}-{secrets.token_urlsafe(16)}{suffix}"
    (files_folder() / stored).write_bytes(data)
    return {"name": filename, "stored": stored, "mimetype": mimetype, "bytes": len(data)}


def save_table_output(job: Job, frame: pd.DataFrame, filename: str, fmt: str) -> dict[str, Any]:
    """A list as the CSV or XLSX a synchronous download would give (formulas neutralised)."""
    data = dataframe_to_xlsx({filename[:31]: frame}) if fmt == "xlsx" else dataframe_to_csv(frame)
    return save_job_output(job, f"{filename}.{fmt}", data, TABLE_TYPES[fmt])


def output_url(job: Job) -> str:
    """The job's download (app.tasks.blueprint): a site path, built without a request (the worker has none)."""
    return f"/jobs/{job.id}/download"


def job_output(job: Job) -> tuple[Path, dict[str, Any]] | None:
    """The file a finished job produced and its description, or None (none, or no longer kept)."""
    described = (job.result or {}).get("file")
    if not isinstance(described, dict):
        return None
    path = stored_path(str(described.get("stored", "")))
    return (path, described) if path else None


def discard_job_files(*stored_names: str) -> None:
    for stored in stored_names:
        if path := stored_path(stored):
            path.unlink(missing_ok=True)


def discard_stale_job_files(now: float | None = None) -> int:
    """Remove files older than JOB_FILES_MAX_HOURS (outputs may hold people's data); returns how many."""
    cutoff = (now or time.time()) - current_app.config.get("JOB_FILES_MAX_HOURS", 24) * 3600
    stale = [p for p in files_folder().iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def discard_all_job_files(*_sender, **_details) -> None:
    """After an erasure: an export or a waiting upload may hold the person's rows, so every file goes."""
    for path in files_folder().iterdir():
        if path.is_file():
            path.unlink(missing_ok=True)
