"""A live Bridgework on the demo data, and headless Chromium to drive it.

The live server runs in a background thread on a database of its own (a temporary SQLite
file, or ``<TEST_DATABASE_URL>_live`` on PostgreSQL), seeded with the demo programme and
committed, so the browser sees exactly what ``make run`` shows. tests/quality reuses these
fixtures; both directories share one server and one browser per session.

Browser tests skip when Chromium or Playwright cannot start, unless REQUIRE_BROWSER=1
(as in CI), where that is a failure.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from app import create_app
from app.extensions import db as _db

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DEFAULT_VIEWPORT = {"width": 1280, "height": 900}

#: one live server and one browser per session, however many directories ask for them
_shared: dict[str, object] = {}
_users: dict[str, int] = {}


def _acquire(name: str, start: Callable[[], object]) -> object:
    if name not in _shared:
        _shared[name] = start()
    _users[name] = _users.get(name, 0) + 1
    return _shared[name]


def _release(name: str, stop: Callable[[object], None]) -> None:
    _users[name] -= 1
    if _users[name] == 0:
        stop(_shared.pop(name))


@pytest.fixture(autouse=True)
def db():
    """Replaces the per-test rollback here: it swaps the global db.session, which the live server shares."""
    yield _db


def _live_database_url(tmp_path_factory) -> str:
    """A database only the live server uses; on PostgreSQL, recreated empty for each session."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path_factory.mktemp('live') / 'live.sqlite'}"
    main = make_url(url)
    live = main.set(database=f"{main.database}_live")
    engine = sa.create_engine(main, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{live.database}" WITH (FORCE)')
            connection.exec_driver_sql(f'CREATE DATABASE "{live.database}"')
    finally:
        engine.dispose()
    return live.render_as_string(hide_password=False)


def _drop_live_database(url: str) -> None:
    live = make_url(url)
    if live.get_backend_name() != "postgresql":
        return
    main = live.set(database=make_url(os.environ["TEST_DATABASE_URL"]).database)
    engine = sa.create_engine(main, isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{live.database}" WITH (FORCE)')
    finally:
        engine.dispose()


class LiveServer:
    """Bridgework served by werkzeug in a thread, on the demo data."""

    def __init__(self, database_url: str) -> None:
        self.database_url = database_url
        self.app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, WTF_CSRF_ENABLED=True)
        with self.app.app_context():
            from cohorts.seed.demo import seed_demo

            _db.create_all()
            seed_demo()
            _db.session.commit()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.app.config["SERVER_BASE_URL"] = self.url  # links in mail and feeds name the site served
        self.thread = threading.Thread(target=self.server.serve_forever, name="live-server", daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.server.shutdown()
        self.thread.join(timeout=10)
        with self.app.app_context():
            _db.session.remove()
            _db.engine.dispose()
        _drop_live_database(self.database_url)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """The base URL of a live Bridgework serving the committed demo data."""
    server = _acquire("live_server", lambda: LiveServer(_live_database_url(tmp_path_factory)))
    yield server.url
    _release("live_server", LiveServer.stop)


@pytest.fixture
def live_app(live_server):
    """The live server's Flask app: a journey uses it to let time pass (move a booked day into the past)."""
    return _shared["live_server"].app


def _browser_unavailable(reason: str):
    message = f"headless Chromium is not available ({reason})"
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message + "; REQUIRE_BROWSER=1 makes that a failure", pytrace=False)
    pytest.skip(message + "; install the Debian chromium package, or set REQUIRE_BROWSER=1 to fail")


def _start_browser():
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    except Exception:
        playwright.stop()
        raise
    return playwright, browser


def _stop_browser(started) -> None:
    playwright, browser = started
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (the Debian package, driven by Playwright) for the session."""
    if not os.path.exists(CHROMIUM):
        _browser_unavailable(f"no executable at {CHROMIUM}")
    try:
        _playwright, chromium = _acquire("browser", _start_browser)
    except ImportError as error:
        _browser_unavailable(f"Playwright is not installed: {error}")
    except Exception as error:  # Playwright reports launch problems as its own Error
        _browser_unavailable(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    yield chromium
    _release("browser", _stop_browser)


@pytest.fixture
def viewport() -> dict[str, int]:
    """Override with @pytest.mark.parametrize("viewport", [{"width": 375, "height": 740}])."""
    return DEFAULT_VIEWPORT


@pytest.fixture
def page(browser, live_server, viewport):
    """A fresh browser context (no cookies) per test, with relative URLs against the live server."""
    context = browser.new_context(base_url=live_server, viewport=viewport)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    yield tab
    context.close()


DEMO_PASSWORD = "bridgework-demo"


def styled(page):
    """The page once its stylesheet has applied, for tests that measure layout.

    A click waits only until the next page starts to arrive: its heading can be there while
    app.css (revalidated on every page) is still on its way, and the unstyled page is wider.
    """
    page.wait_for_load_state("load")
    return page


def log_in_through_form(page, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in the way a person does: the login page's form, then wait to leave it."""
    page.goto("/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    if urlsplit(page.url).path == "/login":
        problems = page.locator(".field-errors, .error-summary, .flash").all_inner_texts()
        raise AssertionError(f"login as {email} failed: {' '.join(problems) or page.title()}")


@pytest.fixture
def login_as() -> Callable[..., None]:
    """login_as(page, "coach@bridgework.test") through the real login form, with the demo password."""
    return log_in_through_form
