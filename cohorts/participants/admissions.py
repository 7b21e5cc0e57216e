"""Applications and enrolment: apply, screen, enrol, withdraw, exclude — capacity and waitlist.

Places taken = accepted + enrolled enrolments; they never exceed the cohort's capacity. An
applicant accepted while the cohort is full stays ``applied`` with a waitlist position, and is
promoted in waitlist order as soon as a place frees. Every status change is audited.
"""

from __future__ import annotations

import re
from datetime import date

from flask import current_app
from itsdangerous import BadData, URLSafeTimedSerializer
from sqlalchemy import func, select

from app.audit import changed_fields, record_audit
from app.dates import local_today
from app.db import flush_unique
from app.extensions import db
from app.mail import send_mail
from app.models import Role, User
from app.templating import absolute_url
from app.webhooks import WEBHOOK_FIELDS, emit, record_of
from cohorts import notices
from cohorts.errors import CohortRuleError
from cohorts.models import (
    Cohort,
    CohortStatus,
    DeclineReason,
    Enrolment,
    EnrolmentStatus,
    ExclusionReason,
    Participant,
    ReferralPartner,
)

PLACE_HOLDING = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled)
#: what a public applicant is told, whatever happened (never reveals whether the email is known)
APPLICATION_RECEIVED = (
    "Thank you — your application is in. We will email you about the next steps; "
    "if you are new to Bridgework you will also get a link to set up your login."
)
#: the answer to every application form sent, whoever the email belongs to
CONFIRM_BY_EMAIL = (
    "Thank you. We have sent a link to the email address you gave: open it to confirm your "
    "application. Nothing is sent on until you do."
)
#: how long the link in that email works
CONFIRM_LINK_DAYS = 7
#: the longest ?source= value kept (enrolments.source); anything but a-z, 0-9, "-" and "_" is dropped
SOURCE_MAX = 60


def clean_source(value: str | None) -> str:
    """A ?source= value as stored: lower-case letters, digits, - and _ only, at most SOURCE_MAX."""
    return re.sub(r"[^a-z0-9_-]", "", (value or "").strip().lower())[:SOURCE_MAX]


def referring_partner(token: str | None) -> ReferralPartner | None:
    """The active referral partner whose link carries this token, or None."""
    if not token or len(token) > 64:
        return None
    return db.session.scalar(select(ReferralPartner).where(
        ReferralPartner.referral_token == token, ReferralPartner.active.is_(True)))


def _audit(enrolment: Enrolment, actor: User | None, action: str) -> None:
    changes = changed_fields(enrolment)
    changes.pop("updated_at", None)
    db.session.flush()
    record_audit(actor, "enrolment", enrolment.id, action, changes)
    if "status" in changes:  # every status change of an enrolment passes here
        emit("enrolment.status_changed", record_of(enrolment, *WEBHOOK_FIELDS["enrolment"]))


def _free_places(cohort: Cohort) -> int | None:
    """Free places, or None when the cohort has no capacity limit."""
    if cohort.capacity is None:
        return None
    taken = db.session.scalar(
        select(func.count()).select_from(Enrolment).where(
            Enrolment.cohort_id == cohort.id, Enrolment.status.in_(PLACE_HOLDING)
        )
    ) or 0
    return max(0, cohort.capacity - taken)


def _waitlist(cohort: Cohort) -> list[Enrolment]:
    return list(db.session.scalars(
        select(Enrolment)
        .where(Enrolment.cohort_id == cohort.id, Enrolment.waitlist_position.is_not(None))
        .order_by(Enrolment.waitlist_position, Enrolment.id)
    ))


def _renumber_waitlist(cohort: Cohort) -> None:
    for position, enrolment in enumerate(_waitlist(cohort), start=1):
        enrolment.waitlist_position = position
    db.session.flush()


def _require(enrolment: Enrolment, *statuses: EnrolmentStatus, doing: str) -> None:
    if enrolment.status not in statuses:
        raise CohortRuleError(f"An enrolment that is {enrolment.status.label.lower()} cannot be {doing}.")


# -- applying -----------------------------------------------------------------------------------


def _application_links() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="bridgework-cohort-application")


