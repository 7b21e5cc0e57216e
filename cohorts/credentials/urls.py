"""Every URL of this capability: one rule per view."""

from __future__ import annotations

from cohorts.credentials import participant_views, public_views, services, staff_views
from cohorts.portals import Portals
from cohorts.signals import enrolment_completed


def register(portals: Portals) -> None:
    """Hang this capability's views on the portals, and issue on completion when a completion is announced."""
    public = portals.credentials
    public.add_url_rule("/issuer.json", view_func=public_views.issuer_profile)
    public.add_url_rule("/jwks.json", view_func=public_views.jwks)
    public.add_url_rule("/status", view_func=public_views.status_list)
    public.add_url_rule("/verify", view_func=public_views.verify, methods=["GET", "POST"])
    public.add_url_rule("/<public_token>", view_func=public_views.shared_credential)
    public.add_url_rule("/<public_token>.jwt", view_func=public_views.download_credential)
    public.add_url_rule("/<public_token>.json", view_func=public_views.credential_json)
    portals.participant.add_url_rule("/credentials", view_func=participant_views.my_credentials)
    portals.participant.add_url_rule("/credentials/issue/<int:enrolment_id>", methods=["POST"],
                                     view_func=participant_views.issue_my_completion)
    portals.staff.add_url_rule("/credentials", view_func=staff_views.credentials_overview)
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/credentials", view_func=staff_views.cohort_credentials)
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/credentials/issue", methods=["POST"],
                               view_func=staff_views.issue_for_cohort)
    portals.staff.add_url_rule("/credentials/<int:credential_id>/revoke", methods=["GET", "POST"],
                               view_func=staff_views.revoke_credential)
    enrolment_completed.connect(services.on_enrolment_completed)
