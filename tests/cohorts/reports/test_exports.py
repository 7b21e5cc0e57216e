"""Every list as CSV and XLSX: the same columns and filters as on screen, formulas neutralised, and only
what the viewer may see."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest
from openpyxl import load_workbook

from app.models import Role
from cohorts.models import AttendanceStatus, CandidacyStage, EnrolmentStatus
from tests import factories as f

FORMULA = "=HYPERLINK(\"http://evil.example\",\"x\")"


def csv_rows(response) -> pd.DataFrame:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    assert "attachment;" in response.headers["Content-Disposition"]
    return pd.read_csv(io.BytesIO(response.data), dtype=str, keep_default_na=False)


def xlsx_rows(response) -> tuple[list[str], list[list], object]:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows())
    return [c.value for c in rows[0]], [[c.value for c in row] for row in rows[1:]], sheet


@pytest.fixture
def cohort_world(db):
    cohort, other = f.CohortFactory(code="EX-1"), f.CohortFactory(code="EX-2")
    partner = f.EmployerFactory(name="Partner Co")
    need = f.HiringNeedFactory(employer=partner, ref="HN-EX1")
    evil = f.ParticipantFactory(first_name=FORMULA, last_name="Doe", email="evil@example.test")
    plain = f.ParticipantFactory(first_name="Plain", last_name="Person", email="plain@example.test")
    elsewhere = f.ParticipantFactory(first_name="Else", last_name="Where", email="else@example.test")
    f.EnrolmentFactory(participant=evil, cohort=cohort, status=EnrolmentStatus.completed)
    f.EnrolmentFactory(participant=plain, cohort=cohort, status=EnrolmentStatus.withdrawn)
    f.EnrolmentFactory(participant=elsewhere, cohort=other)
    return {"cohort": cohort, "other": other, "partner": partner, "need": need,
            "evil": evil, "plain": plain, "elsewhere": elsewhere}


def test_participants_csv_keeps_the_filters_and_neutralises_formulas(client, login, cohort_world):
    login(Role.staff)
    rows = csv_rows(client.get(f"/staff/participants?cohort={cohort_world['cohort'].id}&format=csv"))
    assert list(rows.columns) == ["first_name", "last_name", "email", "phone", "region", "referral_source", "coach",
                                  "cohorts", "consent_to_share"]
    assert sorted(rows["email"]) == ["evil@example.test", "plain@example.test"]
    assert "'" + FORMULA in set(rows["first_name"])
    assert rows.loc[rows["email"] == "plain@example.test", "cohorts"].item() == "EX-1 (withdrawn)"
    searched = csv_rows(client.get("/staff/participants?q=plain&format=csv"))
    assert list(searched["email"]) == ["plain@example.test"]


def test_participants_xlsx_writes_formulas_as_plain_text(client, login, cohort_world):
    login(Role.staff)
    header, rows, sheet = xlsx_rows(client.get(f"/staff/participants?cohort={cohort_world['cohort'].id}&format=xlsx"))
    assert header[:3] == ["first_name", "last_name", "email"]
    assert len(rows) == 2
    cell = next(c for c in sheet["A"] if c.value == FORMULA)
    assert cell.data_type == "s"  # text, never a formula


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_only_staff_export_participants(client, login, cohort_world, role):
    login(role)
    assert client.get("/staff/participants?format=csv").status_code == 403


def test_an_unknown_format_is_a_bad_request(client, login, cohort_world):
    login(Role.staff)
    assert client.get("/staff/participants?format=pdf").status_code == 400


def test_enrolments_export_keeps_the_status_filter(client, login, cohort_world):
    login(Role.staff)
    url = f"/staff/cohorts/{cohort_world['cohort'].id}/enrolments"
    everyone = csv_rows(client.get(f"{url}?format=csv"))
    assert sorted(everyone["email"]) == ["evil@example.test", "plain@example.test"]
    assert {"participant", "status", "waitlist_position", "enrolled_on", "exclusion_reason"} <= set(everyone.columns)
    header, rows, _ = xlsx_rows(client.get(f"{url}?status=withdrawn&format=xlsx"))
    assert [row[header.index("email")] for row in rows] == ["plain@example.test"]
    assert [row[header.index("status")] for row in rows] == ["withdrawn"]


def test_session_register_export_lists_the_roster_with_marks(client, login, cohort_world):
    cohort = cohort_world["cohort"]
    session = f.CohortSessionFactory(cohort=cohort, ref="S-EX1", starts_at=datetime(2026, 1, 5, 14, tzinfo=UTC))
    f.AttendanceFactory(session=session, participant=cohort_world["evil"], status=AttendanceStatus.late)
    unmarked = f.ParticipantFactory(email="unmarked@example.test")
    f.EnrolmentFactory(participant=unmarked, cohort=cohort)
    login(Role.staff)
    rows = csv_rows(client.get(f"/staff/sessions/{session.id}/attendance?format=csv"))
    assert list(rows.columns) == ["session", "date", "participant", "email", "attendance"]
    marks = dict(zip(rows["email"], rows["attendance"], strict=True))
    assert marks == {"evil@example.test": "late", "unmarked@example.test": ""}
    # the withdrawn participant (no exit date) and another cohort's participant are not on this register
    assert rows.loc[rows["email"] == "evil@example.test", "participant"].item().startswith("'=")
    assert set(rows["session"]) == {"S-EX1"}


def test_participant_exports_only_their_own_attendance(client, login, cohort_world):
    cohort = cohort_world["cohort"]
    session = f.CohortSessionFactory(cohort=cohort, title="Negotiation lab")
    f.AttendanceFactory(session=session, participant=cohort_world["plain"], status=AttendanceStatus.present)
    f.AttendanceFactory(session=session, participant=cohort_world["evil"], status=AttendanceStatus.absent)
    login(Role.participant, participant=cohort_world["plain"], email="plain.login@example.test")
    header, rows, _ = xlsx_rows(client.get("/participant/attendance?format=xlsx"))
    assert header == ["date", "session", "kind", "attendance"]
    assert [(r[1], r[3]) for r in rows] == [("Negotiation lab", "present")]


def _candidacies(world):
    need = world["need"]
    f.CandidacyFactory(participant=world["plain"], hiring_need=need, cohort=world["cohort"],
                       stage=CandidacyStage.interviewing, introduced_at=datetime(2026, 3, 1, tzinfo=UTC),
                       employer_feedback="=cmd|' /C calc'!A0")
    f.CandidacyFactory(participant=world["evil"], hiring_need=need, cohort=world["cohort"],
                       stage=CandidacyStage.shortlisted)  # not introduced yet
    withdrawn = f.ParticipantFactory(first_name="Nocon", last_name="Sent", consent_to_share=False)
    f.CandidacyFactory(participant=withdrawn, hiring_need=need, cohort=world["cohort"],
                       stage=CandidacyStage.introduced, introduced_at=datetime(2026, 3, 2, tzinfo=UTC))
    f.CandidacyFactory(participant=world["elsewhere"], hiring_need=f.HiringNeedFactory(), cohort=world["other"],
                       stage=CandidacyStage.introduced, introduced_at=datetime(2026, 3, 3, tzinfo=UTC))


def test_staff_candidacy_boards_export_every_stage(client, login, cohort_world):
    _candidacies(cohort_world)
    login(Role.staff)
    by_cohort = csv_rows(client.get(f"/staff/cohorts/{cohort_world['cohort'].id}/candidates?format=csv"))
    assert sorted(by_cohort["stage"]) == ["interviewing", "introduced", "shortlisted"]
    assert "else@example.test" not in set(by_cohort["email"])
    assert "'=cmd|' /C calc'!A0" in set(by_cohort["employer_feedback"])
    header, rows, _ = xlsx_rows(client.get(f"/staff/hiring-needs/{cohort_world['need'].id}/candidates?format=xlsx"))
    assert header[:5] == ["participant", "email", "cohort", "hiring_need", "stage"]
    assert len(rows) == 3 and {r[3] for r in rows} == {"HN-EX1"}


def test_employer_exports_only_introduced_consenting_candidates(client, login, cohort_world):
    _candidacies(cohort_world)
    login(Role.employer, employer=cohort_world["partner"])
    rows = csv_rows(client.get("/employer/candidates?format=csv"))
    assert list(rows.columns) == ["candidate", "hiring_need", "role", "cohort", "stage", "stage_since",
                                  "your_feedback"]
    assert list(rows["candidate"]) == ["Plain Person"]
    header, xrows, _ = xlsx_rows(client.get("/employer/candidates?format=xlsx"))
    assert [r[0] for r in xrows] == ["Plain Person"]


def test_placements_export_keeps_the_filters(client, login, cohort_world):
    other_employer = f.EmployerFactory(name="Other Employer")
    f.PlacementFactory(participant=cohort_world["plain"], cohort=cohort_world["cohort"],
                       employer=cohort_world["partner"], ref="PL-EX1", role_title="+SUM(A1)")
    f.PlacementFactory(participant=cohort_world["elsewhere"], cohort=cohort_world["other"], employer=other_employer,
                       ref="PL-EX2")
    login(Role.staff)
    rows = csv_rows(client.get(f"/staff/placements?employer={cohort_world['partner'].id}&format=csv"))
    assert list(rows["ref"]) == ["PL-EX1"]
    assert rows["role"].item() == "'+SUM(A1)"
    header, xrows, _ = xlsx_rows(client.get("/staff/placements?q=PL-EX&format=xlsx"))
    assert header[:4] == ["ref", "participant", "employer", "role"]
    assert sorted(r[0] for r in xrows) == ["PL-EX1", "PL-EX2"]


def test_employer_exports_only_its_own_hiring_needs(client, login, cohort_world):
    f.HiringNeedFactory(ref="HN-NOT-MINE")
    login(Role.employer, employer=cohort_world["partner"])
    rows = csv_rows(client.get("/employer/hiring-needs?format=csv"))
    assert list(rows["ref"]) == ["HN-EX1"]
    header, xrows, _ = xlsx_rows(client.get("/employer/hiring-needs?format=xlsx"))
    assert [r[header.index("ref")] for r in xrows] == ["HN-EX1"]


def test_outcome_exports_for_staff_and_the_employers_aggregate(client, login, cohort_world):
    f.ConsortiumMemberFactory(cohort=cohort_world["cohort"], employer=cohort_world["partner"])
    login(Role.staff)
    header, rows, _ = xlsx_rows(client.get("/staff/outcomes?cohort=EX-1&cohort=EX-2&format=xlsx"))
    assert header[:3] == ["scope", "as_of", "starters"]
    assert [r[0] for r in rows] == ["EX-1", "EX-2", "programme"]
    people = csv_rows(client.get("/staff/outcomes/people/completers?cohort=EX-1&format=csv"))
    assert list(people.columns) == ["participant", "email", "cohort", "first_placement", "employer", "placed_on"]
    assert list(people["email"]) == ["evil@example.test"]
    assert people["participant"].item().startswith("'=")

    login(Role.employer, employer=cohort_world["partner"])
    aggregate = csv_rows(client.get("/employer/outcomes?format=csv"))
    assert list(aggregate["scope"]) == ["EX-1", "programme"]  # only its consortium's cohort
    assert not any("example.test" in str(v) for v in aggregate.to_numpy().ravel())


def test_list_pages_offer_csv_and_excel_links_with_their_filters(client, login, cohort_world):
    cohort = cohort_world["cohort"]
    session = f.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2))
    login(Role.staff)
    for url in (f"/staff/participants?cohort={cohort.id}", f"/staff/cohorts/{cohort.id}/enrolments?status=completed",
                f"/staff/sessions/{session.id}/attendance", f"/staff/cohorts/{cohort.id}/candidates",
                f"/staff/hiring-needs/{cohort_world['need'].id}/candidates", "/staff/outcomes/people/starters?scope=all"):
        html = client.get(url).get_data(as_text=True)
        assert "format=csv" in html and "format=xlsx" in html, url
    f.PlacementFactory(cohort=cohort)
    html = client.get("/staff/placements?q=PL").get_data(as_text=True)
    assert "q=PL" in html.split("export-links")[1] and "format=xlsx" in html
    assert f"cohort={cohort.id}" in client.get(f"/staff/participants?cohort={cohort.id}").get_data(
        as_text=True).split("export-links")[1]
