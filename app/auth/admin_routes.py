"""The admin's pages: users and invitations, the development outbox, the audit log."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import AdminOnly, get_or_404, guard_blueprint
from app.auth import queries
from app.auth.forms import AuditFilterForm, InviteUserForm, OutboxFilterForm, RoleForm, UserFilterForm
from app.auth.hooks import employer_choices
from app.auth.queries import audit_frame
from app.auth.reauth import require_reauth
from app.auth.services import AccountError, change_role, deactivate_user, reactivate_user
from app.auth.services import invite_user as invite_user_service
from app.audit import record_audit
from app.extensions import db
from app.forms import EmptyForm
from app.mail import resend
from app.models import OutboxMessage, User
from app.reporting import table_response

bp = guard_blueprint(Blueprint("admin", __name__, url_prefix="/admin"), AdminOnly)


def _page() -> int:
    return request.args.get("page", 1, type=int)


def _filters(form) -> dict:
    """The valid filter values; an invalid one is shown with its error and ignored."""
    form.validate()
    return {name: field.data for name, field in form._fields.items()
            if not field.errors and field.data not in (None, "")}


@bp.route("/users")
def list_users():
    form = UserFilterForm(formdata=request.args)
    pagination = queries.users_page(page=_page(), **_filters(form))
    return render_template("admin/users.html", form=form, pagination=pagination)


@bp.route("/users/invite", methods=["GET", "POST"])
def invite_user():
    form = InviteUserForm(employer_choices=employer_choices())
    if form.validate_on_submit():
        try:
            user, _ = invite_user_service(
                form.email.data, form.role.data, invited_by=current_user,
                employer=form.employer.data, full_name=form.full_name.data or "",
            )
        except AccountError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"Invitation sent to {user.email}.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return render_template("admin/invite_user.html", form=form)


@bp.route("/users/<int:user_id>")
def user_detail(user_id: int):
    user = queries.user_with_links(user_id)
    if user is None:
        abort(404)
    role_form = RoleForm(data={"role": user.role.value, "employer": user.employer_id},
                         employer_choices=employer_choices())
    return _render_detail(user, role_form)


def _render_detail(user: User, role_form: RoleForm, status: int = 200):
    return render_template(
        "admin/user_detail.html", user=user, role_form=role_form, action_form=EmptyForm(),
        events=queries.recent_user_events(user.id),
    ), status


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@require_reauth
def change_user_role(user_id: int):
    user = get_or_404(User, user_id)
    form = RoleForm(employer_choices=employer_choices())
    if form.validate_on_submit():
        try:
            change_role(user, form.role.data, actor=current_user, employer=form.employer.data)
        except AccountError as error:
            form.role.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{user.email} is now {user.role.label.lower()}.", "success")
            return redirect(url_for("admin.user_detail", user_id=user.id))
    return _render_detail(user, form, 400)


def _account_action(user_id: int, service, done: str):
    """Deactivate or reactivate: one POST button each, same shape."""
    user = get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        try:
            service(user, actor=current_user)
        except AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"{user.email} is {done}.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
def deactivate(user_id: int):
    return _account_action(user_id, deactivate_user, "deactivated")


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
def reactivate(user_id: int):
    return _account_action(user_id, reactivate_user, "active again")


@bp.route("/users/<int:user_id>/reinvite", methods=["POST"])
def reinvite(user_id: int):
    user = get_or_404(User, user_id)
    if EmptyForm().validate_on_submit():
        try:
            invite_user_service(
                user.email, user.role, invited_by=current_user, employer=user.employer_id,
                participant=user.participant, full_name=user.full_name,
            )
        except AccountError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"A new invitation went to {user.email}; earlier links no longer work.", "success")
    return redirect(url_for("admin.user_detail", user_id=user.id))


@bp.route("/outbox")
def outbox():
    form = OutboxFilterForm(formdata=request.args)
    pagination = queries.outbox_page(page=_page(), **_filters(form))
    return render_template("admin/outbox.html", form=form, pagination=pagination)


@bp.route("/outbox/<int:message_id>")
def outbox_message(message_id: int):
    return render_template("admin/outbox_message.html", message=get_or_404(OutboxMessage, message_id))


@bp.route("/outbox/<int:message_id>/resend", methods=["POST"])
def resend_outbox_message(message_id: int):
    message = get_or_404(OutboxMessage, message_id)
    if message.delivery_state != "failed":
        flash("Only a message whose delivery failed can be resent.", "error")
    else:
        resend(message)
        record_audit(current_user, "outbox_message", message.id, "resent", {"recipient": [None, message.recipient]})
        db.session.commit()
        flash(f"The message to {message.recipient} is queued again.", "success")
    return redirect(url_for("admin.outbox_message", message_id=message.id))


@bp.route("/audit")
def audit_log():
    form = AuditFilterForm(formdata=request.args)
    pagination = queries.audit_page(page=_page(), **_filters(form))
    return render_template("admin/audit_log.html", form=form, pagination=pagination)


@bp.route("/audit.csv")
def audit_log_csv():
    """The audit events matching the page's filters, as a spreadsheet-safe CSV."""
    form = AuditFilterForm(formdata=request.args)
    events = db.session.scalars(queries.audit_events_query(**_filters(form)))
    return table_response(audit_frame(events), "audit-log", "csv")
