"""CVs: versions and the one shared, the snapshot on introduction, the employer's audited download
while the candidacy is live, the participant-only pages, erasure and subject access."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.documents import queries
from cohorts.documents.services import choose_shared_cv, upload_document
from cohorts.errors import CohortRuleError
from cohorts.models import Candidacy, CandidacyStage, DocumentKind, ParticipantDocument
from cohorts.placements.services import introduce, move_candidacy
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from tests import factories as f
from tests.cohorts.documents.samples import CLEAN_PDF, docx, pdf_with

S = CandidacyStage


@pytest.fixture
def participant():
    return f.ParticipantFactory()


def test_versions_count_up_and_the_first_cv_is_shared(participant):
    first = upload_document(participant, DocumentKind.cv, "My CV.pdf", CLEAN_PDF, None)
    second = upload_document(participant, DocumentKind.cv, "C:\\Users\\me\\cv-2.docx", docx(), None)
    assert (first.version, second.version) == (1, 2)
    assert first.shared and not second.shared
    assert second.filename == "cv-2.docx" and second.content_type.endswith("wordprocessingml.document")
    choose_shared_cv(participant, second, None)
    db.session.refresh(first)
    assert queries.shared_cv(participant.id) == second and not first.shared


def test_a_refused_file_stores_nothing(participant):
    with pytest.raises(CohortRuleError, match="active content"):
        upload_document(participant, DocumentKind.cv, "cv.pdf", pdf_with(b"<< /JS (x) >>"), None)
    assert queries.my_documents(participant.id) == []


def test_only_own_cv_can_be_shared(participant):
    other = upload_document(f.ParticipantFactory(), DocumentKind.cv, "cv.pdf", CLEAN_PDF, None)
    with pytest.raises(CohortRuleError):
        choose_shared_cv(participant, other, None)


def test_introduction_snapshots_the_chosen_version(participant):
    first = upload_document(participant, DocumentKind.cv, "cv.pdf", CLEAN_PDF, None)
    candidacy = f.CandidacyFactory(participant=participant)
    introduce(candidacy, None)
    second = upload_document(participant, DocumentKind.cv, "cv2.pdf", CLEAN_PDF, None)
    choose_shared_cv(participant, second, None)
    assert candidacy.shared_cv == first  # the employer keeps the version of the introduction
    later = f.CandidacyFactory(participant=participant)
    introduce(later, None)
    assert later.shared_cv == second


# --- the employer's download ------------------------------------------------------------------


@pytest.fixture
def introduced(participant):
    upload_document(participant, DocumentKind.cv, "Jo CV.pdf", CLEAN_PDF, None)
    employer = f.EmployerFactory()
    candidacy = f.CandidacyFactory(participant=participant, hiring_need=f.HiringNeedFactory(employer=employer))
    introduce(candidacy, None)
    return employer, candidacy


def downloads(candidacy: Candidacy) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == "participant_document", AuditEvent.entity_id == str(candidacy.shared_cv_id),
        AuditEvent.action == "downloaded"))


@pytest.mark.parametrize("stage", [S.introduced, S.interviewing, S.offer])
def test_employer_downloads_the_cv_while_live_and_each_download_is_audited(client, login, introduced, stage):
    employer, candidacy = introduced
    candidacy.stage = stage
    db.session.flush()
    login(Role.employer, employer=employer)
    page = client.get(f"/employer/candidates/{candidacy.id}")
    assert f"/employer/candidates/{candidacy.id}/cv" in page.text
    for _ in range(2):
        response = client.get(f"/employer/candidates/{candidacy.id}/cv")
        assert response.status_code == 200 and response.data == CLEAN_PDF
        assert response.mimetype == "application/pdf" and "attachment" in response.headers["Content-Disposition"]
        assert "no-store" in response.headers["Cache-Control"]
    assert downloads(candidacy) == 2


@pytest.mark.parametrize("stage", [S.not_selected, S.withdrawn])
def test_no_download_once_the_candidacy_is_closed(client, login, introduced, stage):
    employer, candidacy = introduced
    move_candidacy(candidacy, stage, None)
    login(Role.employer, employer=employer)
    assert f"/candidates/{candidacy.id}/cv" not in client.get(f"/employer/candidates/{candidacy.id}").text
    assert client.get(f"/employer/candidates/{candidacy.id}/cv").status_code == 404
    assert downloads(candidacy) == 0


def test_no_download_once_consent_is_withdrawn(client, login, introduced, participant):
    employer, candidacy = introduced
    participant.consent_to_share = False
    db.session.flush()
    login(Role.employer, employer=employer)
    assert client.get(f"/employer/candidates/{candidacy.id}/cv").status_code == 404


def test_another_employer_gets_404(client, login, introduced):
    _, candidacy = introduced
    login(Role.employer)
    assert client.get(f"/employer/candidates/{candidacy.id}/cv").status_code == 404
    assert downloads(candidacy) == 0


def test_no_cv_shared_means_404(client, login):
    employer = f.EmployerFactory()
    candidacy = f.CandidacyFactory(hiring_need=f.HiringNeedFactory(employer=employer), stage=S.introduced,
                                   introduced_at=datetime(2026, 3, 1, tzinfo=UTC))
    login(Role.employer, employer=employer)
    assert client.get(f"/employer/candidates/{candidacy.id}/cv").status_code == 404


# --- the participant's pages ------------------------------------------------------------------


def test_participant_uploads_sees_versions_and_chooses_one(client, login):
    user = login(Role.participant)
    assert client.get("/participant/cv").status_code == 200
    for name in ("cv.pdf", "cv.docx"):
        data = CLEAN_PDF if name.endswith("pdf") else docx()
        response = client.post("/participant/cv", data={"file": (io.BytesIO(data), name)},
                               content_type="multipart/form-data")
        assert response.status_code == 302
    documents = queries.my_documents(user.participant.id)
    assert [d.version for d in documents] == [2, 1]
    assert client.post(f"/participant/cv/{documents[0].id}/share").status_code == 302
    assert queries.shared_cv(user.participant.id).version == 2
    own = client.get(f"/participant/cv/{documents[1].id}/file")
    assert own.status_code == 200 and own.data == CLEAN_PDF


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"MZ\x90\x00 an executable", "cv.pdf", "neither"),
    (pdf_with(b"<< /S /Launch >>"), "cv.pdf", "active content"),
    (docx(extra={"word/vbaProject.bin": b"x"}), "cv.docx", "macros"),
    (CLEAN_PDF, "cv.exe", "Upload a PDF or a Word document"),
])
def test_refusals_are_shown_next_to_the_field(client, login, data, name, message):
    login(Role.participant)
    response = client.post("/participant/cv", data={"file": (io.BytesIO(data), name)},
                           content_type="multipart/form-data")
    assert response.status_code == 422 and message in response.text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantDocument)) == 0


def test_too_large_is_refused(client, login, app):
    login(Role.participant)
    limit = app.config["DOCUMENT_MAX_BYTES"]
    response = client.post("/participant/cv", data={"file": (io.BytesIO(CLEAN_PDF + b"0" * limit), "cv.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code in (413, 422)


def test_another_participants_document_is_404(client, login):
    theirs = upload_document(f.ParticipantFactory(), DocumentKind.cv, "cv.pdf", CLEAN_PDF, None)
    login(Role.participant)
    assert client.get(f"/participant/cv/{theirs.id}/file").status_code == 404
    assert client.post(f"/participant/cv/{theirs.id}/share").status_code == 404


@pytest.mark.parametrize("role", [Role.staff, Role.admin, Role.employer])
def test_other_roles_cannot_use_the_participant_pages(client, login, role):
    document = upload_document(f.ParticipantFactory(), DocumentKind.cv, "cv.pdf", CLEAN_PDF, None)
    login(role)
    assert client.get("/participant/cv").status_code in (403, 404)
    assert client.get(f"/participant/cv/{document.id}/file").status_code in (403, 404)


def test_anonymous_is_sent_to_log_in(client):
    assert client.get("/participant/cv").status_code in (302, 401)


# --- privacy ----------------------------------------------------------------------------------


def test_erasure_deletes_the_documents_and_unlinks_introductions(introduced, participant):
    _, candidacy = introduced
    erase_participant(participant, None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantDocument)) == 0
    db.session.refresh(candidacy)
    assert candidacy.shared_cv_id is None


def test_subject_access_lists_documents_without_their_bytes(introduced, participant):
    data = export_subject_data(participant)
    assert [(d["kind"], d["version"], d["filename"], d["shared"]) for d in data["documents"]] == [
        ("cv", 1, "Jo CV.pdf", True)]
    assert "data" not in data["documents"][0]
    assert any(ev["entity"] == "participant_document" for ev in data["audit_events"])
