"""The benchmark of issue 9: pages and jobs at demo and national scale, judged against the targets.

    .venv/bin/python bench/run.py [--database-url postgresql+psycopg://user@host:5432] [--quick]
                                  [--scale-participants 50000] [--skip-load] [--skip-queue] [--requests 20]

It builds its own databases (SQLite files in a temporary folder by default; with --database-url,
PostgreSQL databases named bridgework_bench_*), then measures every main page through the WSGI
app with a logged-in session per role: median server time over --requests requests after warm-up,
the ratio to the floor (the base layout plus one SELECT by primary key, timed turn about with each
page), SQL statements per request and peak Python memory per request. Jobs run in their own
processes (bench/jobs.py) so their peak memory is their own. It prints one JSON object and writes
the table to docs/PERFORMANCE.md (keeping the load-test section bench/load.py writes). Then the
task-queue benchmark (bench/queue_bench.py: real workers, latency, mail, the import as a job, on the
workbook exported here; smaller with --quick) writes its own section, unless --skip-queue.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, render_template
from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, build_database, database_url, make_app  # noqa: E402
import risk_flags  # noqa: E402
from report import judge, judge_load, judge_models, target, write_markdown  # noqa: E402

#: the demo logins each portal's pages are measured as
STAFF, COACH, EMPLOYER, PARTICIPANT = ("designer@bridgework.test", "coach@bridgework.test",
                                       "employer@bridgework.test", "participant@bridgework.test")


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- the floor page ------------------------------------------------------------------------


def floor_blueprint() -> Blueprint:
    """Bench-only: the base layout plus one SELECT by primary key (registered on the bench's app)."""
    from app.access import authenticated
    from app.extensions import db
    from app.models import User

    bp = Blueprint("bench_floor", __name__)

    @bp.get("/_bench/floor")
    @authenticated
    def floor():
        user = db.session.get(User, 1)
        return render_template("layouts/base.html", page_title=user.email if user else "floor")

    return bp


# --- pages ---------------------------------------------------------------------------------


def page_plan(app) -> list[tuple[str, str, str]]:
    """(page, login, URL) for every main page, on the demo's records (same ids at both scales); the busiest
    coach's caseload is the one page whose login differs between the scales."""
    from app.extensions import db
    from app.models import User
    from cohorts.models import Cohort, CohortSession, CohortStatus, Participant, Placement, Programme
    from employers.models import Employer, HiringNeed

    with app.app_context():
        s = db.session
        sales = s.scalar(sa.select(Programme.id).where(Programme.name == "SalesCamp"))
        demo = sa.select(Cohort).where(Cohort.programme_id == sales)
        training = s.scalar(demo.where(Cohort.status == CohortStatus.training))
        closed = s.scalar(demo.where(Cohort.status == CohortStatus.closed))
        session = s.scalar(sa.select(CohortSession.id).where(CohortSession.cohort_id == training.id,
                                                              CohortSession.starts_at < sa.func.now())
                           .order_by(CohortSession.starts_at.desc()).limit(1))
        placed = s.scalar(sa.select(Placement.participant_id).where(Placement.cohort_id == closed.id)
                          .order_by(Placement.id).limit(1))
        employer = s.scalar(sa.select(Employer.id).where(Employer.name == "Northwind Analytics"))
        matching_need = s.scalar(sa.select(HiringNeed.id).where(HiringNeed.ref == "HN-0005"))
        board_need = s.scalar(sa.select(HiringNeed.id).where(HiringNeed.ref == "HN-0001"))
        # a whole name found at both scales (the national set holds the demo's people too): a name
        # only one set holds would be measured finding nothing (and retrying shorter words) at the other
        searched = s.execute(sa.select(Participant.first_name, Participant.last_name)
                             .where(Participant.email == PARTICIPANT)).one()
        # the coach with the most people at this scale: the demo coach (60) in the demo, 1,000 at national scale
        busiest = s.scalar(sa.select(User.email).join(Participant, Participant.coach_id == User.id)
                           .where(Participant.anonymised_at.is_(None)).group_by(User.id, User.email)
                           .order_by(sa.func.count().desc(), User.id).limit(1))
    return [
        ("staff home", STAFF, "/staff/"),
        ("participants list", STAFF, "/staff/participants"),
        ("staff search", STAFF, f"/staff/search?q={searched[0]}+{searched[1]}"),
        ("participant page", STAFF, f"/staff/participants/{placed}"),
        ("employers list", STAFF, "/staff/employers"),
        ("hiring-needs list", STAFF, "/staff/hiring-needs"),
        ("employer page", STAFF, f"/staff/employers/{employer}"),
        ("demand board", STAFF, "/staff/demand"),
        ("cohort page", STAFF, f"/staff/cohorts/{training.id}"),
        ("coverage matrix", STAFF, f"/staff/cohorts/{training.id}/coverage"),
        ("attendance screen", STAFF, f"/staff/sessions/{session}/attendance"),
        ("caseload", COACH, "/staff/caseload"),
        ("caseload, busiest coach", busiest, "/staff/caseload"),
        ("hiring-need page", STAFF, f"/staff/hiring-needs/{matching_need}"),
        ("matching", STAFF, f"/staff/hiring-needs/{matching_need}/matching"),
        ("candidacy board", STAFF, f"/staff/hiring-needs/{board_need}/candidates"),
        ("programme dashboard", STAFF, "/staff/outcomes"),
        ("cohort dashboard", STAFF, f"/staff/cohorts/{closed.id}/outcomes"),
        ("employer portal home", EMPLOYER, "/employer/"),
        ("participant portal home", PARTICIPANT, "/participant/"),
    ]


class Meter:
    """Requests through app.test_client(), one logged-in client per login."""

    def __init__(self, app, requests: int) -> None:
        from app.extensions import db

        self.app, self.requests = app, requests
        self.clients: dict[str, object] = {}
        self.statements = 0
        with app.app_context():
            self.engine = db.engine
        event.listen(self.engine, "before_cursor_execute", self._count)

    def _count(self, *args) -> None:
        self.statements += 1

    def client(self, email: str):
        if email not in self.clients:
            from app.extensions import db, login_manager
            from app.models import User

            client = self.app.test_client()
            with self.app.app_context():
                user = db.session.scalar(sa.select(User).where(User.email == email))
                user_id = user.get_id()
            with self.app.test_request_context(environ_base=client.environ_base):
                session_id = login_manager._session_identifier_generator()
            with client.session_transaction() as session:  # as tests/conftest.py's log_in
                session.update({"_user_id": user_id, "_fresh": True, "_id": session_id})
            self.clients[email] = client
        return self.clients[email]

    def get(self, email: str, url: str) -> float:
        started = time.perf_counter()
        response = self.clients[email].get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise RuntimeError(f"{url} as {email}: HTTP {response.status_code}")
        return elapsed

    def warm(self, email: str, url: str) -> None:
        self.client(email)
        for _ in range(3):  # templates compiled, mapper and statement caches filled
            self.get(email, url)

    def profile(self, email: str, url: str) -> dict:
        """SQL statements of one request, and the Python heap's peak during another."""
        self.statements = 0
        self.get(email, url)
        queries = self.statements
        tracemalloc.start()
        self.get(email, url)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        return {"queries": queries, "peak_mb": round(peak / 2 ** 20, 2)}

    def close(self) -> None:
        event.remove(self.engine, "before_cursor_execute", self._count)
        with self.app.app_context():
            from app.extensions import db

            db.engine.dispose()


def measure_pages(urls: dict[str, str], requests: int) -> tuple[dict, dict]:
    """Every page at both scales, each request beside a floor request on the same scale's app.

    The two scales' requests are interleaved so both see the same machine load, and the floor is
    timed turn about with every page (its ratio is to the floor of the same minutes: the
    machine's speed drifts by ±40 % over a run). The floor row is the median of all those turns.
    """
    meters = {}
    for scale, url in urls.items():
        app = make_app(url)
        app.register_blueprint(floor_blueprint())
        meters[scale] = Meter(app, requests)
    plans = {scale: page_plan(meter.app) for scale, meter in meters.items()}
    floor = ("floor", STAFF, "/_bench/floor")
    results: dict[str, dict] = {scale: {} for scale in meters}
    floor_times: dict[str, list[float]] = {scale: [] for scale in meters}
    for scale, meter in meters.items():
        meter.warm(STAFF, floor[2])
    for k, (name, _, _) in enumerate(plans["national"]):
        emails = {scale: plans[scale][k][1] for scale in meters}
        paths = {scale: plans[scale][k][2] for scale in meters}
        times: dict[str, list[float]] = {scale: [] for scale in meters}
        floors: dict[str, list[float]] = {scale: [] for scale in meters}
        for scale, meter in meters.items():
            meter.warm(emails[scale], paths[scale])
        for _ in range(requests):
            for scale, meter in meters.items():
                floors[scale].append(meter.get(STAFF, floor[2]))
                times[scale].append(meter.get(emails[scale], paths[scale]))
        for scale, meter in meters.items():
            ms, floor_ms = statistics.median(times[scale]), statistics.median(floors[scale])
            results[scale][name] = {"ms": round(ms, 2), "ratio_to_floor": round(ms / floor_ms, 2),
                                    **meter.profile(emails[scale], paths[scale]), "url": paths[scale]}
            floor_times[scale] += floors[scale]
        log(f"  {name:24} " + "  ".join(
            f"{scale} {results[scale][name]['ms']:8.2f} ms ({results[scale][name]['ratio_to_floor']:5.2f}× floor) "
            f"{results[scale][name]['queries']:3d} q {results[scale][name]['peak_mb']:6.2f} MB" for scale in meters))
    floors = {scale: {"ms": round(statistics.median(floor_times[scale]), 2), **meter.profile(STAFF, floor[2])}
              for scale, meter in meters.items()}
    for meter in meters.values():
        meter.close()
    return floors, results


# --- jobs ------------------------------------------------------------------------------------


def run_job(*args: str) -> dict:
    """A job in its own process: {"ms", "rss_mb", "peak_mb", …} from bench/jobs.py."""
    command = [sys.executable, str(Path(__file__).with_name("jobs.py")), *args]
    log(f"  job: {' '.join(args[:1])} …")
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    if done.returncode != 0:
        raise RuntimeError(f"{args[0]} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- report ----------------------------------------------------------------------------------


def machine() -> dict:
    return {"python": platform.python_version(), "platform": platform.platform(terse=True),
            "cpus": os.cpu_count(), "processor": platform.machine()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (databases bridgework_bench_* are made there)")
    parser.add_argument("--scale-participants", type=int, default=50_000)
    parser.add_argument("--quick", action="store_true", help="a 5,000-participant national set")
    parser.add_argument("--requests", type=int, default=20)
    parser.add_argument("--skip-load", action="store_true", help="do not run bench/load.py")
    parser.add_argument("--skip-queue", action="store_true", help="do not run bench/queue_bench.py")
    parser.add_argument("--keep", action="store_true", help="reuse databases built by an earlier run")
    parser.add_argument("--esco", default=str(ROOT.parent / "shared" / "data" / "esco"),
                        help="folder with the ESCO CSV downloads (the ESCO job is skipped without them)")
    args = parser.parse_args()
    participants = 5_000 if args.quick else args.scale_participants
    tmp = Path(os.environ.get("BENCH_TMP") or tempfile.mkdtemp(prefix="bridgework-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    urls = {name: database_url(args.database_url, name, tmp) for name in ("demo", "national", "import", "floor")}
    database = "PostgreSQL" if args.database_url else "SQLite"

    seed_seconds = None
    if not (args.keep and (args.database_url or (tmp / "national.sqlite").exists())):
        log("Building the demo-scale database …")
        build_database(urls["demo"], participants=None, say=log)
        log(f"Building the national-scale database ({participants:,} participants) …")
        seed_seconds = build_database(urls["national"], participants=participants, say=log)

    log("Pages, demo and national scale interleaved:")
    floors, measured = measure_pages({"demo": urls["demo"], "national": urls["national"]}, args.requests)
    pages = []
    for name, national in measured["national"].items():
        demo = measured["demo"][name]
        pages.append({"page": name, "url": national.pop("url"),
                      "demo": {k: v for k, v in demo.items() if k != "url"}, "national": national})

    log("Jobs at national scale:")
    today = date.today().isoformat()
    workbook = tmp / "workbook"
    jobs = {
        "outcomes": run_job("outcomes", urls["national"], today),
        "outcomes_demo": run_job("outcomes", urls["demo"], today),
        "matching": run_job("matching", urls["national"]),
        "pdf": run_job("pdf", urls["national"], today, str(tmp / "cohort.html")),
        "pdf_floor": run_job("pdf-floor", str(tmp / "cohort.html")),
        "export": run_job("export", urls["national"], str(workbook)),
        "workbook_import": run_job("import", urls["import"], str(workbook)),
        "workbook_floor": run_job("import-floor", urls["import"], urls["floor"]),
    }
    esco = Path(args.esco)
    jobs["esco"] = (run_job("esco", urls["demo"], str(esco)) if list(esco.glob("*.zip"))
                    else {"ms": None, "skipped": f"no ESCO download in {esco}"})
    job_rows = [
        {"name": "programme outcomes, all cohorts (cohort_outcomes, warm)", **jobs["outcomes"]},
        {"name": "programme outcomes, the demo's cohorts (warm)", **jobs["outcomes_demo"]},
        {"name": "matching one hiring need (rank_candidates)", **jobs["matching"]},
        {"name": "cohort PDF report (floor: timed turn about with it)", **jobs["pdf"]},
        {"name": "WeasyPrint floor (same HTML from a file), in its own process for its memory", **jobs["pdf_floor"]},
        {"name": "workbook export (national set, CSV)", **jobs["export"]},
        {"name": "workbook import (national set)", **jobs["workbook_import"], "floor_ms": jobs["workbook_floor"]["ms"]},
        {"name": "raw bulk insert of the same rows (floor)", **jobs["workbook_floor"]},
        {"name": "ESCO import", **jobs["esco"]},
    ]
    result = {
        "machine": machine(),
        "database": database,
        "scale_participants": participants,
        "floor_ms": {"demo": floors["demo"]["ms"], "national": floors["national"]["ms"]},
        "floor_queries": floors["national"]["queries"],
        "pages": pages,
        "jobs": job_rows,
    }
    result["targets"] = judge(floors, pages, jobs, seed_seconds)
    log("Risk flags on the evaluation set, and coach matching on the national set:")
    result["risk_flags"] = risk_flags.run()
    result["coach_matching"] = run_job("coach-matching", urls["national"])
    result["targets"] += judge_models(result["risk_flags"], result["coach_matching"])
    write_markdown(result, database)
    if not args.skip_queue:
        log("Task queue (real workers: latency, mail, the import as a job) …")
        queue = subprocess.run([sys.executable, str(Path(__file__).with_name("queue_bench.py")),
                                *(["--quick"] if args.quick else []), "--workbook", str(workbook)],
                               cwd=ROOT, capture_output=True, text=True, env={**os.environ, "BENCH_TMP": str(tmp / "queue")})
        if queue.stdout.strip():  # it writes its own section of docs/PERFORMANCE.md
            result["queue"] = json.loads(queue.stdout)
        else:
            result["queue"] = {"error": queue.stderr[-2000:]}
            result["targets"].append(target("task-queue benchmark", "did not run", "ran", False))
            write_markdown(result, database)
    if not args.skip_load:
        log("Load test (PostgreSQL, gunicorn, 50 users, 60 s) …")
        load = subprocess.run([sys.executable, str(Path(__file__).with_name("load.py")),
                               *(["--database-url", args.database_url] if args.database_url else []),
                               "--participants", str(participants)], cwd=ROOT, capture_output=True, text=True)
        if load.returncode == 0:
            figures = json.loads(load.stdout.strip().splitlines()[-1])
            result["load"] = figures
            result["targets"] += judge_load(figures)
        else:
            result["load"] = {"error": load.stderr[-2000:]}
            result["targets"].append(target("load test errors", "did not run", 0, False))
        write_markdown(result, database)
    print(json.dumps(result, indent=2, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
