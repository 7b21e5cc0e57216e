"""Load test: gunicorn (4 workers) on PostgreSQL with the national set, 50 users, 60 s, loopback only.

    .venv/bin/python bench/load.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432]
                                   [--participants 50000] [--users 50] [--seconds 60] [--keep]

Each simulated user logs in through the login form (CSRF token and all), then walks its portal's
pages in random order with no think time until the time is up: 30 staff, 10 employer contacts and
10 participants by default. Any status other than 200, a redirect back to the login page, or a
connection failure counts as an error. Prints one JSON object and writes the figures into
docs/PERFORMANCE.md below the benchmark's table.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

import sqlalchemy as sa

from cohorts.seed.scale import Sizes
from cohorts.seed.scale_demand import SCALE_PASSWORD

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import BENCH_SECRET, LOAD_MARKER, PERFORMANCE_MD, ROOT, build_database, database_url, make_app  # noqa: E402

DEFAULT_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
PASSWORD = SCALE_PASSWORD
DOMAIN = "scale.bridgework.test"


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Browser:
    """One user's keep-alive connection and cookies (set by hand: the app's cookies are Secure)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urlencode(body)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            self.connection.request(method, path, body=data, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            raise
        text = response.read().decode("utf-8", "replace")
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location") or "", text

    def log_in(self, email: str) -> None:
        status, _, page = self.request("GET", "/login")
        token = CSRF.search(page)
        if status != 200 or not token:
            raise RuntimeError(f"login page: HTTP {status}")
        status, location, _ = self.request("POST", "/login", {
            "email": email, "password": PASSWORD, "csrf_token": token.group(1), "next": ""})
        if status != 302 or "/login" in location:
            raise RuntimeError(f"log in as {email}: HTTP {status} → {location}")


def journeys(url: str) -> dict[str, list[str]]:
    """The pages each portal's users walk, on the national set's records."""
    from app.extensions import db
    from cohorts.models import Candidacy, Cohort, CohortSession, CohortStatus, Participant

    app = make_app(url)
    with app.app_context():
        s = db.session
        rng = random.Random(9)
        participants = s.scalars(sa.select(Participant.id).order_by(Participant.id).limit(5000)).all()
        employers = s.scalars(sa.text("SELECT id FROM employers ORDER BY id LIMIT 500")).all()
        cohorts = s.scalars(sa.select(Cohort.id).where(Cohort.status.in_(
            [CohortStatus.training, CohortStatus.placement, CohortStatus.closed])).order_by(Cohort.id)).all()
        needs = s.scalars(sa.select(Candidacy.hiring_need_id).distinct().order_by(Candidacy.hiring_need_id)
                          .limit(500)).all()
        sessions = s.scalars(sa.select(CohortSession.id).where(CohortSession.starts_at < sa.func.now())
                             .order_by(CohortSession.starts_at.desc()).limit(200)).all()
        db.engine.dispose()
    pick = rng.choice
    staff = ["/staff/", "/staff/participants", "/staff/participants?page=7", "/staff/employers",
             "/staff/employers?page=40", "/staff/demand", "/staff/caseload", "/staff/cohorts",
             "/staff/hiring-needs", "/staff/outcomes"]
    for _ in range(20):
        staff += [f"/staff/participants/{pick(participants)}", f"/staff/employers/{pick(employers)}",
                  f"/staff/cohorts/{pick(cohorts)}", f"/staff/cohorts/{pick(cohorts)}/coverage",
                  f"/staff/cohorts/{pick(cohorts)}/outcomes", f"/staff/sessions/{pick(sessions)}/attendance",
                  f"/staff/hiring-needs/{pick(needs)}/matching", f"/staff/hiring-needs/{pick(needs)}/candidates"]
    return {
        "staff": staff,
        "employer": ["/employer/", "/employer/hiring-needs", "/employer/candidates", "/employer/cohorts",
                     "/employer/sessions", "/employer/outcomes"],
        "participant": ["/participant/", "/participant/schedule", "/participant/attendance",
                        "/participant/skills", "/participant/applications", "/participant/check-ins"],
    }


class Run:
    def __init__(self, port: int, pages: dict[str, list[str]], seconds: float) -> None:
        self.port, self.pages, self.seconds = port, pages, seconds
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.by_portal: dict[str, int] = {}

    def user(self, portal: str, email: str, seed: int, start: threading.Barrier, deadline: list) -> None:
        browser, rng = Browser(self.port), random.Random(seed)
        try:
            browser.log_in(email)
        except Exception as error:  # noqa: BLE001 — every failure is an error of the run
            with self.lock:
                self.errors.append(f"{email}: {error}")
        start.wait()
        latencies, errors = [], []
        while time.perf_counter() < deadline[0]:
            path = rng.choice(self.pages[portal])
            began = time.perf_counter()
            try:
                status, location, _ = browser.request("GET", path)
                if status != 200:
                    errors.append(f"{path}: HTTP {status} {location}")
            except Exception as error:  # noqa: BLE001
                errors.append(f"{path}: {error!r}")
            latencies.append((time.perf_counter() - began) * 1000)
        with self.lock:
            self.latencies += latencies
            self.errors += errors
            self.by_portal[portal] = self.by_portal.get(portal, 0) + len(latencies)

    def go(self, users: list[tuple[str, str]]) -> dict:
        deadline = [float("inf")]
        start = threading.Barrier(len(users) + 1)
        threads = [threading.Thread(target=self.user, args=(portal, email, n, start, deadline), daemon=True)
                   for n, (portal, email) in enumerate(users)]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.perf_counter()
        deadline[0] = began + self.seconds
        for thread in threads:
            thread.join(self.seconds + 120)
        elapsed = time.perf_counter() - began
        ordered = sorted(self.latencies)

        def pct(p: float) -> float:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 1) if ordered else 0.0

        return {"users": len(users), "seconds": round(elapsed, 1), "requests": len(ordered),
                "throughput_rps": round(len(ordered) / elapsed, 1),
                "p50_ms": round(statistics.median(ordered), 1) if ordered else 0.0,
                "p95_ms": pct(0.95), "p99_ms": pct(0.99), "max_ms": pct(1.0),
                "errors": len(self.errors), "error_samples": self.errors[:10], "by_portal": self.by_portal}


