"""Login, logout and the site root."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_user, logout_user

from app.access import PUBLIC, guard_blueprint
from app.auth.forms import LoginForm
from app.auth.services import authenticate, is_safe_next
from app.extensions import db
from app.templating import home_url_for

bp = guard_blueprint(Blueprint("auth", __name__), PUBLIC)


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
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append("That email and password do not match an active account.")
        else:
            db.session.commit()
            session.clear()  # rotate: nothing from before login survives into the session
            login_user(user, remember=form.remember.data)
            target = form.next.data
            return redirect(target if is_safe_next(target) else home_url_for(user))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
def logout():
    logout_user()
    session.clear()
    flash("You are logged out.", "info")
    return redirect(url_for("auth.login"))
