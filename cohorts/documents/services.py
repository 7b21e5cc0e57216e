"""Documents: upload a version, choose the CV to share, release a CV to an employer.

Services flush and audit; they never commit. A refused file raises CohortRuleError on the
``file`` field before anything is stored.
"""

from __future__ import annotations

from pathlib import PurePath

import sqlalchemy as sa
from flask import current_app

from app.audit import record_audit
from app.extensions import db
from app.models import User
from cohorts.documents import queries
from cohorts.documents.validation import check_size, content_type_of
from cohorts.errors import CohortRuleError
from cohorts.models import Candidacy, CandidacyStage, DocumentKind, Enrolment, Participant, ParticipantDocument

ENTITY = "participant_document"
#: stages in which the employer may download the CV shared on introduction
LIVE_STAGES = frozenset({CandidacyStage.introduced, CandidacyStage.interviewing, CandidacyStage.offer})


def _clean_filename(filename: str, content_type: str) -> str:
    """The client's base name only, printable, with the extension the content proved."""
    stem = PurePath((filename or "").replace("\\", "/")).stem
    stem = "".join(ch for ch in stem if ch.isprintable() and ch not in '"<>:/|?*')[:200].strip() or "document"
    return f"{stem}.{'pdf' if content_type.endswith('pdf') else 'docx'}"


def upload_document(participant: Participant, kind: DocumentKind | str, filename: str, data: bytes,
                    actor: User | None, enrolment: Enrolment | None = None) -> ParticipantDocument:
    """Store a new version; a participant's first CV becomes the one they share. A signed
    agreement or consent belongs to one of the participant's enrolments; a CV to none."""
    kind = DocumentKind(kind)
    if (kind == DocumentKind.cv) != (enrolment is None):
        raise CohortRuleError("A CV belongs to the person; a signed paper to one of their enrolments.", "enrolment")
    if enrolment is not None and enrolment.participant_id != participant.id:
        raise CohortRuleError("Choose one of this participant's enrolments.", "enrolment")
    check_size(len(data), current_app.config["DOCUMENT_MAX_BYTES"])
    content_type = content_type_of(data)
    first_cv = kind == DocumentKind.cv and queries.shared_cv(participant.id) is None
    document = ParticipantDocument(
        participant_id=participant.id, enrolment_id=enrolment.id if enrolment else None, kind=kind, version=queries.next_version(participant.id, kind),
        filename=_clean_filename(filename, content_type), content_type=content_type, size=len(data), data=data,
        shared=first_cv,
    )
    db.session.add(document)
    db.session.flush()
    record_audit(actor, ENTITY, document.id, "uploaded",
                 {"kind": kind.value, "version": document.version, "size": document.size, "shared": first_cv,
                  "enrolment_id": document.enrolment_id})
    return document


def choose_shared_cv(participant: Participant, document: ParticipantDocument, actor: User | None) -> None:
    """Share this CV version from the next introduction on (earlier introductions keep theirs)."""
    if document.participant_id != participant.id or document.kind != DocumentKind.cv:
        raise CohortRuleError("Only one of your own CVs can be shared.")
    if document.shared:
        return
    db.session.execute(sa.update(ParticipantDocument)
                       .where(ParticipantDocument.participant_id == participant.id, ParticipantDocument.shared)
                       .values(shared=False), execution_options={"synchronize_session": "fetch"})
    document.shared = True
    db.session.flush()
    record_audit(actor, ENTITY, document.id, "shared", {"version": document.version})


def cv_for_employer(candidacy: Candidacy, actor: User | None) -> ParticipantDocument | None:
    """The CV shared on this introduction while the candidacy is live and the person consents
    (audited as a download); None otherwise. The caller has checked it is the employer's own."""
    document = candidacy.shared_cv
    if (document is None or candidacy.stage not in LIVE_STAGES or candidacy.introduced_at is None
            or not candidacy.participant.consent_to_share):
        return None
    record_audit(actor, ENTITY, document.id, "downloaded",
                 {"candidacy_id": candidacy.id, "version": document.version})
    return document



def record_staff_download(document: ParticipantDocument, actor: User | None) -> ParticipantDocument:
    """Staff read a participant's document: audited like an employer's download."""
    record_audit(actor, ENTITY, document.id, "downloaded", {"version": document.version, "by": "staff"})
    return document
