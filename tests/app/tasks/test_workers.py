"""Real workers: `flask worker` in a subprocess runs a workbook import job end to end, on the SQLite
queue and on Redis; a worker killed mid-import leaves nothing half-written and its job ends failed
once the lease passes; a restarted worker runs the next jobs."""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa

from app import create_app
from app.db import writes_first
from app.extensions import db
from app.tasks import jobs
from app.tasks.models import Job, JobState
from app.tasks.queue import queue_for
from cohorts.models import Participant
from app import uploads
from employers.models import Employer
from tests.cohorts.workbook.test_workbook_pages import PARTICIPANTS, zipped

pytestmark = pytest.mark.worker
ROOT = Path(__file__).resolve().parents[3]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")  # a db of its own, flushed by name
LEASE = 2
EMPLOYERS = "name,sector\n" + "".join(f"Employer {n},Construction\n" for n in range(3))


def redis_up() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture
def queue_env(tmp_path, monkeypatch, request) -> Iterator[dict[str, str]]:
    """An app of its own (database file, upload folder, queue) and the environment a worker needs for it;
    this test's `db.session` talks to it instead of the suite's rolled-back connection."""
    queue_url = getattr(request, "param", None) or f"sqlite:///{tmp_path / 'tasks.sqlite'}"
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite'}", "TASK_QUEUE_URL": queue_url,
           "TASK_QUEUE_NAME": f"bridgework-test-{secrets.token_hex(4)}", "UPLOAD_DIR": str(tmp_path / "uploads"),
           "TASK_LEASE_SECONDS": str(LEASE), "LOCAL_TIMEZONE": "Europe/London"}
    app = create_app("testing", SQLALCHEMY_DATABASE_URI=env["DATABASE_URL"], TASK_QUEUE_IMMEDIATE=False,
                     TASK_QUEUE_URL=queue_url, TASK_QUEUE_NAME=env["TASK_QUEUE_NAME"], UPLOAD_DIR=env["UPLOAD_DIR"],
                     TASK_LEASE_SECONDS=LEASE)
    monkeypatch.setattr(db, "session", db._make_scoped_session({}))
    with app.app_context():
        db.create_all()
        yield env
        queue_for(app).huey.flush()  # this queue's keys only (Redis) or its file's rows
        db.session.remove()
        db.engine.dispose()


@contextmanager
def worker(env: dict[str, str], tmp_path: Path, *command: str) -> Iterator[subprocess.Popen]:
    log = (tmp_path / "worker.log").open("a")
    process = subprocess.Popen(
        list(command) or [sys.executable, "-m", "flask", "worker", "--workers", "2"], cwd=ROOT, stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, **env, "BRIDGEWORK_ENV": "development", "FLASK_APP": "app:create_app"})
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # huey's graceful stop
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()


def import_job(env: dict[str, str], **sheets: str) -> int:
    """Upload a workbook where the worker can read it (UPLOAD_DIR: a shared folder), and enqueue its import."""
    upload = uploads.store_bytes(zipped(**sheets).getvalue(), "programme.zip", None)
    job = jobs.enqueue_job("workbook_import", None, {"token": upload.token})
    db.session.commit()
    jobs.dispatch(job)
    return job.id


def wait_for(condition: Callable[[], bool], seconds: float, tmp_path: Path) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        db.session.rollback()  # read the latest commit
        if condition():
            return
        time.sleep(0.1)
    log = (tmp_path / "worker.log").read_text() if (tmp_path / "worker.log").exists() else ""
    pytest.fail(f"gave up after {seconds} s; worker log:\n{log[-3000:]}")


def state(job_id: int) -> JobState:
    return db.session.get(Job, job_id, populate_existing=True).state


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def run_one_import(env: dict[str, str], tmp_path: Path) -> None:
    with worker(env, tmp_path):
        job_id = import_job(env, participants=PARTICIPANTS)
        wait_for(lambda: state(job_id) == JobState.done, 30, tmp_path)
    job = db.session.get(Job, job_id)
    assert job.result["counts"]["participants"]["created"] == 2 and job.progress == 100
    assert count(Participant) == 2
    assert not list(Path(env["UPLOAD_DIR"]).iterdir())  # the upload went with the job's success


def test_a_worker_on_the_sqlite_queue_runs_an_import_job(queue_env, tmp_path):
    run_one_import(queue_env, tmp_path)


@pytest.mark.skipif(not redis_up() and not os.environ.get("REQUIRE_REDIS"),
                    reason=f"no Redis at {REDIS_URL} (.ci/run starts one and sets REQUIRE_REDIS=1)")
@pytest.mark.parametrize("queue_env", [REDIS_URL], indirect=True)
def test_a_worker_on_the_redis_queue_runs_an_import_job(queue_env, tmp_path):
    run_one_import(queue_env, tmp_path)


def test_a_worker_killed_mid_import_writes_nothing_and_its_job_fails_then_a_new_worker_runs(queue_env, tmp_path):
    marker = tmp_path / "writing"
    slow = [sys.executable, str(Path(__file__).with_name("slow_worker.py"))]
    with worker({**queue_env, "SLOW_IMPORT_MARKER": str(marker), "PYTHONPATH": str(ROOT)}, tmp_path, *slow) as proc:
        job_id = import_job(queue_env, employers=EMPLOYERS, participants=PARTICIPANTS)
        wait_for(marker.exists, 30, tmp_path)  # rows sent to the database, not committed
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    assert state(job_id) == JobState.running
    assert count(Employer) == 0 and count(Participant) == 0  # nothing half-written

    time.sleep(LEASE + 0.5)  # no heartbeat for a lease: the next read notices
    assert jobs.sweep_expired_jobs() == 1
    db.session.commit()
    job = db.session.get(Job, job_id)
    assert job.state == JobState.failed and "nothing was written" in job.message

    with worker(queue_env, tmp_path):
        fresh = import_job(queue_env, participants=PARTICIPANTS)
        wait_for(lambda: state(fresh) == JobState.done, 30, tmp_path)
        db.session.rollback()
        with writes_first():  # as the admin's retry POST would: the worker may be writing right now
            jobs.retry_job(db.session.get(Job, job_id))  # the killed one's upload still waits: retry it
            db.session.commit()
        jobs.dispatch(db.session.get(Job, job_id))
        wait_for(lambda: state(job_id) == JobState.done, 30, tmp_path)
    assert count(Employer) == 3 and count(Participant) == 2
    assert db.session.get(Job, job_id).attempts == 2
