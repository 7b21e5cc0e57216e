"""Coach matching in a real browser: training through the UI, choosing a coach, refusal, equality answers.

The demo has far too few placements to train on (docs/COACH_MATCHING.md), so the training journey runs
against a live server of its own: a SQLite file holding a small `seed_scale` programme (400 participants,
about 150 placements in closed cohorts: above the default COACH_MATCH_MIN_PLACEMENTS of 100, which is
left as it is). Its testing config runs the task queue inline, so "Train now" has trained the new version
by the time the page comes back. The refusal and the equality form use the shared demo server.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db
from app.models import AuditEvent
from cohorts.models import CoachMatchModel, CoachModelStatus, Enrolment, Participant
from tests.browser.conftest import log_in_through_form

pytestmark = pytest.mark.browser

SCALE_PASSWORD = "bridgework-scale"
SCALE_ADMIN = "admin@scale.bridgework.test"
SCALE_COACH = "coach001@scale.bridgework.test"
SCALE_PARTICIPANTS = 400
DEMO_ADMIN = "admin@bridgework.test"
DEMO_PARTICIPANT = "participant@bridgework.test"
#: training runs inside the "Train now" request: give a loaded 2-core machine plenty of time
TRAINING_MS = 180_000


class ScaleServer:
    """Bridgework on a small national-scale programme, in a thread, on a SQLite file of its own."""

    def __init__(self, path) -> None:
        self.app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{path}", WTF_CSRF_ENABLED=True)
        with self.app.app_context():
            from cohorts.seed.scale import seed_scale

            db.create_all()
            seed_scale(participants=SCALE_PARTICIPANTS)
            db.session.commit()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.app.config["SERVER_BASE_URL"] = self.url
        self.thread = threading.Thread(target=self.server.serve_forever, name="coaching-server", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        with self.app.app_context():
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(scope="module")
def scale_server(browser, tmp_path_factory) -> Iterator[ScaleServer]:
    server = ScaleServer(tmp_path_factory.mktemp("coaching") / "scale.sqlite")
    yield server
    server.stop()


@pytest.fixture
def scale_page(browser, scale_server):
    context = browser.new_context(base_url=scale_server.url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(20_000)
    tab = context.new_page()
    yield tab
    context.close()


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def train_now(page) -> None:
    """As an admin: press "Train now" and wait for the page it redirects back to."""
    page.goto("/staff/coaching")
    with page.expect_navigation(url=re.compile(r"/staff/coaching$"), timeout=TRAINING_MS):
        page.get_by_role("button", name="Train now").click()
    expect(page.get_by_text("Training is queued")).to_be_visible()


def a_participant_in_the_newest_cohort(app) -> tuple[int, str]:
    with app.app_context():
        row = db.session.execute(
            sa.select(Participant.id, Participant.first_name, Participant.last_name).join(Enrolment)
            .where(Participant.anonymised_at.is_(None)).order_by(Enrolment.cohort_id.desc(), Participant.id)
            .limit(1)).one()
    return row.id, f"{row.first_name} {row.last_name}"


def test_an_admin_trains_the_model_and_staff_choose_a_suggested_coach(scale_page, scale_server):
    page = scale_page
    log_in_through_form(page, SCALE_ADMIN, SCALE_PASSWORD)
    train_now(page)
    expect(page.get_by_role("heading", name="Newest version: 1")).to_be_visible()
    facts = page.locator("dl.facts")
    expect(facts).to_contain_text("ROC AUC, 5-fold cross-validated")
    expect(facts).to_contain_text("Brier score")
    auc = float(facts.locator("dt:has-text('ROC AUC') + dd").inner_text())
    brier = float(facts.locator("dt:has-text('Brier score') + dd").inner_text())
    assert 0.5 < auc <= 1 and 0 < brier < 0.25, (auc, brier)
    expect(page.locator("figure svg")).to_be_visible()  # the calibration chart
    expect(page.get_by_role("heading", name="Fairness report")).to_be_visible()
    log_out(page)

    participant_id, name = a_participant_in_the_newest_cohort(scale_server.app)
    log_in_through_form(page, SCALE_COACH, SCALE_PASSWORD)
    page.goto(f"/staff/participants/{participant_id}")
    section = page.locator("section[aria-labelledby='coach-heading']")
    section.get_by_role("link", name="Suggested coaches and choosing one").click()
    expect(page.get_by_role("heading", name=f"Coaches for {name}")).to_be_visible()
    rows = page.locator("table").filter(has=page.get_by_text("Coaches with room, most likely placement first")) \
        .locator("tbody tr")
    expect(rows.nth(1)).to_be_visible()  # at least two coaches ranked
    first, second = rows.nth(0), rows.nth(1)
    expect(first.locator("td").nth(1)).to_have_text(re.compile(r"^\d{1,3}%$"))
    expect(first.locator("td").nth(2)).to_contain_text(re.compile(r"helps|counts against"))
    expect(first.locator("td").nth(3)).to_have_text(re.compile(r"^\d+ \(\d+ of \d+\)$"))
    chosen = second.locator("th").inner_text().strip()
    chosen_chance = int(second.locator("td").nth(1).inner_text().rstrip("%"))

    page.get_by_label("Coach", exact=True).select_option(label=chosen)
    with page.expect_navigation(url=re.compile(rf"/staff/participants/{participant_id}$")):
        page.get_by_role("button", name="Choose this coach").click()
    expect(page.get_by_text(f"{name}'s coach is now {chosen}.")).to_be_visible()
    expect(page.locator("section[aria-labelledby='coach-heading']")).to_contain_text(f"Coached by {chosen}.")

    with scale_server.app.app_context():
        event = db.session.scalar(sa.select(AuditEvent).where(
            AuditEvent.entity == "participant", AuditEvent.entity_id == str(participant_id),
            AuditEvent.action == "coach_chosen").order_by(AuditEvent.id.desc()).limit(1))
        assert event is not None, "choosing a coach left no coach_chosen audit event"
        assert event.actor_label == SCALE_COACH
        assert event.changes["model_version"] == 1
        assert event.changes["suggested_rank"] == 2
        assert round(event.changes["probability"] * 100) == chosen_chance


def test_a_refused_model_shows_why_and_no_ranking(page, login_as, live_app, monkeypatch):
    # the demo has too few placements anyway; the setting makes the refusal certain whatever it holds
    monkeypatch.setitem(live_app.config, "COACH_MATCH_MIN_PLACEMENTS", 1_000_000)
    login_as(page, DEMO_ADMIN)
    train_now(page)
    expect(page.get_by_text(re.compile(r"Refused: Trained on \d+ placements; needs at least 1000000"))).to_be_visible()
    with live_app.app_context():
        assert db.session.scalar(sa.select(CoachMatchModel.status).order_by(CoachMatchModel.version.desc())
                                 .limit(1)) == CoachModelStatus.refused
        participant_id = db.session.scalar(sa.select(Participant.id).where(Participant.email == DEMO_PARTICIPANT))
    page.goto(f"/staff/participants/{participant_id}/coach")
    expect(page.get_by_text(re.compile(r"No suggestions: Trained on \d+ placements; needs at least"))).to_be_visible()
    expect(page.get_by_text("Coaches with room, most likely placement first")).to_have_count(0)
    expect(page.get_by_role("button", name="Choose this coach")).to_be_visible()  # staff can still choose


def test_a_participant_answers_the_equality_questions_with_prefer_not_to_say(page, login_as):
    login_as(page, DEMO_PARTICIPANT)
    page.goto("/participant/equality")
    expect(page.get_by_role("heading", name="Equality monitoring")).to_be_visible()
    expect(page.get_by_text("never used to match you with a coach")).to_be_visible()
    page.get_by_label("Age").select_option(label="Prefer not to say")
    page.get_by_label("Gender").select_option(label="Prefer not to say")
    page.get_by_label("Do you consider yourself to have a disability?").select_option(label="Prefer not to say")
    page.get_by_label("Ethnic group").fill("Prefer not to say")
    page.get_by_role("button", name="Save my answers").click()
    expect(page.get_by_text("Thank you. Your answers are saved.")).to_be_visible()
    for label in ("Age", "Gender", "Do you consider yourself to have a disability?"):
        expect(page.get_by_label(label)).to_have_value("prefer_not_to_say")
    expect(page.get_by_label("Ethnic group")).to_have_value("Prefer not to say")
