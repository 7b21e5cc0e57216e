"""An employer makes an API token on their settings, sees it once, reads their hiring needs with it, revokes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_employer_makes_uses_and_revokes_a_token(page, live_server, login_as):
    login_as(page, "employer@bridgework.test")
    page.goto("/notifications/settings")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("API tokens")

    page.get_by_label("Name").fill("Payroll sync")
    page.get_by_label("read:demand — Read employers, contacts and hiring needs").check()
    page.get_by_role("button", name="Make token").click()
    expect(page.get_by_text("Copy it now: it is not shown again.")).to_be_visible()
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("bw_")

    api = page.request.get("/api/v1/hiring-needs", headers={"Authorization": f"Bearer {secret}"})
    assert api.status == 200
    assert api.json()["items"], "the demo employer has hiring needs"
    assert page.request.get("/api/v1/participants", headers={"Authorization": f"Bearer {secret}"}).status == 403

    page.goto("/settings/api-tokens/")
    expect(page.locator("#token-secret")).to_have_count(0)  # shown once
    row = page.get_by_role("row", name="Payroll sync")
    row.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Token “Payroll sync” revoked.")).to_be_visible()
    assert page.request.get("/api/v1/hiring-needs", headers={"Authorization": f"Bearer {secret}"}).status == 401
