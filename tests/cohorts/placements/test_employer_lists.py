"""The employer page's latest candidates and placements, their own paginated pages, and its exact timeline."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.models import Role
from cohorts.models import CandidacyStage
from cohorts.placements.employer_sections import RECENT_ROWS, employer_cohort_section
from employers.crm.queries import RECENT_EVENTS
from tests import factories
from tests.conftest import assert_query_count_flat

CANDIDATES = 14
PLACEMENTS = 13
EVENT = re.compile(r'<li class="timeline__event[^"]*">.*?</li>', re.DOTALL)


def _employer(candidates: int = CANDIDATES, placements: int = PLACEMENTS):
    """An employer whose latest placements by start are not its latest by event date (offer accepted):
    placement i starts on 1 May + i days and was accepted on 28 March - i days; candidacy j moved on 10 March + j."""
    employer = factories.EmployerFactory(name="Contoso Lists")
    cohort = factories.CohortFactory(code="LST-01")
    factories.ConsortiumMemberFactory(cohort=cohort, employer=employer)
    need = factories.HiringNeedFactory(employer=employer, ref="HN-7001")
    for j in range(candidates):
        factories.CandidacyFactory(
            hiring_need=need, stage=CandidacyStage.interviewing,
            stage_changed_at=datetime(2026, 3, 10, 12, tzinfo=UTC) + timedelta(days=j),
            participant=factories.ParticipantFactory(first_name="Cand", last_name=f"Number{j:02d}"))
    factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.shortlisted,
                               participant=factories.ParticipantFactory(first_name="Bo", last_name="Internal"))
    for i in range(placements):
        factories.PlacementFactory(employer=employer, cohort=cohort, ref=f"PL-E{i:02d}",
                                   start_date=date(2026, 5, 1) + timedelta(days=i),
                                   offer_accepted_on=date(2026, 3, 28) - timedelta(days=i))
    factories.PlacementFactory(employer=employer, cohort=cohort, ref="PL-VOID",
                               voided_at=datetime(2026, 6, 1, tzinfo=UTC), void_reason="Entered twice")
    return employer, need, cohort


def _section(html: str, heading: str, end: str) -> str:
    return html[html.index(heading):html.index(end, html.index(heading))]


# --- the employer page ---------------------------------------------------------------------------


def test_the_employer_page_lists_the_latest_ten_and_links_to_all(client, login):
    employer, _, _ = _employer()
    login(Role.staff)
    html = client.get(f"/staff/employers/{employer.id}").get_data(as_text=True)
    candidates = _section(html, "<h3>Candidates introduced</h3>", "<h3>Placements</h3>")
    placements = _section(html, "<h3>Placements</h3>", "</section>")
    assert candidates.count("<tr><td>") == RECENT_ROWS
    # the latest stage changes: numbers 13 down to 4
    assert "Cand Number13" in candidates and "Cand Number04" in candidates and "Cand Number03" not in candidates
    assert f'href="/staff/employers/{employer.id}/candidates">All candidates ({CANDIDATES})</a>' in candidates
    assert placements.count("<tr><td>") == RECENT_ROWS
    # the latest starts, latest first: 12 down to 3 (not the latest accepted offers)
    refs = re.findall(r">(PL-E\d\d)</a>", placements)
    assert refs == [f"PL-E{i:02d}" for i in range(12, 2, -1)]
    assert f'href="/staff/employers/{employer.id}/placements">All placements ({PLACEMENTS})</a>' in placements
    assert "Bo Internal" not in html and "PL-VOID" not in html


def test_no_link_when_the_page_lists_them_all(client, login):
    employer, _, _ = _employer(candidates=RECENT_ROWS, placements=3)
    login(Role.staff)
    html = client.get(f"/staff/employers/{employer.id}").get_data(as_text=True)
    assert html.count("<tr><td>") >= RECENT_ROWS + 3
    assert "All candidates (" not in html and "All placements (" not in html
    assert f"/staff/employers/{employer.id}/candidates" not in html


def test_the_timeline_shows_the_same_latest_events_as_all_of_them_sorted(client, login):
    employer, _, _ = _employer()
    login(Role.staff)
    page = client.get(f"/staff/employers/{employer.id}").get_data(as_text=True)
    latest = EVENT.findall(page[page.index('id="timeline"'):])
    assert len(latest) == RECENT_EVENTS
    whole = client.get(f"/staff/employers/{employer.id}/timeline").get_data(as_text=True)
    assert EVENT.findall(whole)[:RECENT_EVENTS] == latest
    # the latest accepted offer is among the latest events, though its placement starts too early to be listed
    assert any("Placement PL-E00:" in event for event in latest)
    assert any("Cand Number13: Interviewing" in event for event in latest)
    # "All activity (N)" counts every event, as the whole timeline's pages do
    total = int(re.search(r">All activity \((\d+)\)</a>", page).group(1))
    assert f"of {total}</p>" in whole
    # its own: the hiring need; the section's: the consortium cohort, every candidacy, every standing placement
    assert total == 1 + 1 + CANDIDATES + PLACEMENTS
    second = client.get(f"/staff/employers/{employer.id}/timeline?page=2").get_data(as_text=True)
    events = EVENT.findall(whole) + EVENT.findall(second)
    assert len(events) == total
    assert all(any(f"Placement PL-E{i:02d}:" in e for e in events) for i in range(PLACEMENTS))
    assert all(any(f"Cand Number{j:02d}:" in e for e in events) for j in range(CANDIDATES))


def test_the_section_gives_the_latest_events_of_all_and_counts_them_all(app):
    employer, _, cohort = _employer()
    # a placement with no accepted offer: its event is its start
    factories.PlacementFactory(employer=employer, cohort=cohort, ref="PL-NOOFFER", start_date=date(2026, 3, 21))
    with app.test_request_context():
        latest = employer_cohort_section(employer.id)
        whole = employer_cohort_section(employer.id, everything=True)

    def newest(events):
        return sorted(events, key=lambda e: e.sort_key, reverse=True)[:RECENT_EVENTS]

    assert newest(latest.events) == newest(whole.events)
    assert latest.event_total == whole.event_total == len(whole.events) == 1 + CANDIDATES + PLACEMENTS + 1
    assert len(latest.context["candidacies"]) == len(latest.context["placements"]) == RECENT_ROWS
    assert latest.context["candidacy_total"] == CANDIDATES and latest.context["placement_total"] == PLACEMENTS + 1
    assert len(whole.context["candidacies"]) == CANDIDATES


# --- the candidates' and placements' own pages -----------------------------------------------------


def test_the_candidates_page_pages_through_every_candidate(client, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 5)
    employer, _, _ = _employer()
    login(Role.staff)
    first = client.get(f"/staff/employers/{employer.id}/candidates").get_data(as_text=True)
    assert "<title>Candidates · Contoso Lists" in first and "Candidates introduced to Contoso Lists</h1>" in first
    assert f'href="/staff/employers/{employer.id}">Back to Contoso Lists</a>' in first
    assert first.count("<tr><td>") == 5 and "Showing 1–5 of 14" in first
    assert '<th scope="col">Candidate</th><th scope="col">Hiring need</th><th scope="col">Stage</th>' in first
    assert "Cand Number13" in first and "HN-7001 · " in first
    last = client.get(f"/staff/employers/{employer.id}/candidates?page=3").get_data(as_text=True)
    assert last.count("<tr><td>") == 4 and "Cand Number00" in last and "Showing 11–14 of 14" in last
    assert f'href="/staff/employers/{employer.id}/candidates?page=2"' in last
    assert "Bo Internal" not in first + last


def test_the_placements_page_pages_through_every_placement(client, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 5)
    employer, _, _ = _employer()
    login(Role.staff)
    pages = [client.get(f"/staff/employers/{employer.id}/placements?page={n}").get_data(as_text=True)
             for n in (1, 2, 3)]
    assert "<title>Placements · Contoso Lists" in pages[0] and "Placements with Contoso Lists</h1>" in pages[0]
    assert f'href="/staff/employers/{employer.id}">Back to Contoso Lists</a>' in pages[0]
    assert "Showing 1–5 of 13" in pages[0] and "Start</th>" in pages[0]
    refs = [ref for page in pages for ref in re.findall(r">(PL-E\d\d)</a>", page)]
    assert refs == [f"PL-E{i:02d}" for i in range(PLACEMENTS - 1, -1, -1)]
    assert "PL-VOID" not in "".join(pages)
    past = client.get(f"/staff/employers/{employer.id}/placements?page=9")
    assert past.status_code == 200 and "No placements with this employer yet." in past.get_data(as_text=True)


def test_an_employer_without_any_shows_the_empty_states(client, login):
    employer = factories.EmployerFactory()
    login(Role.staff)
    assert "No candidate has been introduced" in client.get(
        f"/staff/employers/{employer.id}/candidates").get_data(as_text=True)
    assert "No placements with this employer yet." in client.get(
        f"/staff/employers/{employer.id}/placements").get_data(as_text=True)


@pytest.mark.parametrize("kind", ["candidates", "placements"])
def test_an_unknown_employer_is_not_found(client, login, kind):
    login(Role.staff)
    assert client.get(f"/staff/employers/999999/{kind}").status_code == 404


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
@pytest.mark.parametrize("kind", ["candidates", "placements"])
def test_other_roles_are_refused(client, login, role, kind):
    employer = factories.EmployerFactory()
    login(role)
    assert client.get(f"/staff/employers/{employer.id}/{kind}").status_code == 403


# --- query counts stay flat --------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["", "/candidates", "/placements", "/timeline"])
def test_the_query_counts_stay_flat(client, login, path):
    employer, need, cohort = _employer(candidates=2, placements=2)
    login(Role.staff)

    def grow():
        for _ in range(2 * RECENT_ROWS):
            factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.introduced)
            factories.PlacementFactory(employer=employer, cohort=cohort)

    assert_query_count_flat(client, f"/staff/employers/{employer.id}{path}", grow)


def test_the_candidates_page_select_keeps_the_employer_sees_rule():
    """The page's joins select exactly what employer_sees allows, in the page's order, a candidacy without a
    cohort included: introduced, of one of the employer's needs, and still consenting."""
    import sqlalchemy as sa

    from app.extensions import db
    from cohorts.models import Candidacy
    from cohorts.placements.queries import employer_candidates_select, employer_sees

    employer = factories.EmployerFactory()
    need, other_need = factories.HiringNeedFactory(employer=employer), factories.HiringNeedFactory(employer=employer)
    introduced = datetime(2026, 3, 1, tzinfo=UTC)
    shown = [factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.introduced, introduced_at=introduced),
             factories.CandidacyFactory(hiring_need=other_need, stage=CandidacyStage.offer, introduced_at=introduced,
                                        cohort=None)]
    factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.shortlisted, introduced_at=None)
    factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.introduced, introduced_at=introduced,
                               participant=factories.ParticipantFactory(consent_to_share=False))
    factories.CandidacyFactory(stage=CandidacyStage.introduced, introduced_at=introduced)  # another employer's
    db.session.flush()

    by_rule = db.session.scalars(sa.select(Candidacy).where(employer_sees(employer.id))
                                 .order_by(Candidacy.stage_changed_at.desc(), Candidacy.id.desc())).all()
    assert db.session.scalars(employer_candidates_select(employer.id)).all() == by_rule
    assert sorted(c.id for c in by_rule) == sorted(c.id for c in shown)
    assert db.session.scalars(employer_candidates_select(employer.id, need.id)).all() == [shown[0]]
