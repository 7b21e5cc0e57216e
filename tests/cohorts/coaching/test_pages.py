"""The coach-matching pages for each role: suggestions and the audited choice, the model page, profiles,
the equality form."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.models import CoachMatchModel, CoachModelStatus, CoachProfile, EqualityMonitoring
from tests.cohorts.coaching.helpers import closed_cohort, coach, completer
from tests.conftest import assert_query_count_flat
from tests.factories import ParticipantFactory, user_for_role


def refused_version() -> CoachMatchModel:
    stored = CoachMatchModel(version=1, status=CoachModelStatus.refused, samples=3, placements=1,
                             message="Trained on 1 placements; needs at least 100 (COACH_MATCH_MIN_PLACEMENTS).")
    db.session.add(stored)
    db.session.flush()
    return stored


def test_the_suggestions_page_says_why_there_is_no_ranking(client, login, db):
    participant = completer(closed_cohort(), coach("Software"))
    refused_version()
    login(Role.staff)
    page = client.get(f"/staff/participants/{participant.id}/coach")
    assert page.status_code == 200
    assert "needs at least 100 (COACH_MATCH_MIN_PLACEMENTS)" in page.text
    assert "Coaches with room" not in page.text


def test_staff_choose_any_coach_and_the_choice_is_audited(client, login, db):
    participant, chosen = ParticipantFactory(), coach("Health")
    refused_version()
    staff = login(Role.staff)
    answer = client.post(f"/staff/participants/{participant.id}/coach", data={"coach_id": chosen.id})
    assert answer.status_code == 302
    assert participant.coach_id == chosen.id
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "coach_chosen"))
    assert event.actor_id == staff.id and event.entity_id == str(participant.id)
    assert event.changes == {"coach_id": chosen.id, "model_version": 1, "suggested_rank": None, "probability": None}


def test_choosing_someone_who_is_not_staff_is_refused_beside_the_field(client, login, db):
    participant, outsider = ParticipantFactory(), user_for_role(Role.employer)
    login(Role.staff)
    answer = client.post(f"/staff/participants/{participant.id}/coach", data={"coach_id": outsider.id})
    assert answer.status_code == 422 and participant.coach_id is None


def test_a_missing_participant_is_404(client, login, db):
    login(Role.staff)
    assert client.get("/staff/participants/999999/coach").status_code == 404


def test_the_record_section_links_to_the_suggestions(client, login, db):
    someone = coach()
    participant = ParticipantFactory(coach=someone)
    login(Role.staff)
    page = client.get(f"/staff/participants/{participant.id}")
    assert f"Coached by {someone.display_name}" in page.text
    assert f"/staff/participants/{participant.id}/coach" in page.text


def test_the_model_page_shows_metrics_chart_and_fairness(client, login, db):
    db.session.add(CoachMatchModel(
        version=1, status=CoachModelStatus.ready, samples=500, placements=350, artifact=b"x",
        metrics={"roc_auc_cv": 0.71, "brier": 0.18, "baseline_auc_cv": 0.55, "calibration": [[0.6, 0.62, 300], [0.8, 0.79, 200]]},
        fairness={"threshold": 0.7, "rule": "base rate", "people": 300, "fields": {"gender": [
            {"group": "woman", "n": 150, "fpr": 0.3, "fnr": 0.2, "too_few": False},
            {"group": "non_binary", "n": 4, "fpr": None, "fnr": None, "too_few": True}]}}))
    db.session.flush()
    login(Role.staff)
    page = client.get("/staff/coaching")
    assert page.status_code == 200
    assert "0.71" in page.text and "<svg" in page.text and "too few" in page.text and "30.0%" in page.text
    assert "Train now" not in page.text  # admins train


def test_admins_train_now_and_staff_may_not(client, login, db):
    login(Role.staff)
    assert client.post("/staff/coaching/train").status_code in (403, 404)
    admin = login(Role.admin)
    assert "Train now" in client.get("/staff/coaching").text
    assert client.post("/staff/coaching/train").status_code == 302
    stored = db.session.scalar(sa.select(CoachMatchModel))
    assert stored.status == CoachModelStatus.refused and stored.trained_by_id == admin.id


def test_coach_profiles_are_listed_and_edited(client, login, db):
    someone = coach("Retail")
    login(Role.staff)
    assert "Retail" in client.get("/staff/coaching/coaches").text
    assert_query_count_flat(client, "/staff/coaching/coaches", lambda: [coach("Health") for _ in range(3)])
    answer = client.post(f"/staff/coaching/coaches/{someone.id}",
                         data={"sectors": "Retail, Health ,", "capacity": 25, "accepting": ""})
    assert answer.status_code == 302
    profile = db.session.scalar(sa.select(CoachProfile).where(CoachProfile.user_id == someone.id))
    assert (profile.sectors, profile.capacity, profile.accepting) == ("Retail, Health", 25, False)
    assert client.post(f"/staff/coaching/coaches/{someone.id}", data={"capacity": 0}).status_code == 422
    outsider = user_for_role(Role.employer)
    assert client.get(f"/staff/coaching/coaches/{outsider.id}").status_code == 404


def test_the_model_versions_page_stays_flat(client, login, db):
    login(Role.staff)

    def more():
        for k in range(3):
            db.session.add(CoachMatchModel(version=10 + k + db.session.scalar(sa.select(sa.func.count()).select_from(
                CoachMatchModel)) * 10, status=CoachModelStatus.refused, trained_by=coach()))
        db.session.flush()

    more()
    assert_query_count_flat(client, "/staff/coaching", more)


def test_other_roles_are_denied(client, login, db):
    participant = ParticipantFactory()
    for role in (Role.employer, Role.participant):
        login(role)
        for url in (f"/staff/participants/{participant.id}/coach", "/staff/coaching", "/staff/coaching/coaches"):
            assert client.get(url).status_code in (403, 404)


def test_participants_give_change_and_clear_equality_answers(client, login, db):
    user = login(Role.participant)
    page = client.get("/participant/equality")
    assert "never used to match you with a coach" in page.text and "Prefer not to say" in page.text
    answer = client.post("/participant/equality", data={"age_band": "25_34", "gender": "prefer_not_to_say",
                                                        "disability": "", "ethnicity": " Mixed "})
    assert answer.status_code == 302
    row = db.session.scalar(sa.select(EqualityMonitoring))
    assert row.participant_id == user.participant.id
    assert (row.age_band.value, row.gender.value, row.disability, row.ethnicity) == ("25_34", "prefer_not_to_say", None, "Mixed")
    assert client.post("/participant/equality", data={"age_band": "nonsense"}).status_code == 422
    client.post("/participant/equality", data={"age_band": "", "gender": "", "disability": "", "ethnicity": ""})
    db.session.refresh(row)
    assert (row.age_band, row.gender, row.ethnicity) == (None, None, "")


def test_staff_never_see_individual_equality_answers(client, login, db):
    participant = ParticipantFactory()
    db.session.add(EqualityMonitoring(participant=participant, ethnicity="Zyxwv group"))
    db.session.flush()
    login(Role.admin)
    for url in (f"/staff/participants/{participant.id}", f"/staff/participants/{participant.id}/coach",
                "/staff/coaching"):
        assert "Zyxwv" not in client.get(url).text
