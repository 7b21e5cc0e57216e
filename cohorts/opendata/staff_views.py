"""Staff: see the latest package and build a new one (small enough to build within the request)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from app.dates import local_today
from app.extensions import db
from cohorts.opendata.forms import PublishPackageForm
from cohorts.opendata.package import InvalidPackageError
from cohorts.opendata.services import latest_package, publish_package


def _page(form: PublishPackageForm, status: int = 200):
    return render_template("cohorts/opendata/staff.html", form=form, package=latest_package()), status


def open_data_admin():
    return _page(PublishPackageForm(data={"as_of": local_today()}))


def publish_open_data():
    form = PublishPackageForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        published = publish_package(form.as_of.data, current_user)
    except InvalidPackageError as error:
        db.session.rollback()
        flash(str(error), "error")
        return _page(form, 422)
    db.session.commit()
    flash(f"Published the open data package as of {published.as_of:%-d %B %Y}.", "success")
    return redirect(url_for(".open_data_admin"))
