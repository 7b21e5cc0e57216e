"""Every URL of documents (participants' CVs, signed enrolment papers): one rule per view.

The employer's download of a shared CV hangs on the candidacy, so it is a placement URL
(cohorts/placements/urls.py) that calls ``services.cv_for_employer``.
"""

from __future__ import annotations

from cohorts.documents import participant_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/documents", view_func=staff_views.participant_documents,
        methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/documents/<int:document_id>/file", view_func=staff_views.download_document)
    portals.participant.add_url_rule("/cv", view_func=participant_views.my_cv, methods=["GET", "POST"])
    portals.participant.add_url_rule(
        "/cv/<int:document_id>/share", view_func=participant_views.share_cv, methods=["POST"],
    )
    portals.participant.add_url_rule("/cv/<int:document_id>/file", view_func=participant_views.download_own)
