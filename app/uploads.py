"""Files every server can read: what a job reads (an uploaded workbook, the ESCO zips) or produced (a
PDF, an export), kept until it has served.

Web servers and workers may run on different machines, so nothing waits on one machine's disk: a
row in ``uploads`` holds each file's name, size and owner, and its bytes live in the database (the
default) or, when UPLOAD_DIR names a folder every server shares, in that folder (``FolderStore``).
Files older than 24 hours go (the hourly ``uploads.sweep``), and all of them after an erasure.
"""

from __future__ import annotations

import secrets
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol

import sqlalchemy as sa
from flask import Flask, current_app
from huey import crontab
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow
from app.extensions import db
from app.models import User

SUFFIXES = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".zip": "application/zip", ".txt": "text/plain; charset=utf-8", ".csv": "text/csv; charset=utf-8",
            ".pdf": "application/pdf"}
#: how long an upload may wait for its check, confirm and import
UPLOAD_MAX_AGE = timedelta(hours=24)
SWEEP = "uploads.sweep"


class Upload(Base):
    """A file a job reads or wrote (an uploaded workbook or ESCO zip, a report it produced), kept until
    it has served (at most 24 hours)."""

    __tablename__ = "uploads"
    __repr_attr__ = "token"
    __table_args__ = (
        sa.CheckConstraint("size >= 0", name="size_not_negative"),
        #: the sweep reads the oldest ones
        sa.Index("ix_uploads_created_at", "created_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the random name jobs and sessions carry (never the client's file name); a workbook check's
    #: problem list is stored under its workbook's token + ".errors"
    token: Mapped[str] = mapped_column(sa.String(80), unique=True)
    #: the client's file name, shown on pages only (never used as a path)
    filename: Mapped[str] = mapped_column(sa.String(255))
    #: the MIME type served when it is downloaded
    content_type: Mapped[str] = mapped_column(sa.String(100))
    #: bytes (a page that takes a file sets its own limit, e.g. WORKBOOK_MAX_BYTES)
    size: Mapped[int]
    #: the file itself (bytea on PostgreSQL); NULL when it lives in UPLOAD_DIR. Deferred: lists and
    #: sweeps never load it
    data: Mapped[bytes | None] = mapped_column(sa.LargeBinary, deferred=True)
    #: when it was uploaded (UTC); 24 hours later the sweep removes it
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: who uploaded it; NULL once that user is deleted (the sweep still removes the file)
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    @property
    def suffix(self) -> str:
        return Path(self.filename).suffix.lower()


class UploadStore(Protocol):
    """Where an upload's bytes live: the row itself, or a folder every server shares."""

    def write(self, upload: Upload, data: bytes) -> None: ...

    def read(self, upload: Upload) -> bytes | None: ...

    def remove(self, upload: Upload) -> None: ...


class DatabaseStore:
    def write(self, upload: Upload, data: bytes) -> None:
        upload.data = data

    def read(self, upload: Upload) -> bytes | None:
        return upload.data

    def remove(self, upload: Upload) -> None:
        """The bytes go with the row."""


class FolderStore:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def path(self, upload: Upload) -> Path:
        return self.folder / f"{upload.token}{upload.suffix}"

    def write(self, upload: Upload, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.path(upload).write_bytes(data)

    def read(self, upload: Upload) -> bytes | None:
        path = self.path(upload)
        return path.read_bytes() if path.is_file() else None

    def remove(self, upload: Upload) -> None:
        self.path(upload).unlink(missing_ok=True)

    def remove_strays(self, cutoff: float) -> int:
        """Files older than the cutoff whose row is gone (a transaction rolled back after the write)."""
        if not self.folder.is_dir():
            return 0
        stale = [p for p in self.folder.iterdir() if p.is_file() and p.stat().st_mtime < cutoff]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)


def upload_store() -> DatabaseStore | FolderStore:
    folder = current_app.config.get("UPLOAD_DIR")
    return FolderStore(Path(folder)) if folder else DatabaseStore()


def store_bytes(data: bytes, filename: str, created_by: User | None, token: str | None = None) -> Upload:
    """Keep ``data`` under a random token (or the given one); flushed, never committed."""
    suffix = Path(filename or "").suffix.lower()
    if suffix not in SUFFIXES:
        raise ValueError(f"unsupported suffix {suffix!r}")
    upload = Upload(token=token or secrets.token_urlsafe(24), filename=filename[-255:],
                    content_type=SUFFIXES[suffix], size=len(data),
                    created_by_id=created_by.id if created_by else None)
    upload_store().write(upload, data)
    db.session.add(upload)
    db.session.flush()
    return upload


def find_upload(token: str | None) -> Upload | None:
    return db.session.scalar(sa.select(Upload).where(Upload.token == token)) if token else None


def read_upload(upload: Upload) -> bytes | None:
    """The bytes, or None when a folder lost them."""
    return upload_store().read(upload)


@contextmanager
def local_copy(upload: Upload) -> Iterator[Path]:
    """A path the workbook reader can open (it needs a file): the shared file, or a temporary copy."""
    store = upload_store()
    if isinstance(store, FolderStore):
        yield store.path(upload)
        return
    with tempfile.TemporaryDirectory(prefix="bridgework-upload-") as folder:
        path = Path(folder) / f"upload{upload.suffix}"
        path.write_bytes(store.read(upload) or b"")
        yield path


def remove_uploads(rows: list[Upload]) -> int:
    store = upload_store()
    for upload in rows:
        store.remove(upload)
        db.session.delete(upload)
    db.session.flush()
    return len(rows)


def discard_stale_uploads(now: datetime | None = None) -> int:
    """Remove uploads left waiting longer than UPLOAD_MAX_AGE: a check nobody confirmed still holds
    people's data. The hourly sweep and every new upload run it; returns how many went."""
    cutoff = (now or utcnow()) - UPLOAD_MAX_AGE
    removed = remove_uploads(db.session.scalars(sa.select(Upload).where(Upload.created_at < cutoff)).all())
    store = upload_store()
    if isinstance(store, FolderStore):
        removed += store.remove_strays(cutoff.timestamp())
    return removed


def discard_all_uploads(*_sender, **_details) -> None:
    """After an erasure: a waiting upload or a job's output may hold the person's rows, and a
    compressed file cannot be searched cheaply, so every one goes (upload or run it again)."""
    remove_uploads(db.session.scalars(sa.select(Upload)).all())


def init_app(app: Flask, queue) -> None:
    """The hourly sweep, on every worker's scheduler (safe to run twice: it deletes what is stale)."""
    queue.periodic_task(SWEEP, crontab(minute="0"))(discard_stale_uploads)
