"""The staff employer page, built in one place: its own view shows it, and a CRM form posted with
errors shows it again with that form bound, its errors next to each field (status 422)."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.dates import local_today
from employers import queries as employer_queries
from employers.crm import queries
from employers.crm.forms import ActivityForm, FollowUpForm, OwnerForm
from employers.forms import EmployerStatusForm
from employers.models import Employer
from employers.services import EMPLOYER_TRANSITIONS
from employers.timeline import employer_timeline, registered_sections


def employer_panel(employer: Employer, **forms) -> dict:
    """What the staff employer page shows of the CRM: contacts, the latest activities, follow-ups and
    their forms (``forms`` replaces a blank form by the one just posted, errors and all)."""
    staff = queries.staff_choices()
    # the page's employer already holds its contacts by name: current first, the sort keeping that order
    contacts = sorted(employer.contacts, key=lambda contact: contact.archived_at is not None)
    current = [c for c in contacts if c.archived_at is None]
    activities, more = queries.recent_activities(employer.id)
    return {
        "contacts": contacts if request.args.get("archived") else current,
        "archived_count": len(contacts) - len(current),
        "activities": activities,
        "more_activities": more,
        "follow_ups": queries.open_follow_ups(employer.id),
        "today": local_today(),
        "activity_form": forms.get("activity_form") or ActivityForm(prefix="activity", contacts=current,
                                                                    formdata=None),
        "follow_up_form": forms.get("follow_up_form") or FollowUpForm(
            prefix="follow_up", staff=staff, formdata=None, data={"owner_id": str(current_user.id)}),
        "owner_form": forms.get("owner_form") or OwnerForm(prefix="owner", staff=staff, formdata=None,
                                                           data={"owner_id": str(employer.owner_id or "")}),
    }


def render_employer_page(employer_id: int, status: int = 200, **forms):
    """The staff employer page: details, CRM panel, sections other packages add, and the timeline."""
    employer = employer_queries.employer_detail(employer_id) or abort(404)
    sections = registered_sections(employer.id)
    status_form = EmployerStatusForm()
    status_form.status.choices = [SelectChoice(s.value, s.label) for s in EMPLOYER_TRANSITIONS[employer.status]]
    crm = employer_panel(employer, **forms)
    return render_template("employers/staff/employer_detail.html", employer=employer, sections=sections,
                           timeline=employer_timeline(employer, sections, crm["activities"]),
                           status_form=status_form, crm=crm), status
