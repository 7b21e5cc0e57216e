"""Every URL of this capability: one rule per view."""

from __future__ import annotations

from cohorts.portals import Portals
from cohorts.referrals import public_views, staff_views


def register(portals: Portals) -> None:
    """Staff: partners, contacts, quality and reports; public: the referral link and the Atom feed."""
    staff = portals.staff
    staff.add_url_rule("/referrals", view_func=staff_views.list_partners)
    staff.add_url_rule("/referrals/new", view_func=staff_views.new_partner, methods=["GET", "POST"])
    staff.add_url_rule("/referrals/quality", view_func=staff_views.quality_dashboard)
    staff.add_url_rule("/referrals/<int:partner_id>", view_func=staff_views.partner_detail)
    staff.add_url_rule("/referrals/<int:partner_id>/edit", view_func=staff_views.edit_partner, methods=["GET", "POST"])
    staff.add_url_rule("/referrals/<int:partner_id>/link", view_func=staff_views.regenerate_link, methods=["POST"])
    staff.add_url_rule("/referrals/<int:partner_id>/contacts", view_func=staff_views.add_contact, methods=["POST"])
    staff.add_url_rule("/referrals/contacts/<int:contact_id>/archive", view_func=staff_views.archive_contact,
                       methods=["POST"])
    staff.add_url_rule("/referrals/<int:partner_id>/report", view_func=staff_views.partner_report)
    staff.add_url_rule("/referrals/<int:partner_id>/report.pdf", view_func=staff_views.partner_report_pdf)
    staff.add_url_rule("/referrals/<int:partner_id>/report.csv", view_func=staff_views.partner_report_csv)
    staff.add_url_rule("/participants/<int:participant_id>/referral", view_func=staff_views.referring_partner,
                       methods=["GET", "POST"])
    portals.apply.add_url_rule("/r/<token>", view_func=public_views.referral_link)
    portals.apply.add_url_rule("/cohorts.atom", view_func=public_views.recruiting_feed)