def start_gunicorn(url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": BENCH_SECRET, "BRIDGEWORK_ENV": "production",
           "SERVER_BASE_URL": f"http://127.0.0.1:{port}"}
    command = [str(Path(sys.executable).with_name("gunicorn")), "-w", "4", "-b", f"127.0.0.1:{port}",
               "--timeout", "120", "--log-level", "warning", "app:create_app()"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
    for _ in range(120):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return server
        except OSError:
            if server.poll() is not None:
                raise RuntimeError("gunicorn exited at start") from None
            time.sleep(0.5)
    stop(server)
    raise RuntimeError("gunicorn did not start")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def write_markdown(figures: dict, participants: int) -> None:
    section = [
        "", "## Load test", "",
        f"`bench/load.py`: gunicorn with 4 workers on PostgreSQL, national set ({participants:,} participants), "
        f"{figures['users']} concurrent users (30 staff, 10 employer contacts, 10 participants) logging in "
        f"through the form and then walking their portal's pages with no think time for {figures['seconds']} s, "
        "over loopback on the same 2-core machine as the server.", "",
        "| requests | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | errors |",
        "|---:|---:|---:|---:|---:|---:|---:|",
        f"| {figures['requests']} | {figures['throughput_rps']} | {figures['p50_ms']} | {figures['p95_ms']} | "
        f"{figures['p99_ms']} | {figures['max_ms']} | {figures['errors']} |", "",
        "Requests per portal: " + ", ".join(f"{k} {v}" for k, v in sorted(figures["by_portal"].items())) + ".",
    ]
    if figures["error_samples"]:
        section += ["", "First errors:", ""] + [f"- `{e}`" for e in figures["error_samples"]]
    head = PERFORMANCE_MD.read_text().split(LOAD_MARKER, 1)[0] if PERFORMANCE_MD.exists() else "# Performance\n\n"
    PERFORMANCE_MD.parent.mkdir(exist_ok=True)
    PERFORMANCE_MD.write_text(head + LOAD_MARKER + "\n".join(section) + "\n")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_PG_URL", DEFAULT_SERVER))
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--keep", action="store_true", help="reuse bridgework_bench_load from an earlier run")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql"):
        parser.error("the load test runs on PostgreSQL")
    url = database_url(args.database_url, "load", Path("."))
    if not args.keep:
        log(f"Building bridgework_bench_load ({args.participants:,} participants) …")
        build_database(url, participants=args.participants, say=log)
    pages = journeys(url)
    staff = max(1, args.users * 3 // 5)
    employers = max(1, (args.users - staff) // 2)
    sizes = Sizes(args.participants)  # logins are shared when a small set has fewer than users
    users = ([("staff", f"coach{n % sizes.coaches + 1:03d}@{DOMAIN}") for n in range(staff)]
             + [("employer", f"employer{n % sizes.employer_logins + 1:04d}@{DOMAIN}") for n in range(employers)]
             + [("participant", f"participant{n % sizes.participant_logins + 1:05d}@{DOMAIN}")
                for n in range(args.users - staff - employers)])
    port = free_port()
    server = start_gunicorn(url, port)
    try:
        log(f"{len(users)} users for {args.seconds:.0f} s against gunicorn on 127.0.0.1:{port} …")
        figures = Run(port, pages, args.seconds).go(users)
    finally:
        stop(server)
    write_markdown(figures, args.participants)
    log(f"{figures['requests']} requests, {figures['throughput_rps']} req/s, p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, {figures['errors']} errors")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
