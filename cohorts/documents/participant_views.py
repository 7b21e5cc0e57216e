"""Participant portal: my CV versions, upload one, choose the one to share, download my own."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.access import current_participant_id, get_or_404
from app.extensions import db
from app.forms import EmptyForm, show_rule_error
from app.security.requests import accepts_upload
from cohorts.documents import queries
from cohorts.documents.forms import UploadCvForm
from cohorts.documents.responses import document_response
from cohorts.documents.services import choose_shared_cv, upload_document
from cohorts.errors import CohortRuleError
from cohorts.models import DocumentKind, ParticipantDocument
from cohorts.portals import current_participant


def _own(document_id: int) -> ParticipantDocument:
    participant_id = current_participant_id()
    return get_or_404(ParticipantDocument, document_id, visible=lambda d: d.participant_id == participant_id)


def _page(form: UploadCvForm, status: int = 200):
    return render_template("cohorts/documents/my_cv.html", form=form, share_form=EmptyForm(),
                           documents=queries.my_documents(current_participant_id())), status


@accepts_upload("DOCUMENT_MAX_BYTES")
def my_cv():
    form = UploadCvForm()
    if not form.validate_on_submit():
        return _page(form, 422 if form.is_submitted() else 200)
    try:
        document = upload_document(current_participant(), DocumentKind.cv, form.file.data.filename,
                                   form.file.data.read(), current_user)
    except CohortRuleError as error:
        show_rule_error(form, error)
        return _page(form, 422)
    db.session.commit()
    flash(f"Version {document.version} of your CV is saved"
          + (" and is the one you share." if document.shared else ". Choose it below to share it instead."), "success")
    return redirect(url_for(".my_cv"))


def share_cv(document_id: int):
    document = _own(document_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        choose_shared_cv(current_participant(), document, current_user)
    except CohortRuleError as error:
        flash(error.message, "error")
        return redirect(url_for(".my_cv"))
    db.session.commit()
    flash(f"Employers you are introduced to from now on get version {document.version} of your CV.", "success")
    return redirect(url_for(".my_cv"))


def download_own(document_id: int):
    return document_response(_own(document_id))
