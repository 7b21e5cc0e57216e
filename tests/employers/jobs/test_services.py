"""Adding sources (validation, SSRF, duplicates, audit) and normalising text (sanitising, fingerprints)."""

from __future__ import annotations

import nh3
import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from app.models import AuditEvent
from employers.jobs.competencies import SkillMatcher
from employers.jobs.normalise import fingerprint, plain_text, yearly_salary
from employers.jobs.services import JobSourceError, add_source
from employers.services import ServiceError
from tests import factories


def _add(url="https://jobs.example.org/feed", owner=None, **fields):
    return add_source(name=fields.pop("name", "Board"), url=url, kind=fields.pop("kind", "feed"), owner=owner,
                      added_by=owner, **fields)


@pytest.mark.parametrize(("url", "words"), [
    ("", "Enter the address"), ("ftp://x.org/feed", "http:// or https://"), ("jobs.example.org", "http://"),
])
def test_an_address_must_be_a_web_address(db, url, words):
    with pytest.raises(JobSourceError, match=words) as refused:
        _add(url)
    assert refused.value.field == "url" and isinstance(refused.value, ServiceError)


def test_inner_addresses_are_refused_next_to_the_field(db, app):
    app.config["OUTBOUND_ALLOW_LOOPBACK"] = False
    try:
        with pytest.raises(JobSourceError, match="private or internal") as refused:
            _add("http://127.0.0.1:5000/demo-feeds/jobs.rss")
    finally:
        app.config["OUTBOUND_ALLOW_LOOPBACK"] = True
    assert refused.value.field == "url"
    with pytest.raises(JobSourceError, match="private"):
        _add("http://169.254.169.254/")


def test_one_address_once_for_the_programme_and_once_per_person(db):
    _add("http://127.0.0.1:9/feed")
    with pytest.raises(JobSourceError, match="already reads") as refused:
        _add("http://127.0.0.1:9/feed")
    assert refused.value.field == "url"
    person = factories.user_for_role("participant")
    mine = _add("http://127.0.0.1:9/feed", owner=person)  # their own copy is allowed
    assert mine.owner_id == person.id
    with pytest.raises(JobSourceError, match="already added"):
        _add("http://127.0.0.1:9/feed", owner=person)


def test_adding_is_audited_and_needs_a_name_and_a_kind(db):
    source = _add("http://127.0.0.1:9/x", kind="web_page")
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity == "job_source",
                                                                AuditEvent.entity_id == str(source.id))) == "create"
    with pytest.raises(JobSourceError) as refused:
        _add("http://127.0.0.1:9/y", name="  ")
    assert refused.value.field == "name"
    with pytest.raises(JobSourceError) as refused:
        _add("http://127.0.0.1:9/y", kind="spreadsheet")
    assert refused.value.field == "kind"


def test_descriptions_lose_scripts_styles_and_handlers_but_keep_their_text():
    html = ('<div onclick="steal()"><style>p{color:red}</style><p>Drive <b>forklifts</b> &amp; '
            'lift</p><script>alert(1)</script><img src=x onerror=alert(1)>Apply now</div>')
    assert plain_text(html) == "Drive forklifts & lift Apply now"


@given(st.text())
def test_cleaned_descriptions_never_carry_a_script(text):
    for candidate in (text, f"<script>{text}</script>", f"&lt;script&gt;{text}", f"<scr<script>ipt>{text}"):
        assert "<script" not in nh3.clean(candidate, tags=set()).lower()
        assert "<script" not in plain_text(candidate).lower()


def test_a_nul_in_a_feed_never_reaches_the_database():
    assert plain_text("Sales\x00 lead<b>\x00</b>") == "Sales lead"


def test_fingerprints_ignore_case_spacing_and_punctuation_and_fall_back_to_the_address():
    assert fingerprint("Data  Analyst", "ACME Ltd.", "Leeds", "http://a/1") == fingerprint(
        "data analyst", "Acme Ltd", "leeds", "http://b/2")
    assert fingerprint("Data Analyst", "", "", "http://A/1?utm_source=x#top") == fingerprint(
        "Other", "", "", "http://a/1")


def test_yearly_salary_only_from_yearly_or_monthly_amounts():
    assert yearly_salary({"currency": "cad", "value": {"minValue": "50,000", "maxValue": 60000}}) == (
        50000, 60000, "CAD")
    assert yearly_salary({"currency": "GBP", "value": 2000, "unitText": "MONTH"}) == (24000, 24000, "GBP")
    assert yearly_salary({"currency": "GBP", "value": {"value": 15, "unitText": "HOUR"}}) == (None, None, "")
    assert yearly_salary("lots") == (None, None, "")


def test_the_skill_matcher_prefers_the_longest_phrase_and_reports_the_words_as_written():
    matcher = SkillMatcher([(1, "Python"), (2, "Python scripting"), (3, "C++"), (4, "customer service")])
    found = matcher.find("Python Scripting, some C++ and Customer  service. Pythonic is not Python.")
    assert [(f.skill_id, f.matched_text) for f in found] == [
        (2, "Python Scripting"), (3, "C++"), (4, "Customer  service"), (1, "Python")]


@given(st.binary(max_size=2000) | st.text(max_size=2000).map(str.encode))
def test_readers_answer_postings_or_a_parse_error_whatever_they_are_given(content):
    from employers.jobs.parsing import ParseError, read_feed, read_json_feed, read_web_page

    for reader in (read_feed, read_json_feed, read_web_page):
        try:
            postings = reader(content, "http://jobs.example/")
        except ParseError:
            continue
        assert all(p.title and p.url.startswith("http") for p in postings)


def test_people_see_programme_sources_and_their_own(db):
    from employers.jobs.queries import may_manage, visible_sources

    person, other = factories.user_for_role("participant"), factories.user_for_role("participant")
    programme = _add("http://127.0.0.1:9/a")
    mine = _add("http://127.0.0.1:9/b", owner=person)
    _add("http://127.0.0.1:9/c", owner=other)
    assert set(db.session.scalars(visible_sources(person))) == {programme, mine}
    assert may_manage(person, mine) and not may_manage(person, programme)
    assert may_manage(factories.user_for_role("staff"), programme)
    assert not may_manage(factories.user_for_role("staff"), mine)
