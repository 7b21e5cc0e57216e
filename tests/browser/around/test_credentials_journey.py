"""Verifiable credentials in a real browser, on the demo data: staff issue to the closed cohort's completers, the
public verify page says valid, one changed character says tampered, and after revocation it says revoked.

The demo seed issues no credential (the seed may not call the signing code), so staff issue them here.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF = "coach@bridgework.test"


def _verify(page, compact: str, expected: str) -> None:
    page.goto("/credentials/verify")
    page.get_by_label("Paste the credential").fill(compact)
    page.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("status")).to_contain_text(f"Result: {expected}")


def test_issue_verify_tamper_and_revoke(page, login_as):
    login_as(page, STAFF)
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Credentials").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Credentials")
    page.get_by_role("table").get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Credentials — ")
    page.get_by_role("button", name="Issue credentials to completers").click()
    expect(page.get_by_text(re.compile(r"\d+ credential\(s\) issued"))).to_be_visible()
    cohort_url = page.url

    # the public share page of the first credential: a valid Open Badge with its signed text
    first_row = page.get_by_role("table").locator("tbody tr").filter(has_text="Completion").first
    holder = first_row.get_by_role("rowheader").inner_text()
    first_row.get_by_role("link", name=re.compile("Public page")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Completed")
    expect(page.get_by_text(f"Awarded to {holder}")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Result: Valid")
    compact = page.get_by_label("The credential as issued").input_value()
    assert compact.count(".") == 2

    page.context.clear_cookies()  # the verifier is public
    _verify(page, compact, "Valid")
    middle = len(compact) // 2
    changed = compact[:middle] + ("A" if compact[middle] != "A" else "B") + compact[middle + 1:]
    _verify(page, changed, "Tampered")

    login_as(page, STAFF)
    page.goto(cohort_url)
    page.get_by_role("table").locator("tbody tr").filter(has_text=holder).filter(has_text="Completion").first \
        .get_by_role("link", name=re.compile("Revoke")).click()
    page.get_by_label("Reason for revoking").fill("Completion recorded in error")
    page.get_by_role("button", name="Revoke the credential").click()
    expect(page.get_by_text("The credential is revoked")).to_be_visible()
    _verify(page, compact, "Revoked")
