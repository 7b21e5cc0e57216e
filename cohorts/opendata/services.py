"""Build, export and publish the open data package; what the CLI, the staff button and the API call."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import sqlalchemy as sa

from app.audit import record_audit
from app.db import utcnow
from app.extensions import db
from app.models import User
from cohorts.models import OpenDataPackage
from cohorts.opendata.aggregate import package_tables
from cohorts.opendata.package import write_package, zip_package

__all__ = ["BuiltPackage", "build_package", "export_package", "latest_package", "package_tables", "publish_package"]


@dataclass(frozen=True)
class BuiltPackage:
    """A validated package in memory: the zip, its descriptor and rows per resource."""

    as_of: date
    created_at: datetime
    archive: bytes
    descriptor: str
    row_counts: dict[str, int]

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.archive).hexdigest()


def _written(folder: Path, tables: dict[str, pd.DataFrame], as_of: date, created: datetime) -> BuiltPackage:
    path = write_package(folder, tables, as_of, created)
    return BuiltPackage(as_of, created, zip_package(folder), path.read_text(encoding="utf-8"),
                        {name: len(frame) for name, frame in tables.items()})


def build_package(as_of: date) -> BuiltPackage:
    """The package as of a date, written to a scratch folder, validated by frictionless and zipped
    (raises InvalidPackageError when frictionless finds errors)."""
    with tempfile.TemporaryDirectory(prefix="open-data-") as scratch:
        return _written(Path(scratch), package_tables(as_of), as_of, utcnow())


def export_package(target: Path, as_of: date) -> BuiltPackage:
    """`flask open-data export`: a folder (or a .zip when the path ends so), validated first."""
    if target.suffix.lower() == ".zip":
        built = build_package(as_of)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(built.archive)
        return built
    return _written(target, package_tables(as_of), as_of, utcnow())


def publish_package(as_of: date, actor: User | None) -> OpenDataPackage:
    """Build, validate and keep the package as the latest published one (nothing is kept when invalid)."""
    built = build_package(as_of)
    published = OpenDataPackage(created_at=built.created_at, as_of=as_of, archive=built.archive,
                                sha256=built.sha256, archive_size=len(built.archive),
                                descriptor=built.descriptor, row_counts=built.row_counts)
    db.session.add(published)
    db.session.flush()
    record_audit(actor, "open_data_package", published.id, "published",
                 {"as_of": [None, as_of.isoformat()], "sha256": [None, built.sha256]})
    return published


def latest_package() -> OpenDataPackage | None:
    """The newest published package, or None before the first one (what the public page and API serve)."""
    return db.session.scalars(
        sa.select(OpenDataPackage).order_by(OpenDataPackage.created_at.desc(), OpenDataPackage.id.desc()).limit(1)
    ).first()


def zip_name(package: OpenDataPackage) -> str:
    return f"bridgework-open-data-{package.as_of.isoformat()}.zip"

