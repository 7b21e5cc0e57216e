"""The task-queue benchmark (issue 17 item 9): real `flask worker` processes on the SQLite queue and on Redis.

    .venv/bin/python bench/queue_bench.py [--quick] [--pings 200] [--mails 10000] [--participants 50000]
                                          [--redis-url redis://127.0.0.1:6379/14] [--workers 2]
                                          [--workbook FOLDER_OR_ZIP] [--skip-import] [--no-write]

1. Enqueue-to-start latency: a worker (bench/queue_worker.py: the app's own `worker` command, with a
   bench-only "bench.ping" task) idles on each queue; the bench enqueues --pings trivial tasks one
   at a time, 20–200 ms apart, each carrying the time it was enqueued; the task notes when it
   started. p50/p95/max of start − enqueue, per queue.
2. Mail: --mails outbox messages (app.mail.send_mail, one commit, which enqueues a "mail.deliver"
   task each) delivered by a worker to bench/fake_smtp.py on loopback. Throughput from the commit
   to the last message recorded sent; every Message-ID must arrive exactly once.
3. The workbook import of the national set (--participants, built and exported here unless
   --workbook names an export) run directly (bench/jobs.py import, its own process) and as a
   "workbook_import" job through a worker (from enqueue_job to the row saying done). Ratio ≤ 1.1×.

Everything runs on SQLite databases in a temporary folder; Redis runs use the database in
--redis-url (default 14) under a random queue name and delete only that queue's keys. Prints one
JSON object and writes its section of docs/PERFORMANCE.md (bench/run.py runs it too).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import (ROOT, build_database,  # noqa: E402
                    database_url, make_app, recreate_database)
from fake_smtp import FakeSMTP  # noqa: E402
from queue_worker import PING, PING_LOG, register_ping  # noqa: E402
from queue_report import judge, write_section  # noqa: E402

DEFAULT_REDIS = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/14")
WORKER = Path(__file__).with_name("queue_worker.py")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def redis_up(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


# --- a worker of the bench's own ---------------------------------------------------------------


def queue_config(queue_url: str, **extra) -> dict:
    """The app settings a bench run and its worker share: the queue, under a name of its own."""
    return {"TASK_QUEUE_URL": queue_url, "TASK_QUEUE_NAME": f"bridgework-bench-{secrets.token_hex(4)}",
            "TASK_QUEUE_IMMEDIATE": False, **extra}


@contextmanager
def worker(db_url: str, config: dict, log_path: Path, workers: int, env: dict | None = None) -> Iterator[None]:
    """A real worker process on db_url with config; waits until its consumer is up; SIGINT at the end."""
    log_path.write_text("")
    out = log_path.open("a")
    process = subprocess.Popen(
        [sys.executable, str(WORKER), "--workers", str(workers)], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
        env={**os.environ, **(env or {}), "DATABASE_URL": db_url, "BENCH_APP_CONFIG": json.dumps(config)})
    try:
        deadline = time.monotonic() + 60
        while "consumer started" not in log_path.read_text().lower():  # huey's "Huey consumer started …"
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the worker did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.05)
        time.sleep(0.5)  # its threads polling
        yield
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)  # huey's graceful stop
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        out.close()


def wait_for(condition: Callable[[], bool], seconds: float, log_path: Path, every: float = 0.05) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"gave up after {seconds} s; worker log:\n{log_path.read_text()[-3000:]}")
        time.sleep(every)


def fresh_app(db_url: str, config: dict):
    """The bench's side of a run: an empty schema, and the app that enqueues on config's queue."""
    from app.extensions import db

    recreate_database(db_url)
    app = make_app(db_url, **config)
    register_ping(app)
    with app.app_context():
        db.create_all()
    return app


def close(app) -> None:
    from app.extensions import db
    from app.tasks.queue import queue_for

    with app.app_context():
        queue_for(app).huey.flush()  # this queue's keys (Redis) or rows (its SQLite file) only
        db.session.remove()
        db.engine.dispose()


# --- 1. enqueue-to-start latency ---------------------------------------------------------------


def latency(label: str, queue_url: str, pings: int, tmp: Path, workers: int) -> dict:
    from app.tasks.queue import queue_for

    db_url = f"sqlite:///{tmp / f'latency-{label}.sqlite'}"
    config = queue_config(queue_url)
    app = fresh_app(db_url, config)
    pings_log = tmp / f"pings-{label}.txt"
    pings_log.write_text("")
    worker_log = tmp / f"worker-latency-{label}.log"
    rng = random.Random(17)
    try:
        with worker(db_url, config, worker_log, workers, env={PING_LOG: str(pings_log)}):
            queue = queue_for(app)
            with app.app_context():
                for _ in range(pings):
                    time.sleep(rng.uniform(0.02, 0.2))  # an idle worker each time, at no fixed phase
                    queue.enqueue(PING, time.time())

            def all_started() -> bool:
                return len(pings_log.read_text().splitlines()) >= pings

            wait_for(all_started, 60, worker_log)
    finally:
        close(app)
    waits = sorted((float(b) - float(a)) * 1000 for a, b in (line.split() for line in pings_log.read_text().splitlines()))
    return {"queue": label, "tasks": len(waits), "p50_ms": round(percentile(waits, 50), 1),
            "p95_ms": round(percentile(waits, 95), 1), "max_ms": round(waits[-1], 1)}


# --- 2. mail through a fake SMTP server -----------------------------------------------------------


def mail(queue_url: str, count: int, tmp: Path, workers: int) -> dict:
    from app.extensions import db
    from app.mail import send_mail
    from app.models import OutboxMessage

    db_url = f"sqlite:///{tmp / f'mail-{workers}.sqlite'}"
    worker_log = tmp / f"worker-mail-{workers}.log"
    with FakeSMTP() as smtp:
        config = queue_config(queue_url, MAIL_SERVER="127.0.0.1", MAIL_PORT=smtp.port, MAIL_USE_TLS=False,
                              MAIL_USERNAME=None)
        app = fresh_app(db_url, config)
        try:
            with worker(db_url, config, worker_log, workers), app.app_context():
                for n in range(count):
                    send_mail(f"person{n}@bench.invalid", f"Benchmark message {n}", f"Hello {n},\n\nA benchmark.\n",
                              kind="bench")
                started = time.perf_counter()
                db.session.commit()  # enqueues one "mail.deliver" per message
                enqueued = time.perf_counter() - started

                def tally() -> dict[str, int]:
                    """sent; claimed but never recorded sent (stuck); failed; not yet claimed (waiting)."""
                    state = sa.case((OutboxMessage.sent_at.is_not(None), "sent"),
                                    (OutboxMessage.failed_at.is_not(None), "failed"),
                                    (OutboxMessage.sending_at.is_not(None), "stuck"), else_="waiting").label("state")
                    with db.engine.connect() as connection:
                        return {"sent": 0, "stuck": 0, "failed": 0, "waiting": 0, **dict(connection.execute(
                            sa.select(state, sa.func.count()).group_by(state)).all())}

                # done when none waits: normally all sent; a claim whose "sent" was never recorded stays stuck
                wait_for(lambda: tally()["waiting"] == 0, max(120, count / 5), worker_log, every=0.2)
                seconds = time.perf_counter() - started
                time.sleep(2)  # a stuck claim finishing late, or anything sent twice, arrives now
                states = tally()
        finally:
            close(app)
        duplicates = smtp.duplicates()
        return {"messages": count, "workers": workers, "enqueue_s": round(enqueued, 2), "seconds": round(seconds, 2),
                "per_second": round(count / seconds, 1), "received": smtp.received,
                "distinct_message_ids": len(smtp.message_ids), "duplicates": len(duplicates), "outbox": states,
                "locked_errors": worker_log.read_text().count("OperationalError: (sqlite3.OperationalError) database is locked")}


# --- 3. the national import, directly and as a job ----------------------------------------------------


def workbook_zip(source: Path, tmp: Path) -> Path:
    """The export as one .zip of CSV sheets (what a person uploads); a .zip is used as it is."""
    if source.suffix.lower() == ".zip":
        return source
    path = tmp / "workbook.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for sheet in sorted(source.glob("*.csv")):
            archive.write(sheet, sheet.name)
    return path


def run_bench_job(*args: str) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).with_name("jobs.py")), *args],
                          capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"bench/jobs.py {args[0]} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def import_as_job(queue_url: str, archive: Path, tmp: Path, workers: int) -> dict:
    """The same import as a "workbook_import" job: the upload stored as the upload step stores it
    (cohorts.workbook.uploads, in the database by default), then enqueue_job → the row saying done."""
    from app.extensions import db
    from app.tasks import jobs
    from app.tasks.models import Job, JobState
    from cohorts.workbook import uploads

    db_url = f"sqlite:///{tmp / 'import-job.sqlite'}"
    limit = make_app(db_url).config["WORKBOOK_CLI_MAX_BYTES"]  # the direct run's limit (a file, not a web upload)
    config = queue_config(queue_url, WORKBOOK_MAX_BYTES=limit)
    app = fresh_app(db_url, config)
    worker_log = tmp / "worker-import.log"
    with app.app_context():
        token = uploads.store_bytes(archive.read_bytes(), "workbook.zip", None).token  # the upload step
        db.session.commit()
        db.session.remove()
    try:
        with worker(db_url, config, worker_log, workers), app.app_context():
            started = time.perf_counter()
            job = jobs.enqueue_job("workbook_import", None, {"token": token})
            db.session.commit()
            jobs.dispatch(job)
            job_id = job.id
            db.session.remove()

            def state() -> str:
                with db.engine.connect() as connection:
                    return connection.scalar(sa.select(Job.state).where(Job.id == job_id))

            wait_for(lambda: state() in (JobState.done, JobState.failed), 3600, worker_log, every=0.1)
            ms = (time.perf_counter() - started) * 1000
            job = db.session.get(Job, job_id)
            if job.state != JobState.done:
                raise RuntimeError(f"the import job failed: {job.message} {job.error} {job.result}")
            in_worker = (job.finished_at - job.started_at).total_seconds() * 1000
            waited = (job.started_at - job.created_at).total_seconds() * 1000
            rows = sum(c.get("created", 0) for c in job.result["counts"].values())
    finally:
        close(app)
    return {"ms": round(ms, 1), "in_worker_ms": round(in_worker, 1), "queued_ms": round(waited, 1), "rows": rows}


def national_import(queue_url: str, participants: int, workbook: str | None, tmp: Path, workers: int) -> dict:
    if workbook:
        source = Path(workbook)
    else:
        source = tmp / "workbook"
        national = database_url(None, "queue-national", tmp)
        log(f"  building a {participants:,}-participant national set and exporting it …")
        build_database(national, participants=participants, say=lambda message: None)
        run_bench_job("export", national, str(source))
    archive = workbook_zip(source, tmp)
    log("  the import, directly (its own process) …")
    direct = run_bench_job("import", f"sqlite:///{tmp / 'import-direct.sqlite'}", str(archive))
    log("  the same import as a job through a worker …")
    job = import_as_job(queue_url, archive, tmp, workers)
    return {"participants": None if workbook else participants, "workbook": str(source),
            "zip_mb": round(archive.stat().st_size / 2 ** 20, 1), "direct_ms": direct["ms"],
            "direct_rows": direct["rows"], "job": job, "ratio": round(job["ms"] / direct["ms"], 3)}


# --- report --------------------------------------------------------------------------------------


def run(*, pings: int, mails: int, participants: int, redis_url: str, workers: int, workbook: str | None = None,
        skip_import: bool = False, tmp: Path | None = None) -> dict:
    import platform

    tmp = tmp or Path(tempfile.mkdtemp(prefix="bridgework-queue-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    sqlite_queue = f"sqlite:///{tmp / 'tasks.sqlite'}"
    redis = redis_up(redis_url)
    result: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(),
                                "platform": platform.platform(terse=True)}, "workers": workers, "latency": []}
    log(f"Queue latency, {pings} tasks per queue:")
    for label, url, up in (("SQLite", sqlite_queue, True), ("Redis", redis_url, redis)):
        row = latency(label, url, pings, tmp, workers) if up else {"queue": label, "skipped": f"no Redis at {redis_url}"}
        log(f"  {row}")
        result["latency"].append(row)
    # mail and the import on the queue a several-machine site would use, when there is one
    queue_label, queue_url = ("Redis", redis_url) if redis else ("SQLite", sqlite_queue)
    result["mail_queue"], result["mail"] = queue_label, []
    # one thread for the throughput; then the default two, on fewer messages, for the SQLite write locks
    for threads, count in ((1, mails), (workers, min(mails, 1_000))) if workers > 1 else ((1, mails),):
        log(f"Mail: {count:,} messages through a fake SMTP server, {threads} thread(s), {queue_label} queue …")
        result["mail"].append(mail(queue_url, count, tmp, threads))
        log(f"  {result['mail'][-1]}")
    if not skip_import:
        log(f"Workbook import, directly and as a job ({queue_label} queue):")
        result["import_queue"] = queue_label
        result["import"] = national_import(queue_url, participants, workbook, tmp, workers)
        log(f"  {result['import']}")
    result["targets"] = judge(result)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="50 pings, 1,000 mails, a 2,000-participant import")
    parser.add_argument("--pings", type=int, default=None)
    parser.add_argument("--mails", type=int, default=None)
    parser.add_argument("--participants", type=int, default=None)
    parser.add_argument("--workbook", help="an exported workbook (CSV folder or .zip) to import instead of building one")
    parser.add_argument("--skip-import", action="store_true")
    parser.add_argument("--redis-url", default=DEFAULT_REDIS)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true", help="do not write docs/PERFORMANCE.md")
    args = parser.parse_args()
    result = run(pings=args.pings or (50 if args.quick else 200), mails=args.mails or (1_000 if args.quick else 10_000),
                 participants=args.participants or (2_000 if args.quick else 50_000), redis_url=args.redis_url,
                 workers=args.workers, workbook=args.workbook, skip_import=args.skip_import,
                 tmp=Path(os.environ["BENCH_TMP"]) if os.environ.get("BENCH_TMP") else None)
    if not args.no_write:
        write_section(result)
    print(json.dumps(result, indent=2, default=str))
    return 0 if all(t["pass"] for t in result["targets"]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
