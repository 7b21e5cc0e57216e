"""The token settings page: make a token (shown once), list them, revoke one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import select

from app.access import get_or_404
from app.api_tokens import services
from app.api_tokens.forms import token_form
from app.api_tokens.models import ApiToken
from app.errors import RuleError
from app.extensions import db
from app.forms import EmptyForm, refuse_change


def _own(token: ApiToken) -> bool:
    return token.user_id == current_user.id


def token_settings():
    form = token_form(current_user.role)
    secret = None
    if form.validate_on_submit():
        try:
            token, secret = services.create_token(current_user, form.name.data, form.scopes.data, form.days.data)
        except RuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Token “{token.name}” made. Copy it now: it is not shown again.", "success")
            form = token_form(current_user.role)
            form.name.data = ""
    tokens = db.session.scalars(
        select(ApiToken).where(ApiToken.user_id == current_user.id).order_by(ApiToken.id.desc())
    ).all()
    status = 422 if form.errors else 200
    return render_template("api_tokens/settings.html", form=form, tokens=tokens, secret=secret,
                           revoke_form=EmptyForm()), status


def revoke(token_id: int):
    token = get_or_404(ApiToken, token_id, visible=_own)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.revoke_token(token, current_user)
    db.session.commit()
    flash(f"Token “{token.name}” revoked.", "success")
    return redirect(url_for(".token_settings"))
