"""What the cohort side tells people when something happens to them (app/notifications sends it).

One function per event, called from the service where the event happens, so each hook there is one
line. Each builds the words and picks the people: the participant's login (or, without one, their
address: email only), the employer's active logins, and the participant's coach or else every
active staff member. Anonymised participants, and those without a login who turned reminders
off, are told nothing.
"""

from __future__ import annotations

from app.models import User
from app.notifications.kinds import Kind
from app.notifications.services import Recipient, employer_users, notify, site_path, staff_users
from cohorts.models import Candidacy, CandidacyStage, CohortSession, Enrolment, Participant, RetentionCheck

STAGE_NEWS = {
    CandidacyStage.interviewing: "{employer} would like to interview you for {role}.",
    CandidacyStage.offer: "{employer} is making you an offer for {role}.",
    CandidacyStage.hired: "You are hired as {role} at {employer}. Congratulations!",
}


def _participant(participant: Participant) -> list[Recipient]:
    if participant.anonymised_at is not None:
        return []
    if participant.user is None and participant.nudges_opt_out:
        return []
    return [Recipient(participant.email, participant.first_name, participant.user)]


def _coach_or_staff(participant: Participant) -> list[User]:
    coach = participant.coach
    return [coach] if coach is not None and coach.active else staff_users()


def subject_of(participant: Participant) -> str:
    """How a notice to staff or an employer names the participant it is about (erasure finds it)."""
    return f"participant:{participant.id}"


def application_received(enrolment: Enrolment) -> None:
    """The applicant hears it is in; the coach (or all staff) that it arrived."""
    cohort, participant = enrolment.cohort, enrolment.participant
    notify(_participant(participant), Kind.application, f"Your application to {cohort.display_name}",
           f"We have your application to {cohort.display_name}, starting {cohort.starts_on:%-d %B %Y}. "
           "The programme team will be in touch about the next steps.",
           link=site_path("cohorts_participant.home"), about=f"enrolment:{enrolment.id}")
    notify(_coach_or_staff(participant), Kind.application_arrived,
           f"New application to {cohort.code}: {participant.full_name}",
           link=site_path("cohorts_staff.list_enrolments", cohort_id=cohort.id), subject=subject_of(participant))


def application_decided(enrolment: Enrolment, accepted: bool) -> None:
    cohort = enrolment.cohort
    if accepted:
        title, body = (f"You have a place on {cohort.display_name}",
                       f"Your application is accepted. The cohort starts on {cohort.starts_on:%-d %B %Y}.")
    else:
        title = f"Your application to {cohort.display_name}"
        body = "We are sorry: this time we could not offer you a place. Your coach can talk through other cohorts."
    notify(_participant(enrolment.participant), Kind.application, title, body,
           link=site_path("cohorts_participant.home"))


def enrolled(enrolment: Enrolment) -> None:
    cohort = enrolment.cohort
    notify(_participant(enrolment.participant), Kind.enrolment, f"You are enrolled on {cohort.display_name}",
           "Welcome! Your sessions are on your schedule.", link=site_path("cohorts_participant.schedule"))


def _introduced(candidacy: Candidacy) -> None:
    """The participant hears who they were introduced to; the employer meets the candidate."""
    need, participant = candidacy.hiring_need, candidacy.participant
    notify(_participant(participant), Kind.introduction, f"You are introduced to {need.employer.name}",
           f"We have put you forward for {need.role_title}. We will tell you when they reply.",
           link=site_path("cohorts_participant.applications"))
    notify(employer_users(need.employer_id), Kind.candidate_introduced,
           f"A candidate for {need.role_title}: {participant.full_name}",
           link=site_path("cohorts_employer.candidate_detail", candidacy_id=candidacy.id),
           subject=subject_of(participant))


def stage_changed(candidacy: Candidacy) -> None:
    """An introduction, an interview, an offer and a hire are news; other moves the coach explains."""
    if candidacy.stage == CandidacyStage.introduced:
        _introduced(candidacy)
        return
    news = STAGE_NEWS.get(candidacy.stage)
    if news is None:
        return
    need = candidacy.hiring_need
    text = news.format(employer=need.employer.name, role=need.role_title)
    notify(_participant(candidacy.participant), Kind.candidacy_stage,
           f"Your application for {need.role_title}: {candidacy.stage.label.lower()}", text,
           link=site_path("cohorts_participant.applications"))


def session_changed(session: CohortSession, *, cancelled: bool = False) -> None:
    """The employer co-delivering a session hears that it moved, changed or was cancelled."""
    what = "cancelled" if cancelled else "changed"
    employer = session.employer  # the relationship: a change of employer reaches employer_id only at flush
    if employer is None:
        return
    notify(employer_users(employer.id), Kind.session_changed, f"Session {what}: {session.title}",
           f"{session.ref} for {session.cohort.display_name} was {what}. Your calendar feed updates by itself.",
           link=site_path("cohorts_employer.list_sessions"))


def retention_check_in_due(check: RetentionCheck) -> bool:
    """The placed participant is asked how the job is going; once per check however often the job runs."""
    placement = check.placement
    return notify(_participant(placement.participant), Kind.retention_check_in, "A quick check-in about your job",
                  f"It's {check.day_mark} days since you started as {placement.role_title} at "
                  f"{placement.employer.name}. Are you still in work? It takes one tap to tell us.",
                  link=site_path("cohorts_participant.retention"), about=f"retention:{check.id}") > 0


def retention_overdue(check: RetentionCheck) -> bool:
    """The coach (or all staff) hears a check is overdue; once per check."""
    placement = check.placement
    return notify(_coach_or_staff(placement.participant), Kind.retention_overdue,
                  f"Retention check overdue: {placement.participant.full_name}, day {check.day_mark}",
                  f"{placement.ref} at {placement.employer.name} was due a check on {check.due_on:%-d %b %Y}.",
                  link=site_path("cohorts_staff.placement_detail", placement_id=placement.id),
                  about=f"retention-overdue:{check.id}", subject=subject_of(placement.participant)) > 0
