"""The demo programme: what `flask seed-demo` loads, the logins people rely on, and idempotence."""

from __future__ import annotations

from collections import Counter
from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import Role, User
from cohorts.seed.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from cohorts.models import (
    Attendance,
    AttendanceStatus,
    Candidacy,
    CandidacyStage,
    Cohort,
    CohortSession,
    CohortStatus,
    ConsortiumMember,
    Enrolment,
    EnrolmentStatus,
    Participant,
    Placement,
    RetentionCheck,
    SessionKind,
    SkillAssessment,
    StillEmployed,
)
from cohorts.outcomes.measures import cohort_outcomes
from employers.models import (
    DiscoveryInterview,
    DiscoveryQuestion,
    Employer,
    EmployerStatus,
    HiringNeed,
    InterviewStatus,
    QuestionSection,
)
from employers.question_bank import (
    STANDARD_QUESTIONS,
    current_bank_version,
    ensure_question_bank,
)


def _all(model, *where):
    return db.session.scalars(sa.select(model).where(*where)).all()


def _cohort(status: CohortStatus) -> Cohort:
    return db.session.scalars(sa.select(Cohort).where(Cohort.status == status)).one()


def _snapshot() -> dict[str, list[tuple]]:
    """Every row of every table, so a second load can be shown to add and change nothing."""
    return {
        table.name: sorted(db.session.execute(sa.select(table)).all(), key=repr)
        for table in db.metadata.sorted_tables
    }


def test_question_bank_has_both_sections_with_stable_keys_and_is_idempotent():
    first = ensure_question_bank()
    again = ensure_question_bank()

    assert current_bank_version() == 1
    assert [q.key for q in first] == [key for _, key, _ in STANDARD_QUESTIONS]
    assert [q.id for q in again] == [q.id for q in first]
    assert [q.position for q in first] == list(range(1, 13))
    assert Counter(q.section for q in first) == {QuestionSection.context: 4, QuestionSection.talent: 8}
    assert {"roles_hard_to_fill", "non_negotiables", "deviate_from_requirements"} <= {q.key for q in first}
    assert len(_all(DiscoveryQuestion)) == 12


def test_question_bank_restores_reworded_text_without_new_rows():
    question = ensure_question_bank()[0]
    question.text = "Edited by hand"
    db.session.flush()

    ensure_question_bank()

    assert question.text == STANDARD_QUESTIONS[0][2]
    assert len(_all(DiscoveryQuestion)) == len(STANDARD_QUESTIONS)


def test_seed_demo_loads_demand_side():
    assert seed_demo() is True

    employers = _all(Employer)
    assert len(employers) >= 8
    assert {e.status for e in employers} == set(EmployerStatus)
    assert all(e.sector and e.size_band and e.region and e.website and e.contacts for e in employers)

    interviews = _all(DiscoveryInterview)
    bank = {q.id for q in ensure_question_bank()}
    assert len(interviews) == 3
    for interview in interviews:
        assert interview.status == InterviewStatus.complete
        assert {a.question_id for a in interview.answers} == bank
        assert all(a.answer.strip() for a in interview.answers)
        assert interview.summary and interview.pain_points and interview.attendees
        assert interview.interviewer.email == "designer@bridgework.test"

    needs = _all(HiringNeed)
    assert sorted(n.ref for n in needs) == [f"HN-{n:04d}" for n in range(1, 11)]
    for need in needs:
        assert need.competencies and need.stated_requirements and need.non_negotiables
        assert all(1 <= c.level <= 4 for c in need.competencies)
        assert need.salary_min <= need.salary_max
    assert {c.importance.value for n in needs for c in n.competencies} == {"must", "nice"}


