"""The staff employer page's timeline, and the hook other packages use to add to that page.

The employers package must not import cohorts (arrows point cohorts → employers), yet the
employer page shows the cohorts an employer is in, its candidates and its placements. So the
cohorts package registers *providers* here at init_app; the page renders whatever is registered:

    from employers.timeline import EmployerSection, TimelineEvent, register_employer_section

    def cohort_section(employer_id: int, everything: bool) -> EmployerSection | None:
        ...  # a fixed number of queries, whatever the employer's size
        return EmployerSection(title="Cohorts", template="cohorts/staff/_employer_cohorts.html",
                               context={"memberships": rows}, events=[TimelineEvent(...), ...],
                               event_total=...)  # when it gives only its latest events

    register_employer_section(cohort_section)

``everything`` is False for the employer page, which shows the latest events only: a provider may then give
only its latest ones (at least the newest RECENT_EVENTS of employers.crm.queries, or all of them) and say in
``event_total`` how many it has in all; it is True for the whole timeline's page, which shows every event.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any

from app.templating import humanize, url_with_id
from employers.models import InterviewFormat


@dataclass(frozen=True)
class TimelineEvent:
    """One dated line of the employer's timeline."""

    #: a date or an aware datetime; dates sort as the start of their day
    when: date | datetime
    title: str
    detail: str = ""
    url: str | None = None
    #: a short word for styling and filtering: interview, need, status, cohort, candidate, placement …
    kind: str = ""

    @property
    def sort_key(self) -> datetime:
        if isinstance(self.when, datetime):
            return self.when if self.when.tzinfo is None else self.when.astimezone(UTC).replace(tzinfo=None)
        return datetime.combine(self.when, time.min)


@dataclass
class EmployerSection:
    """What a provider adds to the employer page: a titled fragment and/or timeline events.

    ``template`` is rendered with ``section`` in its context (read ``section.context.<name>``);
    leave it None to contribute timeline events only.
    """

    title: str
    template: str | None = None
    context: dict[str, Any] = field(default_factory=dict)
    events: list[TimelineEvent] = field(default_factory=list)
    #: sections are shown in ascending order after the employer's own sections
    order: int = 100
    #: how many events the section has in all ("All activity (N)"), when ``events`` holds only the latest;
    #: None: len(events)
    event_total: int | None = None

    def __post_init__(self) -> None:
        if self.event_total is None:
            self.event_total = len(self.events)


SectionProvider = Callable[[int, bool], "EmployerSection | None"]

#: providers registered by other packages; each takes an employer id and ``everything`` (see above)
employer_page_sections: list[SectionProvider] = []


def register_employer_section(provider: SectionProvider) -> SectionProvider:
    """Add a provider (idempotent, so building the app twice registers it once); usable as a decorator."""
    if provider not in employer_page_sections:
        employer_page_sections.append(provider)
    return provider


def registered_sections(employer_id: int, everything: bool = False) -> list[EmployerSection]:
    """The registered providers' sections, in order: with their latest events (the employer page) or, with
    ``everything``, every event (the whole timeline's page)."""
    sections = [s for s in (provider(employer_id, everything) for provider in employer_page_sections)
                if s is not None]
    return sorted(sections, key=lambda s: s.order)


def employer_events(records, activities: list) -> list[TimelineEvent]:
    """The demand side's own events (``records``: employers.crm.employer_rows.EmployerRecords): interviews,
    hiring needs, the CRM activities given (rows of employers.crm.queries.activity_rows: the page's latest
    ones, the timeline page's all), and status changes from the audit trail."""
    events = []
    interview_url = url_with_id("employers_staff.interview_detail", "interview_id")
    need_url = url_with_id("employers_staff.hiring_need_detail", "need_id")
    for interview in records.interviews:
        if interview.format == InterviewFormat.questionnaire:
            when = interview.questionnaire_submitted_at or interview.created_at
            title = "Questionnaire answered in the portal" if interview.questionnaire_submitted_at \
                else "Questionnaire started in the portal"
        else:
            when = interview.held_on or interview.created_at
            who = f" with {interview.interviewer_name}" if interview.interviewer_name else ""
            title = f"Discovery interview{who} ({humanize(interview.status).lower()})"
        events.append(TimelineEvent(when, title, url=interview_url(interview.id), kind="interview"))
    for need in records.needs:
        events.append(TimelineEvent(need.created_at, f"Hiring need {need.ref}: {need.role_title}",
                                    detail=f"{need.openings} opening{'s' if need.openings != 1 else ''}",
                                    url=need_url(need.id), kind="need"))
        if need.submitted_at:
            events.append(TimelineEvent(need.submitted_at, f"{need.ref} submitted for review by the employer",
                                        kind="need"))
    for activity in activities:
        with_whom = f" with {activity.contact_name}" if activity.contact_name else ""
        by = f"by {activity.staff_name}" if activity.staff_name else ""
        events.append(TimelineEvent(activity.occurred_at, f"{activity.kind.label}{with_whom}",
                                    detail="; ".join(filter(None, [by, activity.notes[:120]])), kind="activity"))
    refs = {str(n.id): n.ref for n in records.needs}
    for change in records.status_changes:
        old, new = change.changes.get("status", [None, None])
        if change.entity == "employer":
            events.append(TimelineEvent(change.at, f"Status: {humanize(old)} → {humanize(new)}",
                                        detail=f"by {change.actor_label}", kind="status"))
        else:
            events.append(TimelineEvent(change.at, f"{refs[change.entity_id]}: {humanize(old)} → {humanize(new)}",
                                        detail=f"by {change.actor_label}", kind="need"))
    return events


def employer_timeline(records, sections: list[EmployerSection], activities: list) -> list[TimelineEvent]:
    """Every event, newest first: the employer's own (``records``: employers.crm.employer_rows.EmployerRecords)
    and those of the registered sections."""
    events = employer_events(records, activities)
    events += [e for s in sections for e in s.events]
    return sorted(events, key=lambda e: e.sort_key, reverse=True)


# --- how many of a need's openings are filled ------------------------------------------------

#: set by the cohorts package: {need id: placements that fill it and stand} for the ids given
FillCounter = Callable[[list[int]], dict[int, int]]
fill_counters: list[FillCounter] = []


def register_fill_counter(counter: FillCounter) -> FillCounter:
    """Hires are recorded by cohorts; it tells the demand side how many fill each need."""
    if counter not in fill_counters:
        fill_counters.append(counter)
    return counter


def filled_openings(need_ids: list[int]) -> dict[int, int]:
    """{need id: openings filled} (one query per registered counter, whatever the number of needs)."""
    filled: dict[int, int] = dict.fromkeys(need_ids, 0)
    for counter in fill_counters:
        for need_id, count in counter(list(need_ids)).items():
            filled[need_id] = filled.get(need_id, 0) + count
    return filled
