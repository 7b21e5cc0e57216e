"""Re-authentication: a sensitive POST (changing a role, erasing a person) asks for the password again.

The decorated view runs only when the password was confirmed within REAUTH_FRESH_MINUTES.
Otherwise the "confirm your password" page is shown instead, carrying the original form's
fields as hidden inputs, and posts back to the same URL: one correct password later, the
original action goes ahead with exactly what the person submitted.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import current_app, render_template, request, session
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import PasswordField
from wtforms.validators import DataRequired, Length

from app.audit import record_audit
from app.extensions import db
from app.security import throttle

FIELD = "reauth_password"
SESSION_KEY = "reauth_at"


class ReauthForm(FlaskForm):
    """The password field only: the replayed original form carries its own CSRF token."""

    class Meta:
        csrf = False

    reauth_password = PasswordField(
        "Your password", validators=[DataRequired(), Length(max=200)],
        render_kw={"autocomplete": "current-password"},
    )


def reauth_is_fresh() -> bool:
    """Did the logged-in person confirm their password within the last few minutes?"""
    confirmed_at = session.get(SESSION_KEY)
    window = current_app.config["REAUTH_FRESH_MINUTES"] * 60
    return isinstance(confirmed_at, int) and 0 <= time.time() - confirmed_at <= window


def mark_reauthenticated() -> None:
    session[SESSION_KEY] = int(time.time())


def _prompt(form: ReauthForm, status: int):
    replay = [(name, value) for name, values in request.form.lists() if name != FIELD for value in values]
    return render_template("auth/reauth.html", form=form, replay=replay, action=request.full_path.rstrip("?")), status


def require_reauth(view: Callable[..., Any]) -> Callable[..., Any]:
    """Run a POST view only after a fresh password confirmation (GETs pass straight through)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.method != "POST" or reauth_is_fresh():
            return view(*args, **kwargs)
        form = ReauthForm()
        if FIELD not in request.form:
            return _prompt(form, 200)
        wait = throttle.login_wait_minutes(current_user.email)
        if wait:
            form.reauth_password.errors = [throttle.too_many_attempts_message(wait)]
            return _prompt(form, 429)
        if form.validate() and current_user.check_password(form.reauth_password.data):
            mark_reauthenticated()
            return view(*args, **kwargs)
        throttle.record_login_failure(current_user.email)
        record_audit(current_user, "user", current_user.id, "reauth_failed")
        db.session.commit()
        if not form.reauth_password.errors:
            form.reauth_password.errors = ["That is not your password."]
        return _prompt(form, 400)

    return wrapper