def test_seed_demo_loads_cohorts_people_and_outcomes():
    seed_demo()
    today = date.today()

    closed, training, design = (_cohort(s) for s in (CohortStatus.closed, CohortStatus.training,
                                                     CohortStatus.design))
    assert 240 <= (today - closed.ends_on).days <= 310
    assert training.starts_on <= today <= training.ends_on
    assert design.starts_on > today and not design.enrolments
    for cohort in (closed, training, design):
        assert cohort.hiring_needs and cohort.modules and cohort.sessions
        assert all(m.skills for m in cohort.modules)
        assert _all(ConsortiumMember, ConsortiumMember.cohort_id == cohort.id)
    assert {n.status.value for n in design.hiring_needs} == {"open"}

    co_delivered = _all(CohortSession, CohortSession.employer_id.is_not(None))
    assert {s.kind for s in co_delivered} >= {SessionKind.employer_session, SessionKind.mock_interview}
    assert {s.cohort_id for s in co_delivered} == {closed.id, training.id, design.id}

    assert len(_all(Participant)) == 63  # and 3 alumni of cohorts/seed/extras/work_history.py
    assert all(p.goals and p.strengths and p.referral_source for p in _all(Participant))
    assert len(_all(Participant, Participant.consent_to_share.is_(True))) > 45
    closed_enrolments = _all(Enrolment, Enrolment.cohort_id == closed.id)
    assert len([e for e in closed_enrolments if e.exclusion_reason]) == 1
    assert len([e for e in closed_enrolments if not e.job_seeking]) == 1
    assert {e.status for e in closed_enrolments} == {EnrolmentStatus.completed, EnrolmentStatus.withdrawn}

    attendance = _all(Attendance)
    assert {a.status for a in attendance} == set(AttendanceStatus)
    assert all(a.session.starts_at.date() < today for a in attendance)
    assert {a.stage.value for a in _all(SkillAssessment)} == {"baseline", "exit"}
    assert {c.stage for c in _all(Candidacy)} >= {
        CandidacyStage.shortlisted, CandidacyStage.introduced, CandidacyStage.interviewing,
        CandidacyStage.offer, CandidacyStage.hired, CandidacyStage.not_selected,
    }

    placements = _all(Placement)
    assert all(p.ref.startswith("PL-") for p in placements)
    assert all(p.candidacy.stage == CandidacyStage.hired for p in placements if p.candidacy)
    assert len([p for p in placements if p.hiring_need_id is None]) >= 2
    assert any(p.placed_on < closed.ends_on for p in placements if p.cohort_id == closed.id)
    checks = _all(RetentionCheck)
    assert {c.still_employed for c in checks} == set(StillEmployed)
    assert all((c.due_on - c.placement.start_date).days == c.day_mark for c in checks)
    assert all(c.checked_on is None or c.checked_on <= today for c in checks)


def test_demo_exercises_every_outcome_measure():
    seed_demo()
    figures = cohort_outcomes(date.today())
    closed = figures["cohorts"][_cohort(CohortStatus.closed).code]
    programme = figures["programme"]

    assert closed["excluded"] == 1 and closed["window_closed_180"] is True
    assert closed["job_seeking_completers"] < closed["completers"] < closed["starters"]
    assert 0 < closed["placed_90"] < closed["placed_180"] < closed["job_seeking_completers"]
    assert 0 < closed["in_field_rate_180"] < closed["placement_rate_180"]
    for mark in ("retention_90", "retention_180"):
        assert all(closed[mark][key] > 0 for key in ("retained", "not_retained", "unknown"))
    assert 0 < closed["attendance_rate"] < 1 and 0 < closed["co_delivery_share"] < 1
    assert 0 < closed["fill_rate"] < 1
    assert programme["repeat_partners"] >= 1 and programme["hiring_partners"] > programme["repeat_partners"]


