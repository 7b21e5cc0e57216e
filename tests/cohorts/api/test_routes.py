"""The API's conventions through its routes: auth failures, object-level 404s, ETags, If-Match, paging, 429."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.api_tokens.services import revoke_token
from app.db import utcnow
from app.models import Role
from tests import factories
from tests.cohorts.api.conftest import token_for

PROBLEM = "application/problem+json"


def bearer(secret: str) -> dict:
    return {"Authorization": f"Bearer {secret}"}


def test_the_document_is_openapi_3_1_and_public(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json["openapi"] == "3.1.0"
    assert "/api/v1/hiring-needs" in response.json["paths"]
    assert client.get("/api/v1/docs").status_code == 200


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer bw_nope"}, {"Authorization": "Basic x"}],
                         ids=["none", "unknown", "not-bearer"])
def test_no_valid_token_is_a_401_problem(client, demand, headers):
    response = client.get("/api/v1/employers", headers=headers)
    assert response.status_code == 401
    assert response.mimetype == PROBLEM
    assert response.json["status"] == 401


def test_a_session_cookie_is_not_enough(client, login, demand):
    login(Role.staff)
    assert client.get("/api/v1/employers").status_code == 401


def test_expired_and_revoked_tokens_are_refused(client, db, demand):
    user = factories.user_for_role(Role.staff)
    expired = token_for(user)
    from app.api_tokens.models import ApiToken

    rows = db.session.query(ApiToken).filter_by(user_id=user.id).all()
    rows[0].expires_at = utcnow() - timedelta(seconds=1)
    revoked = token_for(user)
    revoke_token(db.session.query(ApiToken).filter_by(user_id=user.id).order_by(ApiToken.id.desc()).first(), user)
    db.session.flush()
    assert client.get("/api/v1/employers", headers=bearer(expired)).status_code == 401
    assert client.get("/api/v1/employers", headers=bearer(revoked)).status_code == 401


def test_a_missing_scope_is_a_403_problem(client, demand):
    user = factories.user_for_role(Role.staff)
    response = client.get("/api/v1/employers", headers=bearer(token_for(user, ["read:skills"])))
    assert response.status_code == 403
    assert response.mimetype == PROBLEM
    assert "read:demand" in response.json["detail"]


def test_an_employer_token_sees_only_its_employer(client, demand, tokens):
    _, headers = tokens["employer"]
    listed = client.get("/api/v1/hiring-needs", headers=headers).json["items"]
    assert [n["id"] for n in listed] == [demand["need"].id]
    assert client.get(f"/api/v1/hiring-needs/{demand['other_need'].id}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/employers/{demand['theirs'].id}", headers=headers).status_code == 404
    assert client.get(f"/api/v1/employers/{demand['mine'].id}", headers=headers).status_code == 200


def test_a_participant_token_sees_only_themselves(client, demand, tokens):
    _, headers = tokens["participant"]
    other = factories.ParticipantFactory()
    listed = client.get("/api/v1/participants", headers=headers).json["items"]
    assert [p["id"] for p in listed] == [demand["participant"].id]
    assert client.get(f"/api/v1/participants/{other.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/hiring-needs", headers=headers).status_code == 403  # not a scope it can hold


def test_etag_answers_304(client, demand, tokens):
    _, headers = tokens["staff"]
    url = f"/api/v1/hiring-needs/{demand['need'].id}"
    first = client.get(url, headers=headers)
    assert first.status_code == 200 and first.headers["ETag"]
    again = client.get(url, headers={**headers, "If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_if_match_refuses_a_stale_edit_with_412(client, demand, tokens):
    _, headers = tokens["staff"]
    url = f"/api/v1/hiring-needs/{demand['need'].id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    stale = client.patch(url, json={"openings": 3}, headers={**headers, "If-Match": '"stale"'})
    assert stale.status_code == 412 and stale.mimetype == PROBLEM
    fresh = client.patch(url, json={"openings": 3}, headers={**headers, "If-Match": etag})
    assert fresh.status_code == 200, fresh.json
    assert fresh.json["openings"] == 3
    old_version = client.patch(url, json={"openings": 4, "version": 999}, headers=headers)
    assert old_version.status_code == 412


def test_invalid_fields_are_a_422_problem_with_field_errors(client, demand, tokens):
    _, headers = tokens["staff"]
    response = client.patch(f"/api/v1/hiring-needs/{demand['need'].id}", json={"openings": 0}, headers=headers)
    assert response.status_code == 422
    assert response.mimetype == PROBLEM
    assert "openings" in str(response.json["errors"])


def test_cursor_pagination_follows_next(client, demand, tokens):
    _, headers = tokens["staff"]
    for _ in range(3):
        factories.EmployerFactory()
    seen, url = [], "/api/v1/employers?limit=2"
    while url:
        page = client.get(url, headers=headers).json
        seen += [e["id"] for e in page["items"]]
        url = page["next"]
    assert seen == sorted(seen) and len(seen) == len(set(seen)) >= 5
    assert client.get("/api/v1/employers?cursor=garbage!", headers=headers).status_code == 400


def test_a_candidacy_moves_stage_with_if_match(client, demand, tokens):
    _, headers = tokens["employer"]
    url = f"/api/v1/candidacies/{demand['candidacy'].id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    moved = client.post(url + "/stage", json={"stage": "interviewing"}, headers={**headers, "If-Match": etag})
    assert moved.status_code == 200, moved.json
    assert moved.json["stage"] == "interviewing"
    again = client.post(url + "/stage", json={"stage": "offer"}, headers={**headers, "If-Match": etag})
    assert again.status_code == 412
    wrong = client.post(url + "/stage", json={"stage": "hired"}, headers=headers)
    assert wrong.status_code == 422 and wrong.mimetype == PROBLEM


def test_attendance_bulk_write_for_a_session(client, demand, tokens):
    _, headers = tokens["staff"]
    url = f"/api/v1/sessions/{demand['session'].id}/attendance"
    body = {"marks": [{"participant_id": demand["participant"].id, "status": "present"}]}
    response = client.put(url, json=body, headers=headers)
    assert response.status_code == 200, response.json
    assert response.json == {"created": 1, "corrected": 0, "unchanged": 0}
    stranger = factories.ParticipantFactory()
    refused = client.put(url, json={"marks": [{"participant_id": stranger.id, "status": "present"}]},
                         headers=headers)
    assert refused.status_code == 422 and refused.mimetype == PROBLEM
    _, employer_headers = tokens["employer"]
    assert client.put(url, json=body, headers=employer_headers).status_code == 403


def test_outcomes_are_the_cli_json(client, demand, tokens):
    from app.dates import local_today
    from cohorts.outcomes.measures import cohort_outcomes

    _, headers = tokens["staff"]
    response = client.get("/api/v1/outcomes", headers=headers)
    assert response.status_code == 200
    assert response.json == cohort_outcomes(local_today())


def test_open_data_is_the_latest_published_package(client, demand, tokens):
    import json
    from datetime import date

    from cohorts.opendata.services import publish_package

    _, headers = tokens["staff"]
    missing = client.get("/api/v1/open-data", headers=headers)
    assert missing.status_code == 404 and missing.content_type == "application/problem+json"
    package = publish_package(date(2026, 6, 30), None)
    response = client.get("/api/v1/open-data", headers=headers)
    assert response.status_code == 200
    assert response.json["sha256"] == package.sha256 and response.json["as_of"] == "2026-06-30"
    assert response.json["descriptor"] == json.loads(package.descriptor)
    assert response.json["download_url"].endswith("/apply/open-data/latest.zip")


def test_the_rate_limit_is_per_token(app, client, demand, tokens):
    _, headers = tokens["staff"]
    _, other = tokens["employer"]
    app.config["API_RATE_LIMIT"] = "2 per minute"
    try:
        assert client.get("/api/v1/skills?q=py", headers=headers).status_code == 200
        assert client.get("/api/v1/skills?q=py", headers=headers).status_code == 200
        limited = client.get("/api/v1/skills?q=py", headers=headers)
        assert limited.status_code == 429 and limited.mimetype == PROBLEM
        assert client.get("/api/v1/skills?q=py", headers=other).status_code == 200
    finally:
        app.config["API_RATE_LIMIT"] = "600 per minute"


def test_learnability_is_the_capabilitys_object(client, demand, tokens):
    from cohorts.learnability.queries import cohort_learnability, participant_learnability

    _, staff = tokens["staff"]
    cohort = client.get(f"/api/v1/cohorts/{demand['cohort'].id}/learnability", headers=staff)
    assert cohort.status_code == 200, cohort.json
    assert cohort.json == client.application.json.loads(
        client.application.json.dumps(cohort_learnability(demand["cohort"].id)))
    _, own = tokens["participant"]
    mine = client.get(f"/api/v1/participants/{demand['participant'].id}/learnability", headers=own)
    assert mine.status_code == 200
    assert mine.json == client.application.json.loads(
        client.application.json.dumps(participant_learnability(demand["participant"].id)))
    other = factories.ParticipantFactory()
    assert client.get(f"/api/v1/participants/{other.id}/learnability", headers=own).status_code == 404
    _, employer = tokens["employer"]
    assert client.get(f"/api/v1/cohorts/{demand['cohort'].id}/learnability", headers=employer).status_code == 403


@pytest.mark.parametrize("url", ["/api/v1/hiring-needs", "/api/v1/candidacies", "/api/v1/employers",
                                 "/api/v1/participants", "/api/v1/cohorts", "/api/v1/enrolments"])
def test_list_query_counts_do_not_grow(client, demand, tokens, count_queries, url):
    _, headers = tokens["staff"]
    factories.HiringNeedSkillFactory(hiring_need=demand["need"])  # the baseline loads competencies too

    def measure():
        client.get(url, headers=headers)
        with count_queries() as counter:
            assert client.get(url, headers=headers).status_code == 200
        return counter.count

    before = measure()
    for _ in range(3):
        need = factories.HiringNeedFactory()
        factories.HiringNeedSkillFactory(hiring_need=need)
        factories.CandidacyFactory(hiring_need=need)
        factories.EnrolmentFactory()
    assert measure() == before


def test_hiring_needs_are_created_for_ones_own_employer_only(client, demand, tokens):
    _, headers = tokens["employer"]
    body = {"role_title": "Data analyst", "openings": 2, "region": "Leeds", "salary_min": None,
            "salary_max": None, "needed_by": None}
    made = client.post("/api/v1/hiring-needs", json={**body, "employer_id": demand["mine"].id}, headers=headers)
    assert made.status_code == 201, made.json
    assert made.json["employer_id"] == demand["mine"].id and made.json["ref"]
    refused = client.post("/api/v1/hiring-needs", json={**body, "employer_id": demand["theirs"].id}, headers=headers)
    assert refused.status_code == 422 and refused.mimetype == PROBLEM


def test_placements_and_retention_checks_follow_the_web_rules(client, demand, tokens):
    mine = demand["placement"]  # with one retention check
    theirs = factories.PlacementFactory(employer=demand["theirs"])
    _, employer = tokens["employer"]
    assert [p["id"] for p in client.get("/api/v1/placements", headers=employer).json["items"]] == [mine.id]
    assert client.get(f"/api/v1/placements/{theirs.id}", headers=employer).status_code == 404
    assert client.get("/api/v1/retention-checks", headers=employer).status_code == 403
    _, participant = tokens["participant"]
    checks = client.get("/api/v1/retention-checks", headers=participant).json["items"]
    assert [c["placement_id"] for c in checks] == [mine.id]
    _, staff = tokens["staff"]
    assert len(client.get("/api/v1/placements", headers=staff).json["items"]) == 2


def test_erasure_deletes_the_participants_tokens(db, demand, tokens):
    from app.api_tokens.models import ApiToken
    from cohorts.privacy.erasure import erase_participant

    user, _ = tokens["participant"]
    erase_participant(demand["participant"], tokens["staff"][0])
    db.session.flush()
    assert db.session.query(ApiToken).filter_by(user_id=user.id).count() == 0


def test_unknown_api_paths_and_methods_are_problems_but_pages_keep_html(client, tokens):
    _, headers = tokens["staff"]
    missing = client.get("/api/v1/no-such-thing", headers=headers)
    assert missing.status_code == 404 and missing.mimetype == PROBLEM
    wrong_method = client.delete("/api/v1/employers", headers=headers)
    assert wrong_method.status_code == 405 and wrong_method.mimetype == PROBLEM
    assert client.get("/no-such-page").mimetype == "text/html"
