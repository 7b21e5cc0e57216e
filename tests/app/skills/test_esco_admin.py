"""The admin's ESCO import page: the two zips are uploaded, a job imports them (immediate mode here)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import EscoOccupation, Role, Skill
from app.uploads import Upload
from app.tasks.models import Job, JobState

ESCO_DIR = Path(__file__).resolve().parents[3] / ".." / "shared" / "data" / "esco"
CLASSIFICATION = ESCO_DIR / "esco-v1.1.1-classification-en-csv.zip"
RELATIONS = ESCO_DIR / "esco-v1.1.1-relations-csv.zip"
URL = "/admin/skills/esco"


def kept_files() -> int:
    return db.session.scalar(sa.select(sa.func.count(Upload.id)))


def last_job() -> Job | None:
    return db.session.scalar(sa.select(Job).order_by(Job.id.desc()))


def upload(client, classification: tuple, relations: tuple):
    return client.post(URL, data={"classification": classification, "relations": relations},
                       content_type="multipart/form-data")


def a_zip(name: str, text: str) -> tuple:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(name, text)
    buffer.seek(0)
    return buffer, "download.zip"


@pytest.mark.parametrize("role", [Role.staff, Role.employer, Role.participant])
def test_only_admins_reach_the_esco_page(client, login, role):
    login(role)
    assert client.get(URL).status_code == 403
    assert client.post(URL).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client):
    assert client.get(URL).status_code in (302, 401)


def test_the_page_asks_for_both_zips(client, login):
    login(Role.admin)
    page = client.get(URL).get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in page and 'name="classification"' in page and 'name="relations"' in page
    assert "ESCO import" in client.get("/admin/users").get_data(as_text=True)  # in the admin's navigation
    refused = client.post(URL, data={}, content_type="multipart/form-data")
    assert refused.status_code == 200 and "Choose the classification .zip." in refused.get_data(as_text=True)
    assert last_job() is None


def test_the_real_esco_download_imports_as_a_job(client, login):
    admin = login(Role.admin)
    with CLASSIFICATION.open("rb") as skills, RELATIONS.open("rb") as relations:
        response = upload(client, (skills, CLASSIFICATION.name), (relations, RELATIONS.name))
    job = last_job()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.started_by_id, job.state, job.progress) == ("esco_import", admin.id, JobState.done, 100)
    assert job.parameters["names"] == [CLASSIFICATION.name, RELATIONS.name]
    assert (job.result["skills_added"], job.result["occupations_added"]) == (13_896, 3_007)
    assert job.result["relations_added"] == 123_788
    assert db.session.scalar(sa.select(sa.func.count(Skill.id))) == 13_896
    assert db.session.scalar(sa.select(sa.func.count(EscoOccupation.id))) == 3_007
    assert kept_files() == 0  # the zips went with the job's success
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "What the ESCO import changed" in page and "13,896" in page


def test_a_download_that_is_not_esco_fails_the_job_and_writes_nothing(client, login):
    login(Role.admin)
    response = upload(client, a_zip("skills_en.csv", "conceptUri,preferredLabel\n"), a_zip("readme.txt", "hello"))
    job = last_job()
    assert response.status_code == 302 and job.state == JobState.failed
    assert "could not find" in job.message and "Nothing was imported" in job.message
    assert db.session.scalar(sa.select(sa.func.count(Skill.id))) == 0
    assert "Nothing was imported" in client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert kept_files() == 2  # kept for a retry until they expire


def test_another_admin_sees_the_import_but_staff_do_not(client, login):
    login(Role.admin)
    upload(client, a_zip("skills_en.csv", "x\n"), a_zip("readme.txt", "x"))
    job = last_job()
    login(Role.admin)
    assert client.get(f"/jobs/{job.id}").status_code == 200
    login(Role.staff)
    assert client.get(f"/jobs/{job.id}").status_code == 404
