"""The staff employer page, built in one place. Its forms that were once inline (logging an activity,
planning a follow-up, setting the relationship manager) have pages of their own, linked from it
(employers.crm.views), and so has the whole timeline: the page shows the latest events.

Its links build their URLs from one url_for per kind of link (app.templating.url_with_id), and its timeline
is written here, not by a Jinja loop: ~15 µs an event less."""

from __future__ import annotations

from flask import abort, render_template, request
from markupsafe import Markup

from app.dates import local_today, local_zone
from app.pagination import ListPagination
from app.templating import badge, format_date, html_text, url_with_id
from employers.crm import queries
from employers.crm.employer_rows import EmployerRecords, employer_records
from employers.forms import EmployerStatusForm
from employers.services import EMPLOYER_TRANSITIONS
from employers.timeline import TimelineEvent, employer_timeline, registered_sections
from employers.web import status_select

#: the whole timeline's page shows this many events a page
TIMELINE_PER_PAGE = 25


#: the page's links about the employer itself: name in the template → endpoint, its id's name, fixed query values
EMPLOYER_ENDPOINTS = {
    "edit": ("employers_staff.edit_employer", "employer_id", {}),
    "new_need": ("employers_staff.create_hiring_need", "employer_id", {}),
    "start_interview": ("employers_staff.start_interview", "employer_id", {}),
    "change_status": ("employers_staff.change_employer_status", "employer_id", {}),
    "timeline": ("employers_staff.employer_timeline", "employer_id", {}),
    "set_owner": ("employers_staff.set_owner", "employer_id", {}),
    "plan_follow_up": ("employers_staff.plan_follow_up", "employer_id", {}),
    "activities": ("employers_staff.list_activities", "employer_id", {}),
    "log_activity": ("employers_staff.log_activity", "employer_id", {}),
    "new_contact": ("employers_staff.new_contact", "employer_id", {}),
    "page": ("employers_staff.employer_detail", "employer_id", {}),
    "page_with_archived": ("employers_staff.employer_detail", "employer_id", {"archived": 1}),
}
#: the links the page's rows hold, the same way
ROW_ENDPOINTS = {
    "interview": ("employers_staff.interview_detail", "interview_id", {}),
    "need": ("employers_staff.hiring_need_detail", "need_id", {}),
    "edit_contact": ("employers_staff.edit_contact", "contact_id", {}),
    "archive_contact": ("employers_staff.archive_contact", "contact_id", {}),
    "unarchive_contact": ("employers_staff.unarchive_contact", "contact_id", {}),
    "complete_follow_up": ("employers_staff.complete_follow_up", "follow_up_id", {}),
}


def _url_makers(endpoints: dict) -> dict:
    """name → (id → URL) for the endpoints given (EMPLOYER_ENDPOINTS or ROW_ENDPOINTS), each url_with_id's."""
    return {name: url_with_id(endpoint, id_name, **values) for name, (endpoint, id_name, values) in endpoints.items()}


def employer_urls(employer_id: int) -> dict[str, str]:
    """The URLs of the page's links about the employer."""
    return {name: make(employer_id) for name, make in _url_makers(EMPLOYER_ENDPOINTS).items()}


def page_urls() -> dict:
    """id → URL for each kind of link the page's rows hold (one url_for each, not one per row)."""
    return _url_makers(ROW_ENDPOINTS)


def timeline_markup(events: list[TimelineEvent]) -> Markup:
    """The events as an ordered list, newest first (the employer page's latest and the timeline page's);
    empty markup, which is false, for no events."""
    if not events:
        return Markup()
    zone = local_zone()  # once, not once an event
    items = []
    for event in events:
        title = html_text(event.title)
        link = f'<a href="{html_text(event.url)}">{title}</a>' if event.url else title
        detail = f'<span class="muted">({html_text(event.detail)})</span>' if event.detail else ""
        when = html_text(format_date(event.when, zone=zone))
        items.append(f'  <li class="timeline__event timeline__event--{html_text(event.kind)}">\n'
                     f'    <time datetime="{event.sort_key.date().isoformat()}">{when}</time> —\n'
                     f'{link}{detail}  </li>\n')
    return Markup(f'<ol class="timeline">\n{"".join(items)}</ol>')


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
    crm = employer_panel(records)
    events = employer_timeline(records, sections, crm["activities"])
    # the events count every activity and every event of the sections, not only the latest ones loaded
    event_count = (len(events) - len(crm["activities"]) + crm["activity_count"]
                   + sum(s.event_total - len(s.events) for s in sections))
    return render_template("employers/staff/employer_detail.html", employer=employer, records=records,
                           sections=sections, timeline=timeline_markup(events[:queries.RECENT_EVENTS]),
                           event_count=event_count, status_field=status_select(EmployerStatusForm, EMPLOYER_TRANSITIONS, employer.status), crm=crm, urls=page_urls(),
                           employer_urls=employer_urls(employer.id), badge=badge)


def render_timeline_page(employer_id: int, page: int):
    """Every event of the employer, newest first, a page at a time (a fixed number of queries)."""
    records = employer_records(employer_id) or abort(404)
    activities, _ = queries.activity_rows(employer_id, limit=None)
    events = employer_timeline(records, registered_sections(employer_id, everything=True), activities)
    pagination = ListPagination(items=events, page=page, per_page=TIMELINE_PER_PAGE, error_out=False)
    return render_template("employers/staff/employer_timeline.html", employer=records.employer,
                           pagination=pagination, timeline=timeline_markup(pagination.items))
