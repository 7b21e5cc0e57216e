"""The demand side's notices: staff hear of submitted needs and questionnaires, employers of reviews.

One function per event, called from the service where it happens (one line there); app/notifications
applies each person's choices and sends it after commit. Staff means every active staff member and
admin: an employer has no assigned staff member to narrow it to.
"""

from __future__ import annotations

from app.extensions import db
from app.notifications.kinds import Kind
from app.notifications.services import employer_users, notify, site_path, staff_users
from app.webhooks import WEBHOOK_FIELDS, emit, record_of
from employers.models import DiscoveryInterview, HiringNeed, HiringNeedStatus


def need_submitted(need: HiringNeed) -> None:
    notify(staff_users(), Kind.need_submitted, f"{need.employer.name} submitted {need.ref}: {need.role_title}",
           "It is waiting for review: open it when the competencies are clear.",
           link=site_path("employers_staff.hiring_need_detail", need_id=need.id))


def need_status_changed(need: HiringNeed, old: HiringNeedStatus) -> None:
    """The employer hears that their need was published (draft → open), reopened, filled or closed."""
    need_published(need)
    if need.status == HiringNeedStatus.open:
        news = "is published" if old == HiringNeedStatus.draft else "is open again"
        body = "The programme team will match candidates from its cohorts to it."
    else:
        news, body = f"is {need.status.label.lower()}", ""
    notify(employer_users(need.employer_id), Kind.need_reviewed, f"Your hiring need {need.ref} {news}",
           f"{need.role_title}. {body}".strip(), link=site_path("employers_portal.hiring_need_detail", need_id=need.id))


def questionnaire_sent(questionnaire: DiscoveryInterview) -> None:
    db.session.flush()  # a questionnaire sent on its first save needs its id for the link
    employer = questionnaire.employer
    notify(staff_users(), Kind.questionnaire_submitted, f"{employer.name} sent their questionnaire",
           f"Answered by {questionnaire.attendees}.",
           link=site_path("employers_staff.interview_detail", interview_id=questionnaire.id))


def need_published(need: HiringNeed) -> None:
    """Webhook receivers hear of every need that becomes open (made open, published or reopened)."""
    if need.status == HiringNeedStatus.open:
        emit("hiring_need.published", record_of(need, *WEBHOOK_FIELDS["hiring_need"]))
