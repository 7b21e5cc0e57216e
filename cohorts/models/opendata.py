"""The published open data packages (spec/open-data.md §1): the latest one is what the public page and the API serve."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class OpenDataPackage(Base):
    """One built, validated and published package: its zip is kept in the database so every server can serve it."""

    __tablename__ = "open_data_packages"
    __repr_attr__ = "as_of"
    __table_args__ = (
        sa.CheckConstraint("archive_size >= 0", name="archive_size_not_negative"),
        sa.Index("ix_open_data_packages_created_at", "created_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: when the package was built and published (UTC); the newest is "the latest package"
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the date the figures are computed as of (needs opened, assessments and outcomes up to that day)
    as_of: Mapped[date]
    #: the package as a zip: datapackage.json and one CSV per resource
    archive: Mapped[bytes] = mapped_column(sa.LargeBinary)
    #: hex SHA-256 of the zip, shown on the public page so a download can be checked
    sha256: Mapped[str] = mapped_column(sa.String(64))
    #: size of the zip in bytes
    archive_size: Mapped[int]
    #: the datapackage.json descriptor as written into the zip (served on its own)
    descriptor: Mapped[str] = mapped_column(sa.Text)
    #: rows per resource, e.g. {"demand": 12, "supply": 4}: what the public page lists
    row_counts: Mapped[dict] = mapped_column(sa.JSON, default=dict)
