"""Account rules: authentication, safe redirects, invitations, resets, roles and deactivation.

Every function flushes and never commits; the route that calls it commits once.
"""

from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy import inspect as sa_inspect
from werkzeug.security import check_password_hash, generate_password_hash

from app.audit import changed_fields, record_audit
from app.auth import tokens
from app.auth.passwords import password_problem
from app.db import utcnow
from app.errors import RuleError
from app.extensions import db
from app.mail import send_mail
from app.models import Role, User
from app.templating import absolute_url

#: what anyone asking for a reset is told, whether or not the email is known
RESET_REQUESTED_MESSAGE = (
    "If that email belongs to an active account, a link to choose a new password is on its way. "
    "It works once and expires soon."
)


class AccountError(RuleError):
    """A request that breaks an account rule; the message is shown to the person as is."""


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


@cache
def _dummy_hash() -> str:
    return generate_password_hash("not anyone's password")


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (never says which part was wrong).

    Known, unknown, inactive and password-less accounts all cost one password hash, so the time
    an answer takes does not tell an attacker which emails have an account.
    """
    user = find_user_by_email(email)
    if user is None or not user.password_hash:
        check_password_hash(_dummy_hash(), password)
        return None
    if not user.check_password(password) or not user.active:
        return None
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths may be a post-login target (no open redirects)."""
    if not target:
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")


def validate_password(password: str, email: str | None = None) -> None:
    """The one password policy (app/auth/passwords.py): length, common passwords, own email."""
    problem = password_problem(password, email)
    if problem:
        raise AccountError(problem, "password")



def _days(seconds: int) -> str:
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    return f"{max(1, seconds // 3600)} hours"


def _link_employer(user: User, employer: Any) -> None:
    """Accept an Employer or its id: app/ may not import the employers package."""
    employer_id = getattr(employer, "id", employer)
    if user.employer_id == employer_id:
        return
    user.employer_id = employer_id
    if sa_inspect(user).persistent:
        db.session.expire(user, ["employer"])  # reload the relationship from the new id


def _user_changes(user: User) -> dict[str, list]:
    """Pending changes worth auditing (never the password hash or the stamp)."""
    changes = changed_fields(user)
    for noise in ("password_hash", "security_stamp", "updated_at", "created_at", "id"):
        changes.pop(noise, None)
    return changes


def _check_role_links(role: Role, employer: Any, participant: Any) -> None:
    if role == Role.employer and employer is None:
        raise AccountError("An employer contact must belong to an employer: choose one.")
    if role == Role.participant and participant is None:
        raise AccountError("A participant account must be linked to a participant record.")
    if role != Role.participant and participant is not None:
        raise AccountError("Only a participant account can be linked to a participant record.")


def invite_user(
    email: str,
    role: Role | str,
    *,
    invited_by: User | None,
    employer: Any = None,
    participant: Any = None,
    full_name: str = "",
) -> tuple[User, str]:
    """Create (or re-invite) an account without a password and mail it a signed, expiring link."""
    role = Role(role)
    email = normalise_email(email)
    _check_role_links(role, employer, participant)
    user = find_user_by_email(email)
    if user is not None and user.password_hash:
        raise AccountError("That email already has an account; they can reset their password instead.")
    if participant is not None and participant.user is not None and participant.user is not user:
        raise AccountError("That participant already has an account.")
    action = "reinvited" if user is not None else "invited"
    if user is None:
        user = User(email=email, role=role, full_name=full_name.strip(), active=True)
        db.session.add(user)
    else:
        user.role = role
        user.active = True
        user.full_name = full_name.strip() or user.full_name
        user.security_stamp = (user.security_stamp or 0) + 1  # earlier links stop working
    _link_employer(user, employer if role == Role.employer else None)
    if participant is not None:
        participant.user = user
    changes = _user_changes(user)
    db.session.flush()
    url = absolute_url("auth.accept_invitation", token=tokens.make_token(user, tokens.INVITATION))
    inviter = invited_by.display_name if invited_by is not None else "Bridgework"
    send_mail(
        email,
        "You are invited to Bridgework",
        f"Hello{' ' + user.full_name if user.full_name else ''},\n\n"
        f"{inviter} has invited you to Bridgework as {role.label.lower()}.\n"
        f"Choose your password here (the link works once and expires in "
        f"{_days(tokens.max_age(tokens.INVITATION))}):\n\n{url}\n\n"
        "If you did not expect this, you can ignore this email.\n",
        kind="invitation",
    )
    record_audit(invited_by, "user", user.id, action, changes)
    return user, url


