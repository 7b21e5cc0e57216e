"""The notifications list, its read buttons, the settings page and the one-click unsubscribe link."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.forms import EmptyForm
from app.notifications import queries, services
from app.notifications.forms import settings_form
from app.notifications.kinds import KINDS
from app.notifications.mailing import read_unsubscribe_token
from app.notifications.models import Notification


def _own(notification: Notification) -> bool:
    return notification.user_id == current_user.id


def list_notifications():
    pagination = queries.notifications_page(current_user, request.args.get("page", 1, type=int))
    return render_template("notifications/list.html", pagination=pagination, form=EmptyForm())


def open_notification(notification_id: int):
    notification = get_or_404(Notification, notification_id, visible=_own)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.mark_read(notification)
    db.session.commit()
    link = notification.link
    return redirect(link if link.startswith("/") and not link.startswith("//") else url_for(".list_notifications"))


def mark_all_read():
    if not EmptyForm().validate_on_submit():
        abort(400)
    count = services.mark_all_read(current_user)
    db.session.commit()
    flash(f"{count} notification{'s' if count != 1 else ''} marked as read." if count else "Nothing was unread.",
          "success")
    return redirect(url_for(".list_notifications"))


def settings():
    form = settings_form(services.settings_of(current_user))
    if form.validate_on_submit():
        services.save_settings(current_user, form.choices())
        db.session.commit()
        flash("Your notification settings are saved.", "success")
        return redirect(url_for(".settings"))
    return render_template("notifications/settings.html", form=form)


def unsubscribe(token: str):
    """GET asks; POST turns that kind's email off. Mail programs POST here by themselves (RFC 8058),
    so this one view takes no CSRF token: the signed link is what authorises the change."""
    found = read_unsubscribe_token(token)
    if found is None:
        return render_template("notifications/unsubscribe.html", user=None), 404
    user, kind = found
    done = request.method == "POST"
    if done:
        services.unsubscribe(user, kind)
        db.session.commit()
    return render_template("notifications/unsubscribe.html", user=user, kind_label=KINDS[kind].label, done=done)
