"""Signed learning agreements and consent forms attached to an enrolment by staff; staff's audited reads."""

from __future__ import annotations

import io

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.documents.services import upload_document
from cohorts.errors import CohortRuleError
from cohorts.models import DocumentKind, ParticipantDocument
from cohorts.privacy.erasure import erase_participant
from tests import factories as f
from tests.cohorts.documents.samples import CLEAN_PDF, docx


@pytest.fixture
def enrolment():
    return f.EnrolmentFactory()


def test_a_paper_needs_one_of_the_participants_enrolments(enrolment):
    participant = enrolment.participant
    with pytest.raises(CohortRuleError):
        upload_document(participant, DocumentKind.learning_agreement, "a.pdf", CLEAN_PDF, None)
    with pytest.raises(CohortRuleError):
        upload_document(participant, DocumentKind.consent, "a.pdf", CLEAN_PDF, None, enrolment=f.EnrolmentFactory())
    with pytest.raises(CohortRuleError):
        upload_document(participant, DocumentKind.cv, "a.pdf", CLEAN_PDF, None, enrolment=enrolment)
    paper = upload_document(participant, DocumentKind.learning_agreement, "a.pdf", CLEAN_PDF, None,
                            enrolment=enrolment)
    assert paper.enrolment == enrolment and paper.version == 1 and not paper.shared


@pytest.mark.parametrize("role", [Role.staff, Role.admin])
def test_staff_attach_a_signed_paper_and_download_it_audited(client, login, enrolment, role):
    login(role)
    url = f"/staff/participants/{enrolment.participant_id}/documents"
    assert client.get(url).status_code == 200
    response = client.post(url, data={"kind": "learning_agreement", "enrolment": enrolment.id,
                                      "file": (io.BytesIO(docx()), "signed.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    paper = db.session.scalars(sa.select(ParticipantDocument)).one()
    assert paper.kind == DocumentKind.learning_agreement and paper.enrolment_id == enrolment.id
    assert f"/staff/documents/{paper.id}/file" in client.get(url).text
    download = client.get(f"/staff/documents/{paper.id}/file")
    assert download.status_code == 200 and download.data[:2] == b"PK"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent).where(
        AuditEvent.entity == "participant_document", AuditEvent.action == "downloaded")) == 1


def test_another_persons_enrolment_is_refused(client, login, enrolment):
    login(Role.staff)
    response = client.post(f"/staff/participants/{enrolment.participant_id}/documents",
                           data={"kind": "consent", "enrolment": f.EnrolmentFactory().id,
                                 "file": (io.BytesIO(CLEAN_PDF), "signed.pdf")},
                           content_type="multipart/form-data")
    assert response.status_code == 422
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantDocument)) == 0


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_employers_and_participants_cannot_use_the_staff_pages(client, login, enrolment, role):
    paper = upload_document(enrolment.participant, DocumentKind.consent, "c.pdf", CLEAN_PDF, None,
                            enrolment=enrolment)
    login(role)
    assert client.get(f"/staff/participants/{enrolment.participant_id}/documents").status_code in (403, 404)
    assert client.get(f"/staff/documents/{paper.id}/file").status_code in (403, 404)


def test_erasure_deletes_the_papers_too(enrolment):
    upload_document(enrolment.participant, DocumentKind.consent, "c.pdf", CLEAN_PDF, None, enrolment=enrolment)
    erase_participant(enrolment.participant, None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ParticipantDocument)) == 0
