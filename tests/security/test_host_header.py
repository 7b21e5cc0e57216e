"""Links that leave the site come from SERVER_BASE_URL, never from the request's Host header.

An anonymous POST with ``Host: evil.example`` used to mail a reset or invitation link pointing
at the attacker's site, with a token that works on the real one.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select

from app import create_app
from app.extensions import db
from app.models import OutboxMessage
from cohorts.models import CohortStatus
from tests import factories

EVIL = {"Host": "evil.example"}


def _mail_to(recipient: str) -> str:
    """Every message to one person, as one text."""
    return "\n".join(db.session.scalars(select(OutboxMessage.body_text).where(OutboxMessage.recipient == recipient)))



def test_a_password_reset_link_never_points_at_the_request_s_host(app, client):
    factories.UserFactory(email="victim@example.test")
    client.post("/password/forgot", data={"email": "victim@example.test"}, headers=EVIL)
    body = _mail_to("victim@example.test")
    assert "evil.example" not in body
    assert f"{app.config['SERVER_BASE_URL']}/password/reset/" in body


def test_an_application_s_confirmation_link_never_points_at_the_request_s_host(app, client):
    cohort = factories.CohortFactory(code="SC-HOST", status=CohortStatus.recruiting)
    db.session.commit()
    client.post(f"/apply/{cohort.code}", headers=EVIL, data={
        "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org", "phone": "", "region": "",
        "referral_source": "", "goals": "", "consent": "y", "website": "",
    })
    body = _mail_to("ada@example.org")
    assert body and "evil.example" not in body and f"{app.config['SERVER_BASE_URL']}/apply/{cohort.code}/confirm/" in body


@pytest.fixture(scope="module")
def production_app():
    return create_app("production", SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI="sqlite://",
                      SERVER_BASE_URL="https://bridgework.example.org")


def test_production_refuses_a_host_it_does_not_serve(production_app):
    client = production_app.test_client()
    refused = client.get("/login", headers=EVIL)
    assert refused.status_code == 400 and b"host name" in refused.data
    assert client.post("/password/forgot", headers=EVIL).status_code == 400
    assert client.get("/login", base_url="https://bridgework.example.org").status_code == 200


def test_trusted_hosts_can_name_more_than_the_base_url_s_host():
    app = create_app("production", SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI="sqlite://",
                     SERVER_BASE_URL="https://bridgework.example.org", TRUSTED_HOSTS=[".example.org"])
    assert app.test_client().get("/login", base_url="https://www.example.org").status_code == 200


def test_production_needs_the_site_s_address(monkeypatch):
    monkeypatch.delenv("SERVER_BASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="SERVER_BASE_URL must be set"):
        create_app("production", SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI="sqlite://", SERVER_BASE_URL=None)
