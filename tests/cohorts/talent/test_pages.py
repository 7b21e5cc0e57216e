"""Talent pages in each portal: what each role reaches, anonymity, 404s for others' records, query counts."""

from __future__ import annotations

from app.extensions import db
from app.models import Role
from cohorts.models import AssessmentStage, CandidacyStage, ReachOut, ReachOutStatus, TalentProfile
from tests import factories
from tests.cohorts.talent.helpers import employer_login, listed_participant, sent_reach_out
from tests.conftest import assert_query_count_flat


def test_the_participant_opts_in_sees_what_is_shown_and_opts_out(client, login):
    participant, _, profile = listed_participant()
    db.session.commit()
    login(participant.user)
    page = client.get("/participant/talent")
    assert page.status_code == 200 and profile.handle in page.text and "exactly what hiring partners see" in page.text
    assert client.post("/participant/talent/opt-out").status_code == 302
    assert db.session.get(TalentProfile, profile.id).opted_out_at is not None
    old = profile.handle
    assert client.post("/participant/talent/opt-in", data={"available_from": "2031-03-17"}).status_code == 302
    profile = db.session.get(TalentProfile, profile.id)
    assert profile.handle != old and str(profile.available_from) == "2031-03-01"


def test_a_participant_still_training_may_opt_in_and_is_told_when_they_will_be_listed(client, login):
    participant, _, profile = listed_participant(skills=0)
    for _ in range(4):
        factories.SkillAssessmentFactory(participant=participant, stage=AssessmentStage.baseline, level=3)
    db.session.commit()
    login(participant.user)
    page = client.get("/participant/talent")
    assert page.status_code == 200 and "It is not listed yet" in page.text
    assert "listed once you have at least 3 skills assessed at the end of training (you have 0 so far)" in page.text
    assert "start of training" not in page.text
    employer_login(login, factories.HiringNeedFactory())
    assert client.get(f"/employer/talent/profiles/{profile.handle}").status_code == 404


def test_a_bad_availability_date_is_shown_next_to_the_field(client, login):
    participant, _, _ = listed_participant()
    login(participant.user)
    page = client.post("/participant/talent/opt-in", data={"available_from": "not a date"})
    assert page.status_code == 422 and "field-errors" in page.text


def test_the_employer_page_is_anonymous(client, login):
    # names no generated text can hold by chance (a random employer login was once "Mr. James Carroll")
    participant, need, profile = listed_participant(phone="416-555-0199", first_name="Zephyrine",
                                                    last_name="Quillfeather")
    profile.available_from = participant.created_at.date().replace(year=2031, month=5, day=1)
    employer_login(login, need)
    for url in ("/employer/talent", f"/employer/talent/profiles/{profile.handle}"):
        page = client.get(url)
        assert page.status_code == 200 and profile.handle in page.text, url
        for secret in (participant.first_name, participant.last_name, participant.email, participant.phone,
                       "2031-05-01", f"/participants/{participant.id}"):
            assert secret not in page.text, (url, secret)
    assert "May 2031" in client.get(f"/employer/talent/profiles/{profile.handle}").text


def test_unlisted_profiles_are_404_for_employers(client, login):
    _, need, thin = listed_participant(skills=2)
    _, _, gone = listed_participant()
    gone.opted_out_at = gone.opted_in_at
    employer_login(login, need)
    for handle in (thin.handle, gone.handle, "T-NOPE2345"):
        assert client.get(f"/employer/talent/profiles/{handle}").status_code == 404
        assert client.post(f"/employer/talent/profiles/{handle}/reach-out",
                           data={"hiring_need": need.id, "message": "Hi"}).status_code == 404


def test_the_journey_reach_out_accept_and_see_the_candidate(client, login):
    participant, need, profile = listed_participant(first_name="Zephyrine", last_name="Quillfeather")
    db.session.commit()
    employer_login(login, need)
    sent = client.post(f"/employer/talent/profiles/{profile.handle}/reach-out",
                       data={"hiring_need": need.id, "message": "Join our team?", "training_pledge": "AWS course"})
    assert sent.status_code == 302
    request = db.session.query(ReachOut).filter_by(profile_id=profile.id).one()
    page = client.get(f"/employer/talent/reach-outs/{request.id}")
    assert page.status_code == 200 and participant.last_name not in page.text
    login(participant.user)
    mine = client.get("/participant/talent")
    assert need.employer.name in mine.text and "AWS course" in mine.text
    assert client.post(f"/participant/talent/reach-outs/{request.id}/accept").status_code == 302
    request = db.session.get(ReachOut, request.id)
    assert request.status == ReachOutStatus.accepted and request.candidacy.stage == CandidacyStage.introduced
    employer_login(login, need)
    page = client.get(f"/employer/talent/reach-outs/{request.id}")
    assert participant.full_name in page.text
    assert client.get(f"/employer/candidates/{request.candidacy_id}").status_code == 200


def test_a_refused_reach_out_shows_the_error_next_to_the_field(client, login):
    _, need, profile = listed_participant()
    employer_login(login, need)
    page = client.post(f"/employer/talent/profiles/{profile.handle}/reach-out",
                       data={"hiring_need": need.id, "message": ""})
    assert page.status_code == 422 and "field-errors" in page.text
    assert db.session.query(ReachOut).count() == 0


def test_others_reach_outs_are_404(client, login):
    _, need, profile = listed_participant()
    request = sent_reach_out(profile, need)
    db.session.commit()
    login(Role.participant)
    assert client.post(f"/participant/talent/reach-outs/{request.id}/accept").status_code == 404
    assert client.post(f"/participant/talent/reach-outs/{request.id}/decline").status_code == 404
    login(Role.employer)
    assert client.get(f"/employer/talent/reach-outs/{request.id}").status_code == 404
    assert client.post(f"/employer/talent/reach-outs/{request.id}/withdraw").status_code == 404
    assert db.session.get(ReachOut, request.id).status == ReachOutStatus.sent


def test_wrong_roles_are_kept_out(client, login):
    login(Role.participant)
    assert client.get("/employer/talent").status_code in (302, 403)
    assert client.get("/staff/talent/reach-outs").status_code in (302, 403)
    login(Role.employer)
    assert client.get("/participant/talent").status_code in (302, 403)


def test_staff_oversee_every_reach_out_with_filters(client, login):
    _, need, profile = listed_participant()
    request = sent_reach_out(profile, need)
    login(Role.staff)
    page = client.get("/staff/talent/reach-outs")
    assert page.status_code == 200 and request.handle in page.text
    assert request.handle not in client.get("/staff/talent/reach-outs?status=accepted").text
    assert request.handle in client.get(f"/staff/talent/reach-outs?employer={need.employer_id}&status=sent").text


def test_list_pages_keep_a_flat_query_count(client, login):
    participant, need, profile = listed_participant()
    sent_reach_out(profile, need)
    employer_login(login, need)

    def grow():
        for _ in range(3):
            _, _, other = listed_participant()
            sent_reach_out(other, need)

    assert_query_count_flat(client, "/employer/talent", grow)
    assert_query_count_flat(client, "/employer/talent/reach-outs", grow)
    login(Role.staff)
    assert_query_count_flat(client, "/staff/talent/reach-outs", grow)
    login(participant.user)

    def more_requests():
        for _ in range(3):
            sent_reach_out(profile, factories.CohortHiringNeedFactory().hiring_need)  # another employer each

    assert_query_count_flat(client, "/participant/talent", more_requests)
