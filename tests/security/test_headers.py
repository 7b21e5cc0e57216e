"""Security headers on every response, and templates that need no inline script or style."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.models import Role
from app.security import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
#: a script element that runs: one with src= is loaded under the policy, and a JSON-LD data block
#: (type="application/ld+json", the schema.org data of public pages) is never executed
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/ld\+json\"))[^>]*>", re.I)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def _csp(response) -> dict[str, str]:
    directives = [d.strip() for d in response.headers["Content-Security-Policy"].split(";") if d.strip()]
    return {d.split()[0]: " ".join(d.split()[1:]) for d in directives}


@pytest.mark.parametrize("path", ["/login", "/password/forgot", "/no-such-page", "/static/css/app.css"])
def test_public_responses_carry_the_headers(client, path):
    response = client.get(path)
    policy = _csp(response)
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert policy["default-src"] == "'self'" and policy["form-action"] == "'self'"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in response.headers  # plain HTTP: HSTS would be ignored


def test_logged_in_pages_carry_the_headers_and_are_not_cached(client, login):
    login(Role.admin)
    response = client.get("/admin/users")
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert response.headers["Cache-Control"] == "no-store"


def test_hsts_only_over_https(client):
    response = client.get("/login", base_url="https://bridgework.example")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_errors_carry_the_headers_too(client, login):
    login(Role.participant)
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


def _template_files():
    return sorted(p for p in TEMPLATES.rglob("*.html") if "reports" not in p.parts)


@pytest.mark.parametrize("template", _template_files(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_have_no_inline_script_style_or_handlers(template):
    """The CSP forbids inline code: a template that needs it would break in the browser."""
    text = template.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/js/"
    assert not INLINE_STYLE.search(text), "style attribute or <style>: use a class in static/css/app.css"
    assert not INLINE_HANDLER.search(text), "on…= handler: use an event listener in static/js/"


def test_charts_have_no_style_attributes():
    from app.charts import bar_chart, column_chart, funnel_chart

    items = [("Sales", 3), ("Care", 1)]
    axes = {"category_label": "Sector", "value_label": "Openings"}
    for svg in (bar_chart(items, "Demand", **axes), column_chart(items, "Demand", **axes), funnel_chart(items, "Funnel")):
        assert "<svg" in svg and not INLINE_STYLE.search(str(svg)) and "<script" not in svg
