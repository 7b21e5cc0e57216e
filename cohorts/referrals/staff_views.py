"""Staff pages: partners, their contacts and link, who referred a participant, and the quality
dashboard with each partner's feedback report (page, PDF, CSV)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.dates import local_today
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from app.reporting import pdf_response, table_response
from app.templating import absolute_url
from cohorts.errors import CohortRuleError
from cohorts.models import Participant, ReferralContact, ReferralPartner
from cohorts.referrals import feedback, quality, queries, services
from cohorts.referrals.forms import ContactForm, PartnerForm, PeriodForm, ReferringPartnerForm


def list_partners():
    return render_template("cohorts/referrals/list.html", partners=queries.partners(),
                           counts=queries.referral_counts())


def new_partner():
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            partner = services.create_partner(actor=current_user, **form.values())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{partner.name} added: send them their referral link.", "success")
            return redirect(url_for(".partner_detail", partner_id=partner.id))
    return render_template("cohorts/referrals/edit.html", form=form, partner=None), 422 if form.errors else 200


def edit_partner(partner_id: int):
    partner = get_or_404(ReferralPartner, partner_id)
    form = PartnerForm(obj=partner)
    if form.validate_on_submit():
        try:
            services.update_partner(partner, actor=current_user, **form.values())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Partner saved.", "success")
            return redirect(url_for(".partner_detail", partner_id=partner.id))
    return render_template("cohorts/referrals/edit.html", form=form, partner=partner), 422 if form.errors else 200


def partner_detail(partner_id: int):
    partner = get_or_404(ReferralPartner, partner_id)
    return render_template(
        "cohorts/referrals/detail.html", partner=partner, contacts=queries.current_contacts(partner),
        link=absolute_url("cohorts_public.referral_link", token=partner.referral_token),
        contact_form=ContactForm(), action_form=EmptyForm(),
    )


def regenerate_link(partner_id: int):
    partner = get_or_404(ReferralPartner, partner_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.regenerate_referral_link(partner, actor=current_user)
    db.session.commit()
    flash("New referral link made: the old one no longer works.", "success")
    return redirect(url_for(".partner_detail", partner_id=partner.id))


def add_contact(partner_id: int):
    partner = get_or_404(ReferralPartner, partner_id)
    form = ContactForm()
    if form.validate_on_submit():
        services.add_contact(partner, actor=current_user, **form.values())
        db.session.commit()
        flash("Contact added.", "success")
        return redirect(url_for(".partner_detail", partner_id=partner.id))
    return render_template(
        "cohorts/referrals/detail.html", partner=partner, contacts=queries.current_contacts(partner),
        link=absolute_url("cohorts_public.referral_link", token=partner.referral_token),
        contact_form=form, action_form=EmptyForm(),
    ), 422


def archive_contact(contact_id: int):
    contact = get_or_404(ReferralContact, contact_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.archive_contact(contact, actor=current_user)
    db.session.commit()
    flash(f"{contact.name} archived.", "success")
    return redirect(url_for(".partner_detail", partner_id=contact.partner_id))


def referring_partner(participant_id: int):
    participant = get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)
    form = ReferringPartnerForm(partner_id=participant.referral_partner_id,
                                partners=queries.partner_choices(participant.referral_partner_id))
    if form.validate_on_submit():
        partner = db.session.get(ReferralPartner, form.partner_id.data) if form.partner_id.data else None
        services.set_referring_partner(participant, partner, actor=current_user)
        db.session.commit()
        flash("Referring partner saved.", "success")
        return redirect(url_for(".participant_detail", participant_id=participant.id))
    return render_template("cohorts/referrals/referring_partner.html", participant=participant,
                           form=form), 422 if form.errors else 200


def quality_dashboard():
    form = PeriodForm(request.args)
    start, end = form.period()
    qualities = quality.partner_quality(start, end, as_of=local_today(), partners=queries.partners())
    return render_template(
        "cohorts/referrals/dashboard.html", form=form, start=start, end=end, qualities=qualities,
        rates=quality.RATES, stages=quality.STAGES, percent=feedback.percent,
        chart=feedback.rates_chart(qualities), sources=quality.applications_by_source(start, end),
    )


def _report(partner_id: int) -> dict:
    partner = get_or_404(ReferralPartner, partner_id)
    start, end = PeriodForm(request.args).period()
    return feedback.partner_report(partner, start, end, local_today())


def partner_report(partner_id: int):
    return render_template("cohorts/referrals/report.html", percent=feedback.percent, **_report(partner_id))


def partner_report_pdf(partner_id: int):
    report = _report(partner_id)
    return pdf_response(feedback.render_partner_pdf({**report, "percent": feedback.percent}),
                        f"referral-report-{report['partner'].id}-{report['start']}-{report['end']}")


def partner_report_csv(partner_id: int):
    report = _report(partner_id)
    return table_response(feedback.partner_report_frame(report),
                          f"referral-report-{report['partner'].id}-{report['start']}-{report['end']}", "csv")
