"""The staff employer page's reading as rows (employers.crm.employer_rows, employers.crm.page): the same records
and the same markup as the ORM entities and the Jinja it replaced."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

from flask import render_template_string
from sqlalchemy import select

from app.models import AuditEvent, Role
from employers import services
from employers.crm.employer_rows import employer_records
from employers.crm.page import timeline_markup
from employers.forms import EmployerStatusForm
from employers.models import Contact, DiscoveryInterview, EmployerStatus, HiringNeed, HiringNeedStatus, InterviewFormat
from employers.timeline import TimelineEvent
from tests import factories

#: the partial the employer page and its timeline page included before timeline_markup wrote their lists
OLD_TIMELINE_PARTIAL = """<ol class="timeline">
  {% for event in events %}
  <li class="timeline__event timeline__event--{{ event.kind }}">
    <time datetime="{{ event.sort_key.date().isoformat() }}">{{ event.when|date }}</time> —
    {% if event.url %}<a href="{{ event.url }}">{{ event.title }}</a>{% else %}{{ event.title }}{% endif %}
    {% if event.detail %}<span class="muted">({{ event.detail }})</span>{% endif %}
  </li>
  {% endfor %}
</ol>"""


def _busy_employer(staff):
    """An employer with current and archived contacts, a held and a portal interview, needs out of ref order,
    status changes of the employer and of its needs; and another employer's changes beside it."""
    employer = factories.EmployerFactory(status=EmployerStatus.prospect)
    factories.ContactFactory(employer=employer, name="Zed Current")
    factories.ContactFactory(employer=employer, name="Ada Archived", archived_at=datetime.now(UTC))
    factories.ContactFactory(employer=employer, name="Bea Current")
    factories.DiscoveryInterviewFactory(employer=employer, interviewer=staff)
    factories.DiscoveryInterviewFactory(employer=employer, interviewer=None, format=InterviewFormat.questionnaire)
    late = factories.HiringNeedFactory(employer=employer, ref="HN-0902", status=HiringNeedStatus.draft)
    early = factories.HiringNeedFactory(employer=employer, ref="HN-0901")
    factories.HiringNeedFactory(employer=employer, ref="HN-0903")  # never changed
    services.change_employer_status(employer, EmployerStatus.in_discovery, staff)
    services.change_need_status(late, HiringNeedStatus.open, staff)
    services.change_need_status(early, HiringNeedStatus.filled, staff)
    services.change_need_status(late, HiringNeedStatus.closed, None)
    services.change_employer_status(employer, EmployerStatus.hiring_partner, staff)
    other = factories.EmployerFactory(status=EmployerStatus.prospect)
    services.change_employer_status(other, EmployerStatus.inactive, staff)
    services.change_need_status(factories.HiringNeedFactory(employer=other), HiringNeedStatus.closed, staff)
    return employer


def test_the_records_are_what_the_entities_hold(app, db, login):
    staff = login(Role.staff)
    employer = _busy_employer(staff)
    with app.test_request_context():
        records = employer_records(employer.id)
    assert records.employer == (employer.id, employer.name, employer.sector, employer.size_band, employer.region,
                                employer.website, employer.status, employer.notes)
    assert records.owner_name is None and records.users_count == 0
    contacts = db.session.scalars(select(Contact).where(Contact.employer_id == employer.id)
                                  .order_by(Contact.archived_at.is_not(None), Contact.name)).all()
    assert [(c.id, c.name, c.archived_at) for c in records.contacts] == [(c.id, c.name, c.archived_at) for c in contacts]
    assert [c.name for c in records.contacts] == ["Bea Current", "Zed Current", "Ada Archived"]
    interviews = db.session.scalars(select(DiscoveryInterview).where(DiscoveryInterview.employer_id == employer.id)
                                    .order_by(DiscoveryInterview.id.desc())).all()
    assert [(i.id, i.format, i.status, i.interviewer.display_name if i.interviewer else None)
            for i in interviews] == [(i.id, i.format, i.status, i.interviewer_name) for i in records.interviews]
    needs = db.session.scalars(select(HiringNeed).where(HiringNeed.employer_id == employer.id)
                               .order_by(HiringNeed.ref)).all()
    assert [(n.id, n.ref, n.role_title, n.openings, n.needed_by, n.status, n.submitted_at, n.created_at)
            for n in needs] == [tuple(n) for n in records.needs]
    assert [n.ref for n in records.needs] == ["HN-0901", "HN-0902", "HN-0903"]
    changes = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "status_changed").where(
        ((AuditEvent.entity == "employer") & (AuditEvent.entity_id == str(employer.id)))
        | ((AuditEvent.entity == "hiring_need") & AuditEvent.entity_id.in_([str(n.id) for n in needs])))
        .order_by(AuditEvent.at, AuditEvent.id)).all()
    assert len(changes) == 5
    assert [(c.entity, c.entity_id, c.at, c.actor_label, c.changes) for c in changes] == \
        [tuple(c) for c in records.status_changes]


