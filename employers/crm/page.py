"""The staff employer page, built in one place. Its forms that were once inline (logging an activity,
planning a follow-up, setting the relationship manager) have pages of their own, linked from it
(employers.crm.views), and so has the whole timeline: the page shows the latest events.

Rows with links build their URLs from one url_for per kind of link (app.templating.url_with_id)."""

from __future__ import annotations

from flask import abort, render_template, request
from wtforms.fields.choices import SelectChoice

from app.dates import local_today
from app.pagination import ListPagination
from app.templating import badge, url_with_id
from employers.crm import queries
from employers.crm.employer_rows import EmployerRecords, employer_records
from employers.forms import EmployerStatusForm
from employers.services import EMPLOYER_TRANSITIONS
from employers.timeline import employer_timeline, registered_sections

#: the whole timeline's page shows this many events a page
TIMELINE_PER_PAGE = 25


def page_urls() -> dict:
    """id → URL for each kind of link the page's rows hold (one url_for each, not one per row)."""
    return {
        "interview": url_with_id("employers_staff.interview_detail", "interview_id"),
        "need": url_with_id("employers_staff.hiring_need_detail", "need_id"),
        "edit_contact": url_with_id("employers_staff.edit_contact", "contact_id"),
        "archive_contact": url_with_id("employers_staff.archive_contact", "contact_id"),
        "unarchive_contact": url_with_id("employers_staff.unarchive_contact", "contact_id"),
        "complete_follow_up": url_with_id("employers_staff.complete_follow_up", "follow_up_id"),
    }


def employer_panel(records: EmployerRecords) -> dict:
    """What the staff employer page shows of the CRM: contacts, the latest activities and follow-ups."""
    contacts = records.contacts  # current first
    current = [c for c in contacts if c.archived_at is None]
    activities, activity_count = queries.activity_rows(records.employer.id)
    return {
        "contacts": contacts if request.args.get("archived") else current,
        "archived_count": len(contacts) - len(current),
        "activities": activities,
        "activity_count": activity_count,
        "more_activities": activity_count > len(activities),
        "follow_ups": queries.open_follow_ups(records.employer.id),
        "today": local_today(),
    }


def render_employer_page(employer_id: int):
    """The staff employer page: details, CRM panel, sections other packages add, the latest events."""
    records = employer_records(employer_id) or abort(404)
    employer = records.employer
    sections = registered_sections(employer.id)
    status_form = EmployerStatusForm()
    status_form.status.choices = [SelectChoice(s.value, s.label) for s in EMPLOYER_TRANSITIONS[employer.status]]
    crm = employer_panel(records)
    events = employer_timeline(records, sections, crm["activities"])
    # the events count every activity, not only the latest ones loaded
    event_count = len(events) - len(crm["activities"]) + crm["activity_count"]
    return render_template("employers/staff/employer_detail.html", employer=employer, records=records,
                           sections=sections,
                           timeline=events[:queries.RECENT_EVENTS], event_count=event_count,
                           status_form=status_form, crm=crm, urls=page_urls(), badge=badge)


def render_timeline_page(employer_id: int, page: int):
    """Every event of the employer, newest first, a page at a time (a fixed number of queries)."""
    records = employer_records(employer_id) or abort(404)
    activities, _ = queries.activity_rows(employer_id, limit=None)
    events = employer_timeline(records, registered_sections(employer_id), activities)
    pagination = ListPagination(items=events, page=page, per_page=TIMELINE_PER_PAGE, error_out=False)
    return render_template("employers/staff/employer_timeline.html", employer=records.employer,
                           pagination=pagination)
