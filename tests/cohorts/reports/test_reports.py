"""PDF reports: what each says (pdftotext), how many pages, running headers, who may download what.

WeasyPrint takes about half a second per document, so each test renders one PDF at most and the
permission tests that are refused render none.
"""

from __future__ import annotations

import inspect
import re
import subprocess
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner

from app.models import Role
from cohorts.models import AssessmentStage, AttendanceStatus, CandidacyStage, EnrolmentStatus, StillEmployed
from tests import factories as f

AS_OF = date(2026, 6, 30)
ENDS = date(2026, 2, 27)


def pdf_text(pdf: bytes, tmp_path, page: int | None = None, layout: bool = False) -> str:
    """The PDF's text (pdftotext, in reading order or as laid out), whitespace collapsed to single spaces."""
    path = tmp_path / "report.pdf"
    path.write_bytes(pdf)
    options = (["-f", str(page), "-l", str(page)] if page else []) + (["-layout"] if layout else [])
    text = subprocess.run(["pdftotext", *options, str(path), "-"], check=True, capture_output=True, text=True).stdout
    return " ".join(text.split())


def page_count(pdf: bytes, tmp_path) -> int:
    path = tmp_path / "count.pdf"
    path.write_bytes(pdf)
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.fixture
def runner(app):
    mixes = "mix_stderr" in inspect.signature(CliRunner.__init__).parameters
    return app.test_cli_runner(mix_stderr=False) if mixes else app.test_cli_runner()


@pytest.fixture
def world(db):
    """A finished cohort: two placed completers (one introduced to the partner), one withdrawal."""
    partner, other = f.EmployerFactory(name="Harbourline Logistics"), f.EmployerFactory(name="Prairie Cloud")
    cohort = f.CohortFactory(code="SC-2026-01", name="SalesCamp Toronto", starts_on=ENDS - timedelta(days=56),
                             ends_on=ENDS)
    need = f.HiringNeedFactory(employer=partner, ref="HN-7001", openings=3)
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    f.ConsortiumMemberFactory(cohort=cohort, employer=partner, co_delivery_sessions=2)
    skill = f.SkillFactory(label="Discovery questioning")
    f.HiringNeedSkillFactory(hiring_need=need, skill=skill, level=3)
    module = f.ModuleFactory(cohort=cohort, title="Prospecting and outreach", hours=40)
    f.ModuleSkillFactory(module=module, skill=skill, level=3)
    session = f.CohortSessionFactory(cohort=cohort, title="Kick-off with Harbourline", employer=partner,
                                     starts_at=datetime(2026, 1, 5, 14, tzinfo=UTC))
    people = {}
    for key, first, status in (("alice", "Alicia", EnrolmentStatus.completed),
                               ("bruno", "Bruno", EnrolmentStatus.completed),
                               ("carol", "Carolyn", EnrolmentStatus.withdrawn)):
        p = f.ParticipantFactory(first_name=first, last_name="Quartermaine", email=f"{key}@example.test")
        f.EnrolmentFactory(participant=p, cohort=cohort, status=status,
                           exited_on=ENDS if status == EnrolmentStatus.completed else None)
        f.AttendanceFactory(session=session, participant=p, status=AttendanceStatus.present)
        people[key] = p
    f.SkillAssessmentFactory(participant=people["alice"], skill=skill, stage=AssessmentStage.baseline, level=1)
    f.SkillAssessmentFactory(participant=people["alice"], skill=skill, stage=AssessmentStage.exit, level=3)
    f.CandidacyFactory(participant=people["alice"], hiring_need=need, cohort=cohort, stage=CandidacyStage.hired,
                       introduced_at=datetime(2026, 3, 1, tzinfo=UTC))
    alice_job = f.PlacementFactory(participant=people["alice"], cohort=cohort, employer=partner, hiring_need=need,
                                   start_date=ENDS + timedelta(days=20), ref="PL-90001")
    f.RetentionCheckFactory(placement=alice_job, day_mark=90, checked_on=alice_job.start_date + timedelta(days=91),
                            still_employed=StillEmployed.yes)
    f.PlacementFactory(participant=people["bruno"], cohort=cohort, employer=other, start_date=ENDS + timedelta(days=40),
                       ref="PL-90002")
    return {"cohort": cohort, "partner": partner, "other": other, "people": people}


# --- the documents ------------------------------------------------------------------------------