def test_demo_logins_have_their_roles_password_and_records():
    seed_demo()
    users = {u.email: u for u in _all(User, User.email.in_([email for email, _ in DEMO_LOGINS]))}

    assert {email: u.role.value for email, u in users.items()} == dict(DEMO_LOGINS)
    assert all(u.active and u.check_password(DEMO_PASSWORD) for u in users.values())

    employer_user = users["employer@bridgework.test"]
    employer = employer_user.employer
    assert employer.status == EmployerStatus.hiring_partner and employer.hiring_needs
    assert "employer@bridgework.test" in {c.email for c in employer.contacts}
    assert _all(CohortSession, CohortSession.employer_id == employer.id)
    assert _all(Placement, Placement.employer_id == employer.id)
    introduced = _all(Candidacy, Candidacy.hiring_need_id.in_([n.id for n in employer.hiring_needs]),
                      Candidacy.introduced_at.is_not(None))
    assert introduced and all(c.participant.consent_to_share for c in introduced)

    participant = users["participant@bridgework.test"].participant
    training = _cohort(CohortStatus.training)
    assert participant.email == "participant@bridgework.test"
    assert [(e.cohort_id, e.status) for e in participant.enrolments] == [(training.id, EnrolmentStatus.enrolled)]
    assert participant.coach.email == "coach@bridgework.test"
    assert participant.candidacies

    coached = _all(Participant, Participant.coach_id == users["coach@bridgework.test"].id)
    assert {e.cohort_id for p in coached for e in p.enrolments} >= {training.id}


def test_training_cohort_has_someone_absent_twice_in_a_row():
    seed_demo()
    training = _cohort(CohortStatus.training)
    latest: dict[int, list[AttendanceStatus]] = {}
    for row in sorted(_all(Attendance), key=lambda a: a.session.starts_at, reverse=True):
        if row.session.cohort_id == training.id:
            latest.setdefault(row.participant_id, []).append(row.status)
    assert any(statuses[:2] == [AttendanceStatus.absent] * 2 for statuses in latest.values())


def _demo_content() -> list[tuple]:
    """The seeded facts by natural key (ids, timestamps and secret tokens left out)."""
    return [
        *sorted((p.email, p.region, p.phone, p.barriers, p.goals, tuple(p.key_life_areas), p.consent_to_share)
                for p in _all(Participant)),
        *sorted((a.session.ref, a.participant.email, a.status.value) for a in _all(Attendance)),
        *sorted((a.participant.email, a.skill.label, a.stage.value, a.level) for a in _all(SkillAssessment)),
        *sorted((p.ref, p.participant.email, p.annual_salary, p.start_date, p.offer_accepted_on)
                for p in _all(Placement)),
        *sorted((c.placement.ref, c.day_mark, c.checked_on, c.still_employed.value) for c in _all(RetentionCheck)),
        *sorted((c.participant.email, c.hiring_need.ref, c.stage.value, c.stage_changed_at)
                for c in _all(Candidacy)),
    ]


def test_seed_demo_is_deterministic():
    savepoint = db.session.begin_nested()
    seed_demo()
    first = _demo_content()
    savepoint.rollback()
    db.session.expunge_all()  # rows the savepoint un-inserted must not linger in the identity map
    assert not _all(Participant)

    seed_demo()

    assert _demo_content() == first


def test_second_seed_returns_false_and_changes_no_row():
    seed_demo()
    before = _snapshot()

    assert seed_demo() is False
    db.session.flush()

    after = _snapshot()
    assert {name: len(rows) for name, rows in after.items()} == {n: len(r) for n, r in before.items()}
    assert after == before


def test_second_seed_restores_a_missing_login_only():
    seed_demo()
    db.session.delete(db.session.scalars(sa.select(User).where(User.email == "admin@bridgework.test")).one())
    db.session.flush()
    users_before = len(_all(User))

    assert seed_demo() is True

    admin = db.session.scalars(sa.select(User).where(User.email == "admin@bridgework.test")).one()
    assert admin.role == Role.admin and admin.check_password(DEMO_PASSWORD)
    assert len(_all(User)) == users_before + 1
    assert seed_demo() is False


def test_seed_demo_command_runs_twice_and_prints_the_logins(app):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["seed-demo"])
    second = runner.invoke(args=["seed-demo"])

    assert first.exit_code == 0, first.output
    assert "Demo programme loaded." in first.output
    assert second.exit_code == 0, second.output
    assert "already present: nothing changed" in second.output
    for output in (first.output, second.output):
        assert f"password: {DEMO_PASSWORD}" in output
        for email, role in DEMO_LOGINS:
            assert any(email in line and line.rstrip().endswith(role) for line in output.splitlines())
    assert len(_all(Cohort)) == 4  # and the alumni cohort of cohorts/seed/extras/work_history.py
