"""Who is told about the library: staff of a new suggestion, the suggester of the decision on it."""

from __future__ import annotations

from app.extensions import db
from app.models import Role, User
from app.notifications.kinds import Kind
from app.notifications.services import notify, site_path, staff_users
from cohorts.models import LearningResource, ResourceStatus

#: the page a suggester's portal shows their suggestions on
SUGGESTIONS_PAGE = {Role.participant: "cohorts_participant.learning", Role.employer: "cohorts_employer.suggest_resource"}


def resource_suggested(resource: LearningResource) -> None:
    """Tell staff (in the portal only) that a suggestion waits in the review queue."""
    notify(staff_users(), Kind.resource_suggested, f"Learning resource suggested: {resource.title}",
           "It waits in the learning review queue for approval.", link=site_path("cohorts_staff.learning_review"),
           about=f"resource-suggested:{resource.id}")


def resource_reviewed(resource: LearningResource) -> None:
    """Tell the suggester their suggestion was approved or rejected."""
    suggester = db.session.get(User, resource.suggested_by_id) if resource.suggested_by_id else None
    if suggester is None or suggester.role not in SUGGESTIONS_PAGE:
        return
    approved = resource.status == ResourceStatus.approved
    body = ("Participants whose gaps it teaches now see it. Thank you." if approved
            else "Programme staff decided not to add it to the library this time.")
    notify([suggester], Kind.resource_reviewed,
           f"Your suggestion “{resource.title}” is {'approved' if approved else 'not added'}", body,
           link=site_path(SUGGESTIONS_PAGE[suggester.role]), about=f"resource-reviewed:{resource.id}:{resource.status}")
