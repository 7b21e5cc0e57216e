"""The signed link: one form, no login, nothing else of the person; tampered, expired and answered links."""

from __future__ import annotations

from unittest import mock

from app.extensions import db
from cohorts.inwork import links
from cohorts.inwork.links import check_in_token
from cohorts.models import CheckInChannel, RiskFlag
from tests.cohorts.inwork.helpers import WORRYING, check_in, placed


def _linked():
    row = check_in(placed())
    db.session.commit()
    return row, f"/reminders/check-in/{check_in_token(row.id)}"


def test_the_link_shows_one_form_with_only_the_first_name_and_job_title(client):
    row, url = _linked()
    participant = row.participant
    page = client.get(url)
    assert page.status_code == 200
    assert participant.first_name in page.text and row.placement.role_title in page.text
    for private in (participant.last_name, participant.email, row.placement.employer.name):
        assert private not in page.text


def test_answering_by_link_stores_it_once_and_raises_the_flag(client):
    row, url = _linked()
    answer = {"rating": "1", "work_status": "same_job", "worries": WORRYING["worries"], "text": WORRYING["text"]}
    assert client.post(url, data=answer).status_code == 302
    db.session.expire_all()
    assert row.channel == CheckInChannel.email_link and db.session.get(RiskFlag, row.flag.id) is not None
    again = client.get(url)
    assert again.status_code == 200 and "Thank you" in again.text and "<form" not in again.text
    assert "Thank you" in client.post(url, data={**answer, "rating": "5"}).text
    db.session.expire_all()
    assert row.rating == 1


def test_missing_answers_are_shown_beside_their_fields(client):
    _, url = _linked()
    page = client.post(url, data={"annual_salary": "lots"})
    assert page.status_code == 422
    assert "Choose how it is going" in page.text and 'aria-invalid="true"' in page.text


def test_a_tampered_or_foreign_token_is_404(client, app):
    row, url = _linked()
    assert client.get(url[:-3] + "abc").status_code == 404
    assert client.get("/reminders/check-in/nonsense").status_code == 404
    with app.test_request_context():
        other_salt = links.URLSafeTimedSerializer(app.config["SECRET_KEY"], salt="another").dumps(row.id)
    assert client.get(f"/reminders/check-in/{other_salt}").status_code == 404


def test_an_expired_link_is_410_with_a_way_forward(client, app):
    _, url = _linked()
    days = app.config["CHECKIN_LINK_MAX_AGE_DAYS"]
    import time
    later = time.time() + (days + 1) * 86400
    with mock.patch("itsdangerous.timed.time.time", return_value=later):
        page = client.get(url)
    assert page.status_code == 410 and "expired" in page.text and "portal" in page.text
