"""Random, unicode, oversized and missing values to every POST form found in the URL map.

Each endpoint is posted to as a role its access rule allows, against real records so URL
ids resolve. Whatever arrives, the answer is never a 5xx.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.access import AUTHENTICATED, PUBLIC, TOKEN, access_rule
from app.api_tokens.scopes import scopes_for
from app.api_tokens.services import create_token
from app.extensions import db
from app.models import Role
from tests import factories as f
from tests.conftest import log_in

ROLE_ORDER = (Role.admin, Role.staff, Role.employer, Role.participant)
NASTY = st.sampled_from([
    "", " ", "0", "-1", "1e309", "99999999999999999999", "2026-02-30", "null", "None", "<script>x</script>",
    "' OR 1=1 --", "=cmd|' /C calc'!A0", "\x00", "\ud7ff", "😀" * 50, "ʻokina", "x" * 20_000, "1", "yes", "on",
])
VALUE = st.one_of(NASTY, st.text(max_size=300), st.integers(-10**12, 10**12).map(str),
                  st.dates().map(lambda d: d.isoformat()))
FIELD_NAMES = st.sampled_from([
    "email", "password", "confirm", "role", "employer", "name", "code", "title", "hours", "capacity", "starts_on",
    "ends_on", "openings", "salary_min", "salary_max", "stage", "feedback", "status", "reason", "body", "first_name",
    "last_name", "phone", "version", "original", "understood", "reauth_password", "move-stage", "move-version",
    "hire-start_date", "hire-annual_salary", "programme_id", "ref", "role_title", "needed_by", "q", "next",
    "marks-0-status", "rows-0-skill", "rows-0-level", "taught-skills-0-level", "still_employed", "checked_on",
])
FORM = st.dictionaries(FIELD_NAMES, st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=12)


def _post_endpoints(app) -> list[tuple[str, str]]:
    found = []
    for rule in app.url_map.iter_rules():
        if "POST" in (rule.methods or ()) and rule.endpoint != "static":
            found.append((rule.endpoint, rule.rule))
    return sorted(found, key=lambda pair: pair[1])


def _role_for(app, endpoint: str) -> Role | None:
    rule = access_rule(app, endpoint)
    if rule == PUBLIC:
        return None
    if rule in (AUTHENTICATED, TOKEN):  # the API is fuzzed with a staff token (never_crashes)
        return Role.staff
    return next(role for role in ROLE_ORDER if role in rule)


@pytest.fixture
def world(app):
    """One of everything, so any <int:…_id> in a URL points at something real (id 1 of each table)."""
    employer_user = f.user_for_role(Role.employer)
    participant_user = f.user_for_role(Role.participant)
    cohort = f.CohortFactory()
    need = f.HiringNeedFactory(employer=employer_user.employer)
    enrolment = f.EnrolmentFactory(cohort=cohort, participant=participant_user.participant)
    session = f.CohortSessionFactory(cohort=cohort)
    module = f.ModuleFactory(cohort=cohort)
    candidacy = f.CandidacyFactory(participant=participant_user.participant, hiring_need=need, cohort=cohort)
    placement = f.PlacementFactory(participant=participant_user.participant, cohort=cohort, employer=employer_user.employer)
    check = f.RetentionCheckFactory(placement=placement)
    interview = f.DiscoveryInterviewFactory(employer=employer_user.employer)
    ids = {"employer_id": employer_user.employer_id, "cohort_id": cohort.id, "need_id": need.id,
           "enrolment_id": enrolment.id, "session_id": session.id, "module_id": module.id,
           "candidacy_id": candidacy.id, "placement_id": placement.id, "check_id": check.id,
           "interview_id": interview.id, "participant_id": participant_user.participant.id,
           "user_id": f.UserFactory().id, "programme_id": cohort.programme_id, "contact_id": f.ContactFactory(
               employer=employer_user.employer).id, "message_id": 1}
    users = {Role.admin: f.UserFactory(role=Role.admin), Role.staff: f.UserFactory(role=Role.staff),
             Role.employer: employer_user, Role.participant: participant_user}
    db.session.commit()  # routes roll back refused changes: keep the world itself
    return ids, users


def _url(rule: str, ids: dict) -> str:
    def fill(match: re.Match) -> str:
        converter, name = match.group(1) or "", match.group(2)
        if converter.startswith("int"):
            return str(ids.get(name, 1))
        if converter.startswith("any("):
            return converter[4:].split(",")[0].strip(" )'\"")
        return "fuzz-token"
    return re.sub(r"<(?:([^:>]+):)?([^>]+)>", fill, rule)


def test_every_post_endpoint_is_fuzzed(app):
    assert len(_post_endpoints(app)) >= 30


@pytest.mark.parametrize("endpoint,rule", _post_endpoints(
    __import__("app").create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")), ids=lambda v: str(v))
def test_random_posts_never_crash(app, client, world, endpoint, rule):
    never_crashes(app, client, world, endpoint, rule, FORM, lambda url, data: client.post(url, data=data), 25)


def never_crashes(app, client, world, endpoint, rule, values, send, examples: int) -> None:
    """As a role the endpoint admits, send it values hypothesis draws: the answer is never a 5xx."""
    ids, users = world
    role = _role_for(app, endpoint)
    if access_rule(app, endpoint) == TOKEN:  # the JSON API reads a bearer token, never the session
        _, secret = create_token(users[role], "fuzz", scopes_for(role), days=1)
        db.session.commit()
        client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    elif role is not None:
        log_in(client, users[role])
    url = _url(rule, ids)

    @settings(max_examples=examples, deadline=None, database=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
    @given(values)
    def attempt(value):
        response = send(url, value)
        assert response.status_code < 500, (url, value, response.status_code)

    attempt()
