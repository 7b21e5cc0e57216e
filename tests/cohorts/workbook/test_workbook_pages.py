"""The staff workbook page: upload → check job (the preview) → confirm → import job, downloads, who may."""

from __future__ import annotations

import io
import zipfile
from html import unescape

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from app.models import AuditEvent, Role
from app.tasks.models import Job, JobState
from cohorts.models import Participant
from app import uploads
from employers.models import Employer
from tests import factories as f

PARTICIPANTS = (
    "email,first_name,last_name,consent_to_share\n"
    "ada@example.test,Ada,Lovelace,yes\n"
    "alan@example.test,Alan,Turing,no\n"
)


def zipped(**sheets: str) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in sheets.items():
            archive.writestr(f"{name}.csv", text)
    buffer.seek(0)
    return buffer


def upload(client, data: io.BytesIO, filename: str = "programme.zip"):
    return client.post("/staff/workbook", data={"workbook": (data, filename)},
                       content_type="multipart/form-data")


def participant_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Participant))


def test_staff_see_the_page_with_the_upload_form_and_downloads(client, login):
    login(Role.staff)
    page = client.get("/staff/workbook")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'enctype="multipart/form-data"' in html
    assert "/staff/workbook/export.xlsx" in html and "/staff/workbook/export.zip" in html


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_employers_and_participants_are_refused(client, login, role):
    login(role)
    before = participant_count()  # a participant user has their own record
    for url in ("/staff/workbook", "/staff/workbook/export.xlsx"):
        assert client.get(url).status_code == 403
    assert upload(client, zipped(participants=PARTICIPANTS)).status_code == 403
    assert participant_count() == before


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/staff/workbook", "/staff/workbook/export.zip"):
        response = client.get(url)
        assert response.status_code == 302
        assert "/login" in response.headers["Location"]


def last_job() -> Job:
    return db.session.scalar(sa.select(Job).order_by(Job.id.desc()))


def waiting_token(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("workbook_upload")


def test_upload_checks_as_a_job_then_confirm_imports(client, login):
    user = login(Role.staff)
    uploaded = upload(client, zipped(participants=PARTICIPANTS))
    check = last_job()
    assert uploaded.status_code == 302 and uploaded.headers["Location"].endswith(f"/jobs/{check.id}")
    assert check.kind == "workbook_check" and check.state == JobState.done and check.started_by_id == user.id
    html = client.get(f"/jobs/{check.id}").get_data(as_text=True)
    assert "Workbook check #" in html and "Preview of programme.zip" in html
    assert "Would create" in html and "<code>participants</code></th><td>2</td>" in html
    assert participant_count() == 0  # the check writes nothing

    token = waiting_token(client)
    assert uploads.find_upload(token) is not None
    confirmed = client.post(f"/staff/workbook/checks/{check.id}/import")
    assert confirmed.status_code == 302  # to the import job's page (the job ran inline: immediate mode)
    job = last_job()
    assert confirmed.headers["Location"].endswith(f"/jobs/{job.id}")
    assert job.kind == "workbook_import" and job.state == JobState.done and job.started_by_id == user.id
    assert job.parameters["check_job_id"] == check.id

    assert participant_count() == 2
    assert uploads.find_upload(token) is None  # the upload is removed once imported
    result = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Workbook imported: 2 created, 0 updated." in result
    assert "<code>participants</code></th><td>2</td><td>0</td>" in result
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity == "workbook"))
    assert event.actor_id == user.id and event.changes["participants"] == [2, 0]
    assert event.entity_id == "programme.zip"
    again = client.post(f"/staff/workbook/checks/{check.id}/import", follow_redirects=True)
    assert "That upload is no longer waiting" in again.get_data(as_text=True)  # confirmed once only
    assert last_job().id == job.id


def test_the_check_lists_every_error_and_confirm_is_not_offered(client, login):
    login(Role.staff)
    bad = "email,first_name,last_name,consent_to_share\nnot-an-email,Ada,,maybe\n"
    upload(client, zipped(participants=bad))
    check = last_job()
    assert check.state == JobState.done and check.result["error_count"] == 3
    html = unescape(client.get(f"/jobs/{check.id}").get_data(as_text=True))
    assert "3 problems found: nothing will be imported" in html
    assert '"not-an-email" is not an email address' in html
    assert "a value is required" in html and '"maybe" is not yes or no' in html
    assert f"/staff/workbook/checks/{check.id}/import" not in html
    assert uploads.find_upload(check.parameters["token"]) is None  # it cannot be confirmed: gone already
    errors = client.get(f"/staff/workbook/checks/{check.id}/errors.txt").get_data(as_text=True)
    assert errors.splitlines() == [
        'participants row 2, email: "not-an-email" is not an email address',
        "participants row 2, last_name: a value is required",
        'participants row 2, consent_to_share: "maybe" is not yes or no',
    ]
    assert participant_count() == 0


def test_another_person_s_check_cannot_be_seen_confirmed_or_downloaded(client, login):
    login(Role.staff)
    upload(client, zipped(participants=PARTICIPANTS))
    check = last_job()
    login(Role.staff)  # a colleague, in the same browser session
    assert client.get(f"/jobs/{check.id}").status_code == 404
    assert client.post(f"/staff/workbook/checks/{check.id}/import").status_code == 404
    assert client.get(f"/staff/workbook/checks/{check.id}/errors.txt").status_code == 404
    assert participant_count() == 0


def test_confirm_without_the_upload_in_the_session_imports_nothing(client, login):
    login(Role.staff)
    upload(client, zipped(participants=PARTICIPANTS))
    check = last_job()
    with client.session_transaction() as session:
        session["workbook_upload"] = "A" * 32
    response = client.post(f"/staff/workbook/checks/{check.id}/import", follow_redirects=True)
    assert "That upload is no longer waiting" in response.get_data(as_text=True)
    assert participant_count() == 0 and last_job().id == check.id


def test_upload_form_refuses_other_file_types_and_oversized_files(client, login, app, monkeypatch):
    login(Role.staff)
    html = upload(client, io.BytesIO(b"name\nAcme\n"), "employers.txt").get_data(as_text=True)
    assert "Upload an .xlsx workbook or a .zip of CSV files." in html
    monkeypatch.setitem(app.config, "WORKBOOK_MAX_BYTES", 100)
    html = upload(client, zipped(participants=PARTICIPANTS * 5)).get_data(as_text=True)
    assert "the limit is 0 MB" in html or "the limit is" in html
    assert participant_count() == 0


def test_downloads_hold_every_sheet(client, login):
    login(Role.staff)
    f.EmployerFactory(name="=cmd|' /C calc'!A0")
    xlsx = client.get("/staff/workbook/export.xlsx")
    assert xlsx.status_code == 200
    assert "attachment" in xlsx.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(xlsx.data))
    assert book.sheetnames[0] == "employers" and "retention_checks" in book.sheetnames
    cell = book["employers"]["A2"]
    assert cell.value == "=cmd|' /C calc'!A0" and cell.data_type == "s"
    archive = zipfile.ZipFile(io.BytesIO(client.get("/staff/workbook/export.zip").data))
    assert "attendance.csv" in archive.namelist()
    assert "'=cmd|' /C calc'!A0" in archive.read("employers.csv").decode("utf-8")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer)) == 1