def request_application(cohort: Cohort, **applicant: str) -> None:
    """The first step of a public application: mail the address given a link to confirm it.

    Nothing is stored: the application travels signed inside the link, so only someone who reads
    that mailbox can apply in its name, and no record is created, changed or linked by a form
    anyone can post. One link a day per address and cohort (a second request is answered the same).
    """
    from app.auth.services import normalise_email

    if cohort.status != CohortStatus.recruiting:
        raise CohortRuleError("This cohort is not taking applications.")
    fields = {key: (value or "").strip() for key, value in applicant.items()}
    fields["email"] = normalise_email(fields["email"])
    token = _application_links().dumps({"cohort": cohort.code, "applicant": fields})
    link = absolute_url("cohorts_public.confirm_application", code=cohort.code, token=token)
    send_mail(
        fields["email"], f"Confirm your application to {cohort.display_name}",
        f"Hello {fields['first_name']},\n\nSomeone (we hope you) applied to {cohort.display_name} with this "
        f"email address. To confirm the application, open this link within {CONFIRM_LINK_DAYS} days:\n\n"
        f"{link}\n\nIf it was not you, ignore this email: nothing happens.\n\nBridgework",
        kind="application_confirmation",
        dedupe_key=f"apply:{cohort.code}:{fields['email']}:{local_today().isoformat()}",
    )


def read_application_link(cohort: Cohort, token: str) -> dict[str, str]:
    """The application a mailed link carries; refused when forged, expired or for another cohort."""
    try:
        signed = _application_links().loads(token, max_age=CONFIRM_LINK_DAYS * 86400)
    except BadData:
        signed = None
    if not signed or signed.get("cohort") != cohort.code:
        raise CohortRuleError("This confirmation link has expired or is not valid: please apply again.")
    return signed["applicant"]


def confirm_application(cohort: Cohort, token: str) -> Enrolment | None:
    """The second step: the link from the mailbox applies (see apply_to_cohort)."""
    return apply_to_cohort(cohort, **read_application_link(cohort, token))


def _participant_by_email(email: str) -> Participant | None:
    return db.session.scalar(select(Participant).where(Participant.email == email))


def apply_to_cohort(
    cohort: Cohort, *, first_name: str, last_name: str, email: str, phone: str = "",
    region: str = "", referral_source: str = "", goals: str = "", referral: str = "", source: str = "",
) -> Enrolment | None:
    """An application (confirmed from its mailbox, or entered by staff); None when this person
    had already applied (nothing changes).

    An existing participant's details are never overwritten from a public form, and the caller
    shows the same thank-you whatever happens, so the form reveals nothing about who is known.
    """
    from app.auth.services import find_user_by_email, invite_user, normalise_email

    if cohort.status != CohortStatus.recruiting:
        raise CohortRuleError("This cohort is not taking applications.")
    email = normalise_email(email)
    partner = referring_partner(referral)  # the partner's link token, carried through the signed link
    participant = _participant_by_email(email)
    if participant is None:
        # two confirmations for one new address at the same moment: the second gets a message
        with flush_unique(db.session, CohortRuleError(
                "An application from this email address was confirmed at the same moment: it is in.")):
            participant = Participant(
                first_name=first_name.strip(), last_name=last_name.strip(), email=email, phone=phone.strip(),
                region=region.strip(), referral_source=referral_source.strip() or (partner.name if partner else ""),
                goals=goals.strip(), referral_partner=partner,
            )
            db.session.add(participant)
    elif db.session.scalar(select(Enrolment.id).where(
        Enrolment.participant_id == participant.id, Enrolment.cohort_id == cohort.id
    )):
        return None
    enrolment = Enrolment(participant=participant, cohort=cohort, status=EnrolmentStatus.applied,
                          applied_on=local_today(cohort.time_zone), referral_partner=partner,
                          source=clean_source(source))
    db.session.add(enrolment)
    _audit(enrolment, None, "applied")
    if participant.user_id is None and find_user_by_email(email) is None:
        invite_user(email, Role.participant, invited_by=None, participant=participant,
                    full_name=participant.full_name)
    notices.application_received(enrolment)
    return enrolment


# -- screening ----------------------------------------------------------------------------------


def accept_application(enrolment: Enrolment, *, actor: User | None) -> Enrolment:
    """applied → accepted when there is a place; otherwise onto the waitlist (still applied)."""
    _require(enrolment, EnrolmentStatus.applied, doing="accepted")
    free = _free_places(enrolment.cohort)
    if free is not None and free < 1:
        if enrolment.waitlist_position is None:
            last = max((e.waitlist_position for e in _waitlist(enrolment.cohort)), default=0)
            enrolment.waitlist_position = last + 1
            _audit(enrolment, actor, "waitlisted")
        return enrolment
    was_waitlisted = enrolment.waitlist_position is not None
    enrolment.status, enrolment.waitlist_position = EnrolmentStatus.accepted, None
    _audit(enrolment, actor, "status_changed")
    notices.application_decided(enrolment, accepted=True)
    if was_waitlisted:
        _renumber_waitlist(enrolment.cohort)
    return enrolment


