"""Participant portal: my credentials (download, JSON, share link) and issuing my own completion credential."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from app.access import get_or_404
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from cohorts.credentials import queries, services
from cohorts.errors import CohortRuleError
from cohorts.models import Enrolment
from cohorts.portals import current_participant


def my_credentials():
    me = current_participant()
    return render_template("cohorts/credentials/mine.html", credentials=queries.my_credentials(me.id),
                           completions=queries.my_completions_without_credential(me.id), form=EmptyForm())


def issue_my_completion(enrolment_id: int):
    me = current_participant()
    enrolment = get_or_404(Enrolment, enrolment_id, visible=lambda e: e.participant_id == me.id)
    if EmptyForm().validate_on_submit():
        try:
            services.issue_completion(enrolment, actor=me.user)
        except CohortRuleError as error:
            refuse_change(None, error)
        else:
            db.session.commit()
            flash("Your completion credential is issued: download it or share its link.", "success")
    return redirect(url_for(".my_credentials"))
