"""Request bodies are bounded: small for every form, the workbook page at its documented limit."""

from __future__ import annotations

import io


from app.extensions import db
from app.models import Role
from cohorts.models import CohortStatus
from tests import factories

MB = 1_000_000



def test_a_public_form_refuses_a_large_body_with_its_limit(app, client):
    cohort = factories.CohortFactory(code="SC-BIG", status=CohortStatus.recruiting)
    db.session.commit()
    response = client.post(f"/apply/{cohort.code}", data={"first_name": "x" * (2 * MB)})
    assert response.status_code == 413
    assert f"at most {app.config['MAX_CONTENT_LENGTH'] / MB:.1f} MB" in response.get_data(as_text=True)


def _upload(client, size: int):
    return client.post("/staff/workbook", content_type="multipart/form-data",
                       data={"workbook": (io.BytesIO(b"x" * size), "programme.xlsx")})


def test_the_workbook_page_takes_files_beyond_the_general_limit(client, login):
    login(Role.staff)
    response = _upload(client, 3 * MB)  # over MAX_CONTENT_LENGTH, under WORKBOOK_MAX_BYTES
    assert response.status_code != 413


def test_the_workbook_page_refuses_beyond_its_own_limit_and_names_it(app, client, login):
    login(Role.staff)
    before = app.config["WORKBOOK_MAX_BYTES"]
    app.config["WORKBOOK_MAX_BYTES"] = 2 * MB
    try:
        response = _upload(client, 3 * MB)
    finally:
        app.config["WORKBOOK_MAX_BYTES"] = before
    assert response.status_code == 413 and "at most 2.0 MB" in response.get_data(as_text=True)