def enrol(enrolment: Enrolment, *, actor: User | None, on: date | None = None) -> Enrolment:
    """accepted → enrolled: the participant starts (counts as a starter from ``on``)."""
    _require(enrolment, EnrolmentStatus.accepted, doing="enrolled")
    enrolment.status, enrolment.enrolled_on = EnrolmentStatus.enrolled, on or local_today(enrolment.cohort.time_zone)
    _audit(enrolment, actor, "status_changed")
    notices.enrolled(enrolment)
    return enrolment


def decline(enrolment: Enrolment, *, actor: User | None, reason: DeclineReason | str | None = None) -> Enrolment:
    """applied or accepted → not_accepted (frees the place for the waitlist), with staff's reason if given."""
    _require(enrolment, EnrolmentStatus.applied, EnrolmentStatus.accepted, doing="declined")
    enrolment.status, enrolment.waitlist_position = EnrolmentStatus.not_accepted, None
    enrolment.decline_reason = DeclineReason(reason) if reason else None
    _audit(enrolment, actor, "status_changed")
    notices.application_decided(enrolment, accepted=False)
    _renumber_waitlist(enrolment.cohort)
    promote_from_waitlist(enrolment.cohort, actor=actor)
    return enrolment


def _exit(enrolment: Enrolment, on: date | None) -> None:
    day = on or local_today(enrolment.cohort.time_zone)
    if enrolment.enrolled_on and day < enrolment.enrolled_on:
        raise CohortRuleError("The exit date cannot be before the enrolment date.")
    enrolment.status, enrolment.exited_on, enrolment.waitlist_position = EnrolmentStatus.withdrawn, day, None


def withdraw(enrolment: Enrolment, reason: str, *, actor: User | None, on: date | None = None) -> Enrolment:
    """applied, accepted or enrolled → withdrawn, with the reason given."""
    if not (reason or "").strip():
        raise CohortRuleError("Give the reason for the withdrawal.")
    _require(enrolment, EnrolmentStatus.applied, EnrolmentStatus.accepted, EnrolmentStatus.enrolled,
             doing="withdrawn")
    _exit(enrolment, on)
    enrolment.withdrawal_reason = reason.strip()
    _audit(enrolment, actor, "status_changed")
    _renumber_waitlist(enrolment.cohort)
    promote_from_waitlist(enrolment.cohort, actor=actor)
    return enrolment


def exclude(
    enrolment: Enrolment, reason: ExclusionReason | str, *, actor: User | None, on: date | None = None
) -> Enrolment:
    """Record an exclusion: the enrolment leaves the outcome counts; a current one ends."""
    reason = ExclusionReason(reason)
    _require(enrolment, EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed,
             EnrolmentStatus.withdrawn, doing="excluded")
    frees_place = enrolment.status in PLACE_HOLDING
    if frees_place:
        _exit(enrolment, on)
        enrolment.withdrawal_reason = f"Excluded: {reason.label.lower()}"
    enrolment.exclusion_reason = reason
    _audit(enrolment, actor, "excluded")
    if frees_place:
        promote_from_waitlist(enrolment.cohort, actor=actor)
    return enrolment


def promote_from_waitlist(cohort: Cohort, *, actor: User | None) -> list[Enrolment]:
    """Fill free places from the waitlist, in order."""
    free = _free_places(cohort)
    waiting = _waitlist(cohort)
    promoted = waiting if free is None else waiting[:free]
    for enrolment in promoted:
        enrolment.status, enrolment.waitlist_position = EnrolmentStatus.accepted, None
        _audit(enrolment, actor, "promoted_from_waitlist")
        notices.application_decided(enrolment, accepted=True)
    if promoted:
        _renumber_waitlist(cohort)
    return promoted


def places_taken(cohort: Cohort) -> int:
    """Accepted and enrolled participants: what capacity counts."""
    return db.session.scalar(
        select(func.count()).select_from(Enrolment).where(
            Enrolment.cohort_id == cohort.id,
            Enrolment.status.in_([EnrolmentStatus.accepted, EnrolmentStatus.enrolled]),
        )
    ) or 0
