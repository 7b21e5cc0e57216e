"""Staff pages: a participant's documents (their CVs, signed enrolment papers) and attaching a paper."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.forms import show_rule_error
from app.security.requests import accepts_upload
from cohorts.documents import queries
from cohorts.documents.forms import EnrolmentPaperForm
from cohorts.documents.responses import document_response
from cohorts.documents.services import record_staff_download, upload_document
from cohorts.errors import CohortRuleError
from cohorts.models import Enrolment, Participant, ParticipantDocument


def _participant(participant_id: int) -> Participant:
    return get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)


@accepts_upload("DOCUMENT_MAX_BYTES")
def participant_documents(participant_id: int):
    participant = _participant(participant_id)
    enrolments = queries.participant_enrolments(participant.id)
    form = EnrolmentPaperForm(enrolments=enrolments)
    if form.validate_on_submit():
        try:
            document = upload_document(participant, form.kind.data, form.file.data.filename, form.file.data.read(),
                                       current_user, enrolment=db.session.get(Enrolment, form.enrolment.data))
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"{document.kind.label} (version {document.version}) is attached.", "success")
            return redirect(url_for(".participant_documents", participant_id=participant.id))
    return render_template("cohorts/documents/staff_list.html", participant=participant, form=form,
                           documents=queries.participant_documents(participant.id)), 422 if form.errors else 200


def download_document(document_id: int):
    document = get_or_404(ParticipantDocument, document_id, visible=lambda d: d.participant.anonymised_at is None)
    record_staff_download(document, current_user)
    db.session.commit()
    return document_response(document)
