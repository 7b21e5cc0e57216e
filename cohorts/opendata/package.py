"""Write the published tables as a Frictionless Data Package (v1) and validate it with frictionless.

``write_package`` writes a folder (CSV files and datapackage.json); ``zip_package`` turns that folder
into the zip that is published and downloaded. A package that frictionless finds invalid is refused.
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from frictionless import Package, Resource, Schema, system, validate

from cohorts.opendata.schemas import RESOURCES, table_schema

DESCRIPTOR = "datapackage.json"
PACKAGE_NAME = "bridgework-open-data"
LICENCE = {"name": "CC-BY-4.0", "path": "https://creativecommons.org/licenses/by/4.0/",
           "title": "Creative Commons Attribution 4.0"}


class InvalidPackageError(ValueError):
    """frictionless found errors: the package is not published."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("The open data package is not valid: " + "; ".join(errors[:5]))
        self.errors = errors


def _csv(frame: pd.DataFrame) -> str:
    return frame.to_csv(index=False, lineterminator="\n")


def descriptor(as_of: date, created: datetime) -> dict:
    """datapackage.json: name, title, licence, created, one resource per CSV with its Table Schema."""
    with system.use_context(standards="v1"):
        package = Package(
            name=PACKAGE_NAME, title="Bridgework open data: skills in demand, skills learnt and outcomes",
            description=(f"Aggregates as of {as_of.isoformat()} under statistical disclosure control: no figure "
                         "about fewer than 10 people or 3 employers, people counts rounded to 5."),
            licenses=[dict(LICENCE)], created=created.isoformat(timespec="seconds"),
            resources=[Resource(name=spec.name, title=spec.title, description=spec.description, path=f"{spec.name}.csv",
                                format="csv", encoding="utf-8", mediatype="text/csv",
                                schema=Schema.from_descriptor(table_schema(spec))) for spec in RESOURCES],
        )
        result = package.to_descriptor()
    result["profile"] = "tabular-data-package"
    for resource in result["resources"]:
        resource["profile"] = "tabular-data-resource"
    return result


def write_package(folder: Path, tables: dict[str, pd.DataFrame], as_of: date, created: datetime) -> Path:
    """The CSV files and datapackage.json in `folder`, validated; returns the descriptor's path."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        (folder / f"{name}.csv").write_text(_csv(frame), encoding="utf-8")
    path = folder / DESCRIPTOR
    path.write_text(json.dumps(descriptor(as_of, created), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    check_package(path)
    return path


def check_package(path: Path) -> None:
    """Refuse a package frictionless does not validate."""
    report = validate(str(path))
    if not report.valid:
        raise InvalidPackageError([error.message for task in report.tasks for error in task.errors]
                                  + [error.message for error in report.errors])


def zip_package(folder: Path) -> bytes:
    """The folder's files (datapackage.json first) as one zip."""
    buffer = io.BytesIO()
    names = [DESCRIPTOR, *(f"{spec.name}.csv" for spec in RESOURCES)]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in names:
            archive.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), (folder / name).read_bytes())
    return buffer.getvalue()
