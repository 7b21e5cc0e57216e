"""Load test: gunicorn (gunicorn.conf.py) on PostgreSQL with the national set, 50 users, 60 s, loopback only.

    .venv/bin/python bench/load.py [--database-url postgresql+psycopg://postgres@127.0.0.1:5432]
                                   [--participants 50000] [--users 50] [--seconds 60] [--keep]
                                   [--bare-seconds 20] [--gunicorn-args "-w 4 -k sync"]
                                   [--server-root DIR] [--no-write]

Each simulated user logs in through the login form (CSRF token and all), then walks its portal's
pages in random order with no think time until the time is up: 30 staff, 10 employer contacts and
10 participants by default. Any status other than 200, a redirect back to the login page, or a
connection failure counts as an error. Prints one JSON object and writes the figures into
docs/PERFORMANCE.md below the benchmark's table (unless --no-write).

The yardstick, in the same run: the same users hit one bare Flask route (bench/bare_app.py) served
by the same gunicorn settings for --bare-seconds, and the app's requests/s is reported as a ratio
to it ("bare ratio"): how much of what this machine, server set-up and load generator allow the
app reaches. --gunicorn-args replaces the settings of gunicorn.conf.py (e.g. "-w 4 -k sync", the
set-up before round two) and --server-root serves another checkout of the app (a before/after
comparison on the same database, turn about).
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
from common import BENCH_SECRET, LOAD_MARKER, PERFORMANCE_MD, ROOT, build_database, database_url, make_app

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
        self.by_path: dict[str, list[float]] = {}

    def user(self, portal: str, email: str | None, seed: int, start: threading.Barrier, deadline: list) -> None:
        browser, rng = Browser(self.port), random.Random(seed)
        try:
            if email:
                browser.log_in(email)
        except Exception as error:  # noqa: BLE001 — every failure is an error of the run
            with self.lock:
                self.errors.append(f"{email}: {error}")
        start.wait()
        latencies, errors, paths = [], [], []
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
            paths.append(path)
        with self.lock:
            self.latencies += latencies
            self.errors += errors
            self.by_portal[portal] = self.by_portal.get(portal, 0) + len(latencies)
            for path, ms in zip(paths, latencies, strict=True):
                self.by_path.setdefault(re.sub(r"/\d+", "/<id>", path), []).append(ms)

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
                "errors": len(self.errors), "error_samples": self.errors[:10], "by_portal": self.by_portal,
                "slowest_paths": self.slowest_paths()}

    def slowest_paths(self, top: int = 8) -> list[dict]:
        """Where the run's time went: the paths with the most total time, with their median."""
        rows = [{"path": path, "requests": len(ms), "median_ms": round(statistics.median(ms), 1),
                 "share": round(sum(ms) / max(1e-9, sum(self.latencies)), 3)}
                for path, ms in self.by_path.items()]
        return sorted(rows, key=lambda row: -row["share"])[:top]


def start_gunicorn(url: str, port: int, *, settings: list[str], root: Path = ROOT,
                   app: str = "app:create_app()", pythonpath: str | None = None) -> subprocess.Popen:
    """gunicorn from ``root`` (its gunicorn.conf.py applies; ``settings`` come after and win)."""
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": BENCH_SECRET, "BRIDGEWORK_ENV": "production",
           "SERVER_BASE_URL": f"http://127.0.0.1:{port}", "PYTHONPATH": str(root)}
    command = [str(Path(sys.executable).with_name("gunicorn")), *settings, "-b", f"127.0.0.1:{port}",
               "--timeout", "120", "--log-level", "warning",
               *(["--pythonpath", pythonpath] if pythonpath else []), app]
    server = subprocess.Popen(command, cwd=root, env=env, start_new_session=True)
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
    bare = figures.get("bare") or {}
    section = [
        "", "## Load test", "",
        (f"`bench/load.py`: gunicorn ({figures.get('server', 'gunicorn.conf.py')}) on PostgreSQL, national set "
        f"({participants:,} participants), "
        f"{figures['users']} concurrent users (30 staff, 10 employer contacts, 10 participants) logging in "
        f"through the form and then walking their portal's pages with no think time for {figures['seconds']} s, "
        "over loopback on the same 2-core machine as the server."), "",
        "| requests | throughput (req/s) | p50 ms | p95 ms | p99 ms | max ms | errors | bare route req/s | ÷ bare |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        (f"| {figures['requests']} | {figures['throughput_rps']} | {figures['p50_ms']} | {figures['p95_ms']} | "
        f"{figures['p99_ms']} | {figures['max_ms']} | {figures['errors']} | {bare.get('throughput_rps', '')} | "
        f"{figures.get('bare_ratio', '')} |"), "",
        ("The bare route is one Flask view answering a short page from memory, served by the same gunicorn "
        "settings to the same users in the same run (`bench/bare_app.py`)."), "",
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
    parser.add_argument("--bare-seconds", type=float, default=20, help="the bare-route yardstick's length (0: none)")
    parser.add_argument("--gunicorn-args", default="", help="gunicorn settings instead of gunicorn.conf.py's")
    parser.add_argument("--server-root", type=Path, default=ROOT, help="serve the app from another checkout")
    parser.add_argument("--no-write", action="store_true", help="leave docs/PERFORMANCE.md alone")
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
    settings = args.gunicorn_args.split()
    port = free_port()
    server = start_gunicorn(url, port, settings=settings, root=args.server_root)
    try:
        log(f"{len(users)} users for {args.seconds:.0f} s against gunicorn on 127.0.0.1:{port} …")
        figures = Run(port, pages, args.seconds).go(users)
    finally:
        stop(server)
    figures["server"] = args.gunicorn_args or "gunicorn.conf.py"
    if args.bare_seconds:
        port = free_port()
        server = start_gunicorn(url, port, settings=settings, root=args.server_root, app="bare_app:app",
                                pythonpath=str(ROOT / "bench"))
        try:
            log(f"{len(users)} users for {args.bare_seconds:.0f} s against a bare Flask route …")
            bare = Run(port, {"bare": ["/"]}, args.bare_seconds).go([("bare", None)] * len(users))
        finally:
            stop(server)
        figures["bare"] = {k: bare[k] for k in ("throughput_rps", "p50_ms", "p95_ms", "errors")}
        figures["bare_ratio"] = round(figures["throughput_rps"] / max(bare["throughput_rps"], 1e-9), 3)
    if not args.no_write:
        write_markdown(figures, args.participants)
    log(f"{figures['requests']} requests, {figures['throughput_rps']} req/s, p50 {figures['p50_ms']} ms, "
        f"p95 {figures['p95_ms']} ms, p99 {figures['p99_ms']} ms, {figures['errors']} errors; "
        f"bare route {figures.get('bare', {}).get('throughput_rps')} req/s, ratio {figures.get('bare_ratio')}")
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
