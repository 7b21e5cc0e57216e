"""The package is a valid Frictionless Data Package (frictionless's API and its CLI), and the CLI writes it."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from frictionless import validate

from app.db import utcnow
from cohorts.opendata import aggregate
from cohorts.opendata.package import InvalidPackageError, write_package
from cohorts.opendata.schemas import RESOURCES
from tests import factories
from tests.cohorts.opendata.helpers import AS_OF, assessed, needs, starters

FRICTIONLESS = Path(sys.executable).parent / "frictionless"


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def data_set(db):
    skill = factories.SkillFactory(label="Prospecting", esco_uri="http://data.europa.eu/esco/skill/od-1")
    assessed(skill, 12)
    needs(skill, [2, 2, 3])
    starters(12)
    db.session.flush()


def test_export_writes_a_package_frictionless_validates(runner, data_set, tmp_path):
    result = runner.invoke(args=["open-data", "export", str(tmp_path / "pkg"), "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert "rows: demand 1, supply 1, outcomes 1, learnability 0" in result.output
    descriptor_path = tmp_path / "pkg" / "datapackage.json"
    report = validate(str(descriptor_path))
    assert report.valid, report.flatten(["type", "message"])
    descriptor = json.loads(descriptor_path.read_text())
    assert descriptor["licenses"][0]["name"] == "CC-BY-4.0" and descriptor["created"]
    assert [r["name"] for r in descriptor["resources"]] == ["demand", "supply", "outcomes", "learnability"]
    demand = descriptor["resources"][0]["schema"]
    assert demand["primaryKey"] == ["quarter", "region", "skill"]
    assert all(field["description"] for field in demand["fields"])
    assert (tmp_path / "pkg" / "demand.csv").read_text().splitlines() == [
        "quarter,region,skill,openings,employers,must_share,suppressed",
        "2026-Q2,Toronto,http://data.europa.eu/esco/skill/od-1,7,3,1.0,no"]


@pytest.mark.skipif(not FRICTIONLESS.exists() and not shutil.which("frictionless"), reason="no frictionless CLI")
def test_frictionless_cli_validates_the_export(runner, data_set, tmp_path):
    runner.invoke(args=["open-data", "export", str(tmp_path / "pkg"), "--as-of", AS_OF.isoformat()])
    command = str(FRICTIONLESS) if FRICTIONLESS.exists() else shutil.which("frictionless")
    result = subprocess.run([command, "validate", str(tmp_path / "pkg" / "datapackage.json")],
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "INVALID" not in result.stdout


def test_export_to_a_zip(runner, data_set, tmp_path):
    result = runner.invoke(args=["open-data", "export", str(tmp_path / "open.zip")])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "open.zip") as archive:
        assert archive.namelist() == ["datapackage.json", "demand.csv", "supply.csv", "outcomes.csv",
                                      "learnability.csv"]


def test_export_refuses_a_bad_date(runner, tmp_path):
    result = runner.invoke(args=["open-data", "export", str(tmp_path / "pkg"), "--as-of", "30/06/2026"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.output
    assert not (tmp_path / "pkg").exists()


def test_an_invalid_package_is_refused(db, tmp_path):
    tables = {spec.name: pd.DataFrame(columns=spec.columns) for spec in RESOURCES}
    tables["supply"] = pd.DataFrame([{"quarter": "June 2026", "region": "Toronto", "skill": "x", "people_assessed": 10,
                                      "mean_exit_level": 9, "mean_gain": 1, "suppressed": "maybe"}])
    with pytest.raises(InvalidPackageError):
        write_package(tmp_path, tables, AS_OF, utcnow())


def test_publish_command_keeps_the_latest_package(runner, data_set, sql):
    result = runner.invoke(args=["open-data", "publish", "--as-of", AS_OF.isoformat()])
    assert result.exit_code == 0, result.output
    assert sql("select count(*) from open_data_packages") == 1


def test_learnability_bands_and_median():
    rows = pd.DataFrame({"quarter": ["2026-Q1"] * 12, "region": ["Toronto"] * 12, "person": range(12),
                         "learnability": [0.05] * 3 + [0.2] * 4 + [0.5] * 5})
    [row] = aggregate.publishable(aggregate.LEARNABILITY, aggregate.aggregate_learnability(rows)).to_dict("records")
    assert row["people_assessed"] == 10 and row["median_learnability"] == 0.2
    assert (row["band_low"], row["band_medium"], row["band_high"]) == (5, 5, 5)
    assert row["suppressed"] == "no"


def test_salary_band():
    assert aggregate.salary_band(24_500) == "20000-29999" and aggregate.salary_band(float("nan")) is None


def test_package_tables_use_a_fixed_number_of_queries(db, count_queries):
    skill = factories.SkillFactory()
    assessed(skill, 3)
    starters(3)
    db.session.flush()
    with count_queries() as few:
        aggregate.package_tables(AS_OF)
    assessed(factories.SkillFactory(), 20)
    needs(skill, [1, 2, 3, 4])
    starters(15, programme_name="Another programme")
    db.session.flush()
    with count_queries() as many:
        aggregate.package_tables(AS_OF)
    assert many.count == few.count
