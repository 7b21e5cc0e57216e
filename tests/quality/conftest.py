"""Page-quality tests drive the same live server and browser as tests/browser (one of each per session)."""

from tests.browser.conftest import browser, db, live_server, login_as, page, viewport  # noqa: F401