def accept_invitation(user: User, password: str) -> User:
    """The invited person chooses a password; the stamp bump makes the link single-use."""
    validate_password(password, user.email)
    user.set_password(password)
    db.session.flush()
    record_audit(user, "user", user.id, "invitation_accepted")
    return user


def end_sessions(user: User) -> None:
    """Log the user out everywhere: every session and remember-me cookie carries the old stamp."""
    user.security_stamp = (user.security_stamp or 0) + 1
    db.session.flush()


def request_password_reset(email: str) -> str:
    """Mail a reset link when the account exists and is active; the answer is the same either way."""
    user = find_user_by_email(email or "")
    if user is not None and user.active:
        url = absolute_url("auth.reset_password", token=tokens.make_token(user, tokens.PASSWORD_RESET))
        send_mail(
            user.email,
            "Choose a new Bridgework password",
            "Someone (we hope you) asked to reset the password of this Bridgework account.\n"
            f"Choose a new password here (the link works once and expires in "
            f"{_days(tokens.max_age(tokens.PASSWORD_RESET))}):\n\n{url}\n\n"
            "If it was not you, ignore this email: your password stays as it is.\n",
            kind="password_reset",
        )
        record_audit(None, "user", user.id, "password_reset_requested")
    return RESET_REQUESTED_MESSAGE


def reset_password(user: User, password: str) -> User:
    """Set a new password; the stamp bump ends other sessions and spends the link."""
    validate_password(password, user.email)
    user.set_password(password)
    db.session.flush()
    record_audit(user, "user", user.id, "password_reset")
    return user


def _other_active_admins(user: User) -> int:
    return db.session.scalar(
        select(func.count()).select_from(User).where(
            User.role == Role.admin, User.active.is_(True), User.id != user.id
        )
    )


def _keep_an_admin(user: User, actor: User | None, what: str) -> None:
    if actor is not None and actor.id == user.id:
        raise AccountError(f"You cannot {what} your own account.")
    if user.role == Role.admin and user.active and _other_active_admins(user) == 0:
        raise AccountError(f"You cannot {what} the last active administrator.")


def deactivate_user(user: User, *, actor: User | None) -> User:
    """Stop an account logging in, ending its sessions and links; its history stays."""
    if not user.active:
        raise AccountError("That account is already deactivated.")
    _keep_an_admin(user, actor, "deactivate")
    user.active = False
    changes = _user_changes(user)
    user.security_stamp = (user.security_stamp or 0) + 1
    db.session.flush()
    record_audit(actor, "user", user.id, "deactivated", changes)
    return user


def reactivate_user(user: User, *, actor: User | None) -> User:
    """Let a deactivated account log in again with its existing password."""
    if user.active:
        raise AccountError("That account is already active.")
    user.active = True
    changes = _user_changes(user)
    db.session.flush()
    record_audit(actor, "user", user.id, "reactivated", changes)
    return user


def change_role(user: User, role: Role | str, *, actor: User | None, employer: Any = None) -> User:
    """Move an account to another role; participant accounts stay tied to their record."""
    role = Role(role)
    if role == Role.employer and employer is None:
        raise AccountError("An employer contact must belong to an employer: choose one.")
    if user.role == Role.participant and role != Role.participant:
        raise AccountError("A participant account stays a participant; deactivate it instead.")
    if role == Role.participant and user.role != Role.participant:
        raise AccountError("Participant accounts are created by inviting a participant record.")
    if user.role == Role.admin and role != Role.admin:
        _keep_an_admin(user, actor, "demote")
    user.role = role
    _link_employer(user, employer if role == Role.employer else None)
    changes = _user_changes(user)
    if not changes:
        return user
    user.security_stamp = (user.security_stamp or 0) + 1  # sessions start over with the new role
    db.session.flush()
    record_audit(actor, "user", user.id, "role_changed", changes)
    return user
