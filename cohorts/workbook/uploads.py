"""Uploaded workbooks wait in UPLOAD_DIR (default instance/uploads/) between the preview, the confirm and
the import job: a folder the web servers and the workers share. A file goes when its job succeeds,
when a new upload replaces it, or after 24 hours."""

from __future__ import annotations

import secrets
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from werkzeug.datastructures import FileStorage

from cohorts.workbook.errors import WorkbookError

TOKEN_PATTERN = r"^[A-Za-z0-9_-]{22,64}$"
SUFFIXES = (".xlsx", ".zip")
#: how long an upload may wait between its preview and the confirm
UPLOAD_MAX_AGE = timedelta(hours=24)


def upload_folder() -> Path:
    folder = Path(current_app.config.get("UPLOAD_DIR") or Path(current_app.instance_path) / "uploads")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def discard_stale_uploads(now: float | None = None) -> int:
    """Remove uploads (and their error lists) left waiting longer than UPLOAD_MAX_AGE: a preview
    nobody confirmed still holds people's data. Runs on every new upload; returns how many went."""
    cutoff = (now or time.time()) - UPLOAD_MAX_AGE.total_seconds()
    stale = [p for p in upload_folder().iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


def discard_all_uploads(*_sender, **_details) -> None:
    """After an erasure: an upload waiting for its confirm may hold the person's rows, and a
    compressed workbook cannot be searched cheaply, so every waiting upload goes (re-upload it)."""
    for path in upload_folder().iterdir():
        if path.is_file():
            path.unlink(missing_ok=True)


def save_upload(file: FileStorage) -> str:
    """Store the file under a random name (never the client's) and return its token."""
    discard_stale_uploads()
    suffix = Path(file.filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"unsupported suffix {suffix!r}")
    token = secrets.token_urlsafe(24)
    file.save(upload_folder() / f"{token}{suffix}")
    return token


def upload_path(token: str) -> Path | None:
    for suffix in SUFFIXES:
        path = upload_folder() / f"{token}{suffix}"
        if path.is_file():
            return path
    return None


def errors_path(token: str) -> Path:
    return upload_folder() / f"{token}.errors.txt"


def save_errors(token: str, errors: list[WorkbookError]) -> None:
    errors_path(token).write_text("".join(f"{e}\n" for e in errors), encoding="utf-8")


def discard_upload(token: str | None) -> None:
    """Remove an upload and its error list (after the import, or when a new one replaces it)."""
    if not token:
        return
    for path in (upload_path(token), errors_path(token)):
        if path is not None and path.exists():
            path.unlink()