def test_an_employer_without_records_and_one_that_is_not_there(app, db):
    employer = factories.EmployerFactory()
    with app.test_request_context():
        records = employer_records(employer.id)
        assert employer_records(employer.id + 1000) is None
    assert (records.contacts, records.interviews, records.needs, records.status_changes) == ([], [], [], [])


def test_the_timeline_markup_is_what_the_partial_wrote(app):
    events = [
        TimelineEvent(datetime(2026, 3, 2, 3, 30, tzinfo=UTC), "Meeting with <Ada> & co", detail="by Sam; notes",
                      kind="activity"),
        TimelineEvent(date(2026, 3, 1), "Hiring need HN-0001: Analyst", detail="2 openings",
                      url="/staff/hiring-needs/1?x=1&y=2", kind="need"),
        TimelineEvent(datetime(2026, 2, 1, 12, 0), "Status: Prospect → In discovery", kind="status"),
    ]
    with app.test_request_context():
        old = render_template_string(OLD_TIMELINE_PARTIAL, events=events)
        assert str(timeline_markup(events)) == old
        assert "&lt;Ada&gt; &amp; co" in old and "x=1&amp;y=2" in old
        assert not timeline_markup([])


def test_the_status_form_is_what_its_form_and_macro_wrote(client, login):
    login(Role.staff)
    employer = factories.EmployerFactory(status=EmployerStatus.hiring_partner)
    page = client.get(f"/staff/employers/{employer.id}").get_data(as_text=True)
    with client.application.test_request_context():
        form = EmployerStatusForm()
        form.status.choices = [(s.value, s.label) for s in services.EMPLOYER_TRANSITIONS[employer.status]]
        written = render_template_string(
            '{% from "macros/forms.html" import render_field %}{{ form.hidden_tag() }}{{ render_field(form.status) }}',
            form=form)

    def squeeze(html):  # the token differs between requests; whitespace between tags is not content
        return re.sub(r">\s+<", "><", re.sub(r'value="[^"]{40,}"', 'value="token"', html)).strip()

    start = page.index('<input id="csrf_token"')
    assert squeeze(written) in squeeze(page[start:page.index("<button", start)])


def test_the_page_lists_the_changes_of_the_employer_and_its_needs(client, login):
    staff = login(Role.staff)
    employer = _busy_employer(staff)
    html = client.get(f"/staff/employers/{employer.id}/timeline").get_data(as_text=True)
    assert "Status: Prospect → In discovery" in html and "Status: In discovery → Hiring partner" in html
    assert "HN-0902: Draft → Open" in html and "HN-0902: Open → Closed" in html and "HN-0901: Open → Filled" in html
    assert "Inactive" not in html  # the other employer's change
    assert html.count("HN-0902: Draft → Open") == 1 and html.count("Hiring need HN-0902") == 1


def test_a_later_page_of_the_timeline(client, login):
    login(Role.staff)
    employer = factories.EmployerFactory()
    for n in range(30):
        factories.HiringNeedFactory(employer=employer, ref=f"HN-{n + 700:04d}",
                                    created_at=datetime(2026, 1, 1, tzinfo=UTC) + timedelta(days=n))
    html = client.get(f"/staff/employers/{employer.id}/timeline?page=2").get_data(as_text=True)
    assert "Hiring need HN-0704" in html and "Hiring need HN-0705" not in html  # 30 events, 25 a page
