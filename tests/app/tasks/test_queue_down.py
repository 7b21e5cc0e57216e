"""Redis stopped (nothing listens where TASK_QUEUE_URL points): the pages still answer, and starting
work says clearly that the queue is not answering, with the job failed rather than lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from app import create_app
from app.extensions import db
from app.models import Role
from app.tasks.models import Job, JobState
from tests import factories
from tests.cohorts.workbook.test_workbook_pages import PARTICIPANTS, upload, zipped

#: a port nothing listens on: a Redis that has stopped
DEAD_REDIS = "redis://127.0.0.1:9/0"


@pytest.fixture
def down_app(tmp_path, monkeypatch) -> Iterator:
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'db.sqlite'}",
                     TASK_QUEUE_IMMEDIATE=False, TASK_QUEUE_URL=DEAD_REDIS)
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    with app.app_context():
        db.create_all()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_with_redis_stopped_pages_answer_and_enqueueing_says_why(down_app):
    client = down_app.test_client()
    staff = factories.user_for_role(Role.staff)
    db.session.commit()
    client.post("/login", data={"email": staff.email, "password": factories.PASSWORD})
    assert client.get("/staff/").status_code == 200
    assert client.get("/jobs/").status_code == 200
    response = upload(client, zipped(participants=PARTICIPANTS))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "The task queue is not answering" in page
    db.session.rollback()
    job = db.session.scalar(sa.select(Job).order_by(Job.id.desc()))
    assert job.state == JobState.failed and "did not answer" in job.error
