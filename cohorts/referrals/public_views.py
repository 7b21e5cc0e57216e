"""Public: a partner's referral link (the application, attributed to them) and the Atom feed of
recruiting cohorts."""

from __future__ import annotations

from flask import Response, abort, redirect, render_template, url_for

from cohorts.participants.queries import recruiting_cohorts
from cohorts.referrals import outbound, services

#: the ?source= an application through a partner's link is counted under
REFERRAL_SOURCE = "referral"


def referral_link(token: str):
    """The partner's link: its recruiting cohorts, each application pre-filled with the partner
    (straight to the form when only one cohort is recruiting); 404 for an unknown or inactive link."""
    partner = services.partner_by_token(token)
    if partner is None:
        abort(404)
    cohorts = recruiting_cohorts()
    if len(cohorts) == 1:
        return redirect(url_for(".apply", code=cohorts[0].code, referral=token, source=REFERRAL_SOURCE))
    return render_template("cohorts/referrals/public_referral.html", partner=partner, cohorts=cohorts,
                           token=token, source=REFERRAL_SOURCE)


def recruiting_feed():
    return Response(outbound.recruiting_feed(recruiting_cohorts()), mimetype="application/atom+xml")