def test_staff_cohort_report_has_every_section_page_numbers_and_a_table_that_splits(client, login, world, tmp_path):
    cohort = world["cohort"]
    for n in range(45):  # enough placements for the table to run over a page break
        f.PlacementFactory(cohort=cohort, employer=world["other"], ref=f"PL-8{n:04d}",
                           participant=f.ParticipantFactory(last_name=f"Filler{n:02d}"))
    login(Role.staff)
    response = client.get(f"/staff/cohorts/{cohort.id}/outcomes/report.pdf?as_of={AS_OF}")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert 'filename="SC-2026-01-outcomes-2026-06-30.pdf"' in response.headers["Content-Disposition"]
    pdf = response.data
    pages = page_count(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    assert pages >= 3
    for section in ("Summary measures", "Placement funnel", "Placements", "Retention", "Employer co-delivery",
                    "Demand coverage", "Discovery questioning", "Prospecting and outreach"):
        assert section in text
    assert "figures as of 30 Jun 2026" in text
    assert "Alicia Quartermaine" in text and "PL-90002" in text and "Filler44" in text
    # the funnel chart's label and value, drawn from the same figures as the dashboard
    assert re.search(r"Starters\s+3\b", pdf_text(pdf, tmp_path, layout=True))
    assert "Harbourline Logistics" in text
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text
    # running header on every page; the placements table's header row repeats where it splits
    with_header_row = 0
    for number in range(1, pages + 1):
        page = pdf_text(pdf, tmp_path, page=number)
        assert "Cohort outcome report" in page and "SC-2026-01 — SalesCamp Toronto" in page
        with_header_row += bool(re.search(r"Ref\s+Participant\s+Employer\s+Role", page))
    assert with_header_row >= 2


def test_employer_gets_the_aggregate_edition_with_only_its_own_candidates(client, login, world, tmp_path):
    login(Role.employer, employer=world["partner"])
    response = client.get("/employer/outcomes/SC-2026-01/report.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data, tmp_path)
    assert "prepared for Harbourline Logistics" in text
    assert "Your candidates from this cohort" in text
    assert "Alicia Quartermaine" in text  # introduced to the partner and consenting
    assert "Bruno" not in text and "Carolyn" not in text and "PL-90002" not in text
    assert re.search(r"Starters\s+3\b", pdf_text(response.data, tmp_path, layout=True))
    assert "Summary measures" in text
    assert "Page 1 of" in text


def test_programme_report_from_the_cli(runner, world, tmp_path):
    other_cohort = f.CohortFactory(code="SC-2025-02", starts_on=date(2025, 9, 1), ends_on=date(2025, 10, 31))
    f.PlacementFactory(cohort=other_cohort, employer=world["partner"], start_date=date(2025, 12, 1))
    out = tmp_path / "programme.pdf"
    result = runner.invoke(args=["report", "programme", "--out", str(out), "--as-of", "2026-06-30"])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    pdf = out.read_bytes()
    text = pdf_text(pdf, tmp_path)
    pages = page_count(pdf, tmp_path)
    for expected in ("Programme report", "All cohorts", "Trends", "Repeat partners", "SC-2026-01", "SC-2025-02",
                     "Figures as of 30 Jun 2026"):
        assert expected in text
    # Harbourline hired from both cohorts: the one repeat partner, in the table
    assert re.search(r"Harbourline Logistics 2 2", pdf_text(pdf, tmp_path, layout=True))
    assert f"Page {pages} of {pages}" in text


def test_participant_record_from_the_cli_ends_with_a_certificate_page(runner, world, tmp_path):
    out = tmp_path / "alice.pdf"
    result = runner.invoke(args=["report", "participant", "ALICE@example.test", "--out", str(out)])
    assert result.exit_code == 0, result.output
    pdf = out.read_bytes()
    pages = page_count(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    assert "Participant record" in text and "Alicia Quartermaine" in text
    assert "Kick-off with Harbourline" in text and "Present" in text  # attendance
    assert "Discovery questioning" in text and "+2" in text  # skills progress: 1 → 3
    last = pdf_text(pdf, tmp_path, page=pages)
    assert "Certificate of completion" in last and "Alicia Quartermaine" in last and "40 hours" in last
    assert "Certificate of completion" not in pdf_text(pdf, tmp_path, page=1)
    assert pages >= 2


def test_participant_downloads_their_own_record_without_a_certificate_when_not_completed(client, login, world,
                                                                                         tmp_path):
    carol = world["people"]["carol"]
    login(Role.participant, participant=carol, email="carol.login@example.test")
    response = client.get("/participant/my-record.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = pdf_text(response.data, tmp_path)
    assert "Carolyn Quartermaine" in text and "Alicia" not in text
    assert "Certificate of completion" not in text
    assert page_count(response.data, tmp_path) == 1


# --- bad input and permissions (no PDF rendered) ---------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["report", "cohort", "NO-SUCH", "--out"], "no cohort with the code 'NO-SUCH'"),
    (["report", "participant", "nobody@example.test", "--out"], "No participant with the email"),
])
def test_unknown_cohort_or_participant_is_a_clear_error(runner, db, tmp_path, args, message):
    out = tmp_path / "x.pdf"
    result = runner.invoke(args=[*args, str(out)])
    assert result.exit_code == 1
    stderr = result.stderr if hasattr(result, "stderr") else result.output
    assert message in stderr and "Traceback" not in stderr
    assert not out.exists()


def test_staff_download_of_an_unknown_cohort_or_participant_is_404(client, login, db):
    login(Role.staff)
    assert client.get("/staff/cohorts/999999/outcomes/report.pdf").status_code == 404
    assert client.get("/staff/participants/999999/record.pdf").status_code == 404


def test_employer_cannot_download_another_cohorts_report(client, login, world):
    f.CohortFactory(code="SC-OTHER")
    login(Role.employer, employer=world["partner"])
    assert client.get("/employer/outcomes/SC-OTHER/report.pdf").status_code == 404
    assert client.get("/employer/outcomes/NO-SUCH/report.pdf").status_code == 404
    assert client.get(f"/staff/cohorts/{world['cohort'].id}/outcomes/report.pdf").status_code == 403
    assert client.post("/staff/outcomes/report").status_code == 403  # the programme report job


def test_an_employer_outside_the_consortium_gets_404(client, login, world):
    login(Role.employer, employer=world["other"])  # hired from the cohort, but not in its consortium or demand
    assert client.get("/employer/outcomes/SC-2026-01/report.pdf").status_code == 404


def test_participant_reaches_only_their_own_record(client, login, world):
    login(Role.participant, participant=world["people"]["carol"], email="carol.login@example.test")
    alice = world["people"]["alice"]
    assert client.get(f"/staff/participants/{alice.id}/record.pdf").status_code == 403
    assert client.get(f"/staff/cohorts/{world['cohort'].id}/outcomes/report.pdf").status_code == 403
    assert client.get("/employer/outcomes/SC-2026-01/report.pdf").status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in ("/participant/my-record.pdf", "/employer/outcomes/SC-2026-01/report.pdf"):
        assert client.get(url).status_code in (302, 401)
    assert client.post("/staff/outcomes/report").status_code in (302, 401)


def test_pages_link_to_the_downloads(client, login, world):
    cohort, alice = world["cohort"], world["people"]["alice"]
    login(Role.staff)
    assert f"/staff/cohorts/{cohort.id}/outcomes/report.pdf" in client.get(
        f"/staff/cohorts/{cohort.id}/outcomes").get_data(as_text=True)
    assert 'action="/staff/outcomes/report?as_of=' in client.get("/staff/outcomes").get_data(as_text=True)
    assert f"/staff/participants/{alice.id}/record.pdf" in client.get(
        f"/staff/participants/{alice.id}").get_data(as_text=True)
    login(Role.employer, employer=world["partner"])
    assert "/employer/outcomes/SC-2026-01/report.pdf" in client.get("/employer/outcomes").get_data(as_text=True)
    login(Role.participant, participant=alice, email="alice.login@example.test")
    assert "/participant/my-record.pdf" in client.get("/participant/my-data").get_data(as_text=True)


# --- a fixed number of queries, whatever the data size (HTML only: no PDF rendered) --------------------


def _queries_to_render(template: str, build) -> int:
    from flask import render_template

    from tests.conftest import counting_queries

    with counting_queries() as counter:
        render_template(template, **build())
    return counter.count


def test_report_data_takes_the_same_number_of_queries_as_the_data_grows(app, world):
    from cohorts.reports.rendering import cohort_report_context, participant_record_context, programme_report_context

    cohort, partner, alice = world["cohort"], world["partner"], world["people"]["alice"]
    builds = {
        "reports/cohort.html": lambda: cohort_report_context(cohort, AS_OF),
        "reports/programme.html": lambda: programme_report_context(AS_OF),
        "reports/participant.html": lambda: participant_record_context(alice, AS_OF),
    }
    employer_build = ("reports/cohort.html", lambda: cohort_report_context(cohort, AS_OF, employer_id=partner.id))
    with app.test_request_context():
        # the first report after a write computes the written cohorts' kept outcome parts again
        # (a constant number of queries too: tests/cohorts/outcomes/): compare warm reports
        for template, build in builds.items():
            _queries_to_render(template, build)
        before = {t: _queries_to_render(t, b) for t, b in builds.items()}
        before_employer = _queries_to_render(*employer_build)
        for n in range(5):
            person = f.ParticipantFactory()
            f.EnrolmentFactory(participant=person, cohort=cohort, status=EnrolmentStatus.completed)
            job = f.PlacementFactory(participant=person, cohort=cohort, employer=f.EmployerFactory())
            f.RetentionCheckFactory(placement=job)
            f.CandidacyFactory(participant=person, hiring_need=cohort.demand[0].hiring_need, cohort=cohort,
                               stage=CandidacyStage.introduced, introduced_at=datetime(2026, 3, 5, tzinfo=UTC))
            f.ConsortiumMemberFactory(cohort=cohort)
            f.CohortFactory()
            f.AttendanceFactory(participant=alice, session=f.CohortSessionFactory(cohort=cohort))
        for template, build in builds.items():
            _queries_to_render(template, build)
        after = {t: _queries_to_render(t, b) for t, b in builds.items()}
        assert after == before
        assert _queries_to_render(*employer_build) == before_employer
