"""A small job-search world: a participant aiming at one hiring need, and postings from sources they see or not."""

from __future__ import annotations

import hashlib
from contextlib import ExitStack
from datetime import date, timedelta
from itertools import count

import pytest

from app.db import utcnow
from app.extensions import db
from app.models import Role
from cohorts.models import AssessmentStage, SavedPosting
from employers.jobs.models import JobPosting, JobPostingSkill, JobSource, JobSourceKind
from tests import factories
from tests.loopback import QuietHandler, loopback_server

_numbers = count(1)


def make_source(owner=None, **fields) -> JobSource:
    n = next(_numbers)
    source = JobSource(name=fields.pop("name", f"Board {n}"), url=fields.pop("url", f"https://jobs{n}.example/feed"),
                       kind=JobSourceKind.feed, owner=owner, added_by=owner, **fields)
    db.session.add(source)
    db.session.flush()
    return source


def make_posting(sources, skills=(), **fields) -> JobPosting:
    n = next(_numbers)
    posting = JobPosting(
        fingerprint=hashlib.sha256(f"posting-{n}".encode()).hexdigest(), title=fields.pop("title", f"Job {n}"),
        employer_name=fields.pop("employer_name", "Acme Sales"), url=fields.pop("url", f"https://jobs.example/{n}"),
        posted_on=fields.pop("posted_on", date(2026, 11, 1)), **fields,
    )
    posting.sources = list(sources)
    posting.skills = [JobPostingSkill(skill=skill, matched_text=skill.label) for skill in skills]
    db.session.add(posting)
    db.session.flush()
    return posting


def make_saved(participant, posting, **fields) -> SavedPosting:
    saved = SavedPosting(participant_id=participant.id, posting_id=posting.id, **fields)
    db.session.add(saved)
    db.session.flush()
    return saved


@pytest.fixture
def world():
    """Amara's cohort is designed from a need asking Negotiation (level 2) and CRM hygiene (level 3);
    she has shown Negotiation (exit 3, baseline 1) but not CRM hygiene (baseline 3, exit 1)."""
    negotiation = factories.SkillFactory(label="Negotiation")
    crm = factories.SkillFactory(label="CRM hygiene")
    python = factories.SkillFactory(label="Python scripting")
    need = factories.HiringNeedFactory(role_title="Account Executive")
    factories.HiringNeedSkillFactory(hiring_need=need, skill=negotiation, level=2)
    factories.HiringNeedSkillFactory(hiring_need=need, skill=crm, level=3)
    cohort = factories.CohortFactory(code="JS-1", starts_on=date(2026, 9, 1), ends_on=date(2026, 11, 30))
    factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    user = factories.user_for_role(Role.participant, email="amara@example.test")
    me = user.participant
    factories.EnrolmentFactory(participant=me, cohort=cohort, enrolled_on=date(2026, 9, 1))
    for skill, baseline, exit_level in ((negotiation, 1, 3), (crm, 3, 1)):
        factories.SkillAssessmentFactory(participant=me, skill=skill, stage=AssessmentStage.baseline, level=baseline)
        factories.SkillAssessmentFactory(participant=me, skill=skill, stage=AssessmentStage.exit, level=exit_level)
    other_user = factories.user_for_role(Role.participant, email="other@example.test")
    programme = make_source(name="Programme board")
    mine = make_source(owner=user, name="My board")
    theirs = make_source(owner=other_user, name="Their board")
    w = {
        "negotiation": negotiation, "crm": crm, "python": python, "need": need, "cohort": cohort, "user": user,
        "me": me, "other_user": other_user, "other": other_user.participant, "programme": programme, "mine": mine,
        "theirs": theirs,
        "both": make_posting([programme], [negotiation, crm], title="Sales negotiator", posted_on=date(2026, 11, 2)),
        "one_shown": make_posting([mine], [negotiation], title="Deal desk", posted_on=date(2026, 11, 3)),
        "one_not": make_posting([programme], [crm, python], title="CRM admin", posted_on=date(2026, 11, 4)),
        "none": make_posting([programme], [python], title="Scripter", posted_on=date(2026, 11, 5)),
        "hidden": make_posting([theirs], [negotiation, crm], title="Someone else's find"),
        "expired": make_posting([programme], [negotiation, crm], title="Gone", expired_at=utcnow() - timedelta(days=1)),
    }
    db.session.commit()  # a refused POST rolls the request back; keep the fixture data
    return w



def rss_feed(items: list[tuple[str, str, str]]) -> bytes:
    """An RSS 2.0 feed of (title, employer, description) items."""
    from xml.sax.saxutils import escape

    body = "".join(
        f"<item><title>{escape(title)}</title><link>https://jobs.example/{index}</link>"
        f"<guid>https://jobs.example/{index}</guid><dc:creator>{escape(employer)}</dc:creator>"
        f"<description>{escape(text)}</description></item>"
        for index, (title, employer, text) in enumerate(items, start=1))
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<channel><title>Test jobs</title><link>https://jobs.example/</link><description>t</description>{body}"
            "</channel></rss>").encode()


@pytest.fixture
def feed_server():
    """serve(body) → the URL of a loopback server answering every GET with that RSS body."""
    servers = ExitStack()

    def serve(body: bytes) -> str:
        class Handler(QuietHandler):
            def do_GET(self):
                if self.path.startswith("/robots.txt"):
                    self.send_response(404)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return servers.enter_context(loopback_server(Handler)) + "/jobs.rss"

    with servers:
        yield serve
