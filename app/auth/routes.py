"""Login, logout, invitations, password reset and the site root: all public pages."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app.access import PUBLIC, guard_blueprint
from app.auth import tokens
from app.auth.forms import ForgotPasswordForm, LoginForm, SetPasswordForm
from app.auth.services import AccountError, authenticate, end_sessions, is_safe_next, request_password_reset
from app.auth.services import accept_invitation as accept_invitation_service
from app.auth.services import reset_password as reset_password_service
from app.extensions import db
from app.forms import show_rule_error
from app.security import throttle
from app.templating import home_url_for

bp = guard_blueprint(Blueprint("auth", __name__), PUBLIC)


def _start_session(user) -> None:
    """Rotate: nothing from before login survives into the logged-in session."""
    session.clear()
    login_user(user)


def _link_problem(error: tokens.TokenError, purpose: str):
    return render_template("auth/link_problem.html", message=str(error), purpose=purpose), 400


@bp.route("/")
def index():
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(home_url_for(current_user))
    form = LoginForm(next=request.args.get("next", ""))
    if form.validate_on_submit():
        wait = throttle.login_wait_minutes(form.email.data)
        if wait:
            form.password.errors.append(throttle.too_many_attempts_message(wait))
            return render_template("auth/login.html", form=form), 429
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            throttle.record_login_failure(form.email.data)
            form.password.errors.append("That email and password do not match an active account.")
        else:
            throttle.clear_login_failures(form.email.data)
            db.session.commit()
            session.clear()  # rotate: nothing from before login survives into the session
            login_user(user, remember=form.remember.data)
            target = form.next.data
            return redirect(target if is_safe_next(target) else home_url_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    if current_user.is_authenticated:
        end_sessions(current_user)  # a copied session or remember-me cookie dies too
        db.session.commit()
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    try:
        user = tokens.load_token(token, tokens.INVITATION)
    except tokens.TokenError as error:
        return _link_problem(error, tokens.INVITATION)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            accept_invitation_service(user, form.password.data)
        except AccountError as error:  # e.g. a password holding the email (the form cannot know it)
            show_rule_error(form, error)
        else:
            db.session.commit()
            _start_session(user)
            flash("Welcome to Bridgework: your password is set.", "success")
            return redirect(home_url_for(user))
    return render_template("auth/accept_invitation.html", form=form, user=user)


@bp.route("/password/forgot", methods=["GET", "POST"])
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        message = request_password_reset(form.email.data)
        db.session.commit()
        flash(message, "info")
        return redirect(url_for("auth.login"))
    return render_template("auth/forgot_password.html", form=form)


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    try:
        user = tokens.load_token(token, tokens.PASSWORD_RESET)
    except tokens.TokenError as error:
        return _link_problem(error, tokens.PASSWORD_RESET)
    form = SetPasswordForm()
    if form.validate_on_submit():
        try:
            reset_password_service(user, form.password.data)
        except AccountError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            _start_session(user)
            flash("Your password is changed; other sessions were logged out.", "success")
            return redirect(home_url_for(user))
    return render_template("auth/reset_password.html", form=form, user=user)
