"""Configuration from the environment: one place that knows every setting."""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent


def _default_database_url() -> str:
    instance = BASE_DIR / "instance"
    instance.mkdir(exist_ok=True)
    return f"sqlite:///{instance / 'bridgework.sqlite'}"


class Config:
    """Production-safe defaults; development and tests relax only what they must."""

    TESTING = False
    DEBUG = False
    ENV_NAME = "production"
    SECRET_KEY = os.environ.get("SECRET_KEY")
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL") or _default_database_url()
    #: no ping before each use of a pooled connection (a round trip on every request, ~0.7 ms on
    #: PostgreSQL: docs/PERFORMANCE-NOTES.md); connections are replaced after half an hour instead, and
    #: a connection found dead (the database restarted) makes SQLAlchemy drop the whole pool, so a
    #: restart costs each worker one failed request. DATABASE_POOL_PRE_PING=1 pings again.
    SQLALCHEMY_ENGINE_OPTIONS: dict = {
        "pool_pre_ping": os.environ.get("DATABASE_POOL_PRE_PING", "") not in ("", "0", "false", "no"),
        "pool_recycle": 1800,
    }
    #: PostgreSQL: prepared statements kept on each connection (app.db.postgres.keep_read_plans). Set
    #: DATABASE_PREPARED_STATEMENTS=0 behind a pooler that hands a session's statements to other
    #: clients (PgBouncer in transaction mode before 1.21): the driver then prepares nothing.
    DATABASE_PREPARED_STATEMENTS = os.environ.get("DATABASE_PREPARED_STATEMENTS", "1") not in ("0", "false", "no")
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = True
    PERMANENT_SESSION_LIFETIME = timedelta(hours=8)
    #: signed invitation and password-reset links expire after this long
    INVITATION_MAX_AGE = int(os.environ.get("INVITATION_MAX_AGE", 7 * 24 * 3600))
    PASSWORD_RESET_MAX_AGE = int(os.environ.get("PASSWORD_RESET_MAX_AGE", 2 * 3600))
    #: SMTP is used when MAIL_SERVER is set; otherwise mail stays in the in-app outbox
    MAIL_SERVER = os.environ.get("MAIL_SERVER")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 587))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = os.environ.get("MAIL_USE_TLS", "1") == "1"
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Bridgework <no-reply@bridgework.test>")
    #: the site's own address (scheme://host[:port][/prefix]): every link that leaves the site (mail,
    #: calendar feeds, PDFs) is built from it, never from a request's Host; required in production
    SERVER_BASE_URL = os.environ.get("SERVER_BASE_URL")
    #: Host names requests may carry (comma-separated; ".example.org" takes subdomains); in
    #: production, unset means the host of SERVER_BASE_URL only. Others get 400.
    TRUSTED_HOSTS = [h.strip() for h in os.environ["TRUSTED_HOSTS"].split(",") if h.strip()] \
        if os.environ.get("TRUSTED_HOSTS") else None
    #: the IANA zone a new programme runs in (each programme keeps its own, Programme.time_zone);
    #: also the zone of pages that belong to no programme
    LOCAL_TIMEZONE = os.environ.get("LOCAL_TIMEZONE", "Europe/London")
    #: ISO 4217 currency of a new programme's salaries (each keeps its own, Programme.currency)
    DEFAULT_CURRENCY = os.environ.get("DEFAULT_CURRENCY", "GBP")
    #: the locale money and dates are formatted for (Babel), e.g. en_CA, fr_CA, en_GB
    BABEL_LOCALE = os.environ.get("BABEL_LOCALE", "en_GB")
    #: the data-protection law the privacy pages name (UK GDPR, PIPEDA, …): the deployment's jurisdiction
    PRIVACY_LAW = os.environ.get("PRIVACY_LAW", "UK GDPR")
    ITEMS_PER_PAGE = 25
    #: rendered fragments each process keeps under keys naming their data (app/templating.py); 0: none
    FRAGMENT_CACHE_SIZE = int(os.environ.get("FRAGMENT_CACHE_SIZE", 64))
    #: the JSON API (cohorts/api): requests one token may make (Flask-Limiter syntax), and the page size cap
    API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "600 per minute")
    API_MAX_PAGE_SIZE = 100
    #: the largest request body any page accepts (forms, the public application); pages that take
    #: a file raise it for themselves (app.security.requests.accepts_upload)
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", 1024 * 1024))
    #: the largest workbook the staff page accepts, and the larger one the CLI reads
    WORKBOOK_MAX_BYTES = int(os.environ.get("WORKBOOK_MAX_BYTES", 50 * 1024 * 1024))
    WORKBOOK_CLI_MAX_BYTES = int(os.environ.get("WORKBOOK_CLI_MAX_BYTES", 1024 * 1024 * 1024))
    #: largest CV or signed document a participant may upload (cohorts/documents; PDF or DOCX)
    DOCUMENT_MAX_BYTES = int(os.environ.get("DOCUMENT_MAX_BYTES", 5 * 1024 * 1024))
    #: Flask-Limiter's counters; several app servers need a shared store (e.g. redis://…)
    #: where every worker counts limited requests; unset: a file in instance/ (app/security/counters.py)
    RATELIMIT_STORAGE_URI = os.environ.get("RATELIMIT_STORAGE_URI")
    #: failed logins allowed per account (email as typed) and per client address before a wait
    LOGIN_FAILURES_PER_ACCOUNT = os.environ.get("LOGIN_FAILURES_PER_ACCOUNT", "5 per 15 minutes")
    LOGIN_FAILURES_PER_ADDRESS = os.environ.get("LOGIN_FAILURES_PER_ADDRESS", "20 per 15 minutes")
    #: a logged-in session with no request for this long is logged out
    IDLE_TIMEOUT_MINUTES = int(os.environ.get("IDLE_TIMEOUT_MINUTES", 30))
    #: changing a role or erasing a person asks for the password again unless confirmed this recently
    REAUTH_FRESH_MINUTES = int(os.environ.get("REAUTH_FRESH_MINUTES", 5))
    #: participants whose last exit is older than this are anonymised by `flask privacy enforce`
    RETENTION_YEARS = int(os.environ.get("RETENTION_YEARS", 6))
    #: the local hour (LOCAL_TIMEZONE) the worker sends the day's nudges (cohorts/schedules.py)
    NUDGES_HOUR = int(os.environ.get("NUDGES_HOUR", 8))
    #: the local hour the monthly privacy retention report goes to admins, on the 1st
    REPORTS_HOUR = int(os.environ.get("REPORTS_HOUR", 7))
    #: the task queue (docs/JOBS.md): unset = a SQLite file in instance/ (instance/tasks.sqlite), nothing
    #: to run but `flask worker`; redis://host:port/db for several app servers and workers elsewhere
    TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL")
    #: the queue's name: its keys in Redis (huey.redis.<name>…), its table rows in SQLite
    TASK_QUEUE_NAME = os.environ.get("TASK_QUEUE_NAME", "bridgework")
    #: run each task inline when it is enqueued, with no worker (the unit tests)
    TASK_QUEUE_IMMEDIATE = False
    #: threads `flask worker` runs tasks on, unless --workers says otherwise
    TASK_WORKERS = int(os.environ.get("TASK_WORKERS", 2))
    #: a running job beats every few seconds; after this long without a beat its worker is taken to be
    #: dead and the job is marked failed (so nothing stays "running" forever)
    TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", 60))
    #: where the files jobs read and produce wait (uploaded workbooks and ESCO zips, PDFs, exports;
    #: app/uploads.py): unset = in the database (the `uploads` table), which every app server and worker
    #: reads; or a folder they all share (a shared mount)
    UPLOAD_DIR = os.environ.get("UPLOAD_DIR")
    #: a list download of more rows than this runs as a job (its page offers the file); ?job=1 asks for one
    EXPORT_JOB_THRESHOLD = int(os.environ.get("EXPORT_JOB_THRESHOLD", 5000))
    #: the largest ESCO download the admin page accepts (the two zips together)
    ESCO_MAX_BYTES = int(os.environ.get("ESCO_MAX_BYTES", 200 * 1024 * 1024))
    #: outbound fetches (job sources, link checks; app/outbound.py): let loopback addresses through the
    #: SSRF rules (never in production: only tests and the development demo, which polls itself)
    OUTBOUND_ALLOW_LOOPBACK = os.environ.get("OUTBOUND_ALLOW_LOOPBACK", "0") == "1"
    #: seconds to connect and to wait for each read; the largest answer read (bytes); seconds between
    #: two fetches from the same host
    OUTBOUND_TIMEOUT = float(os.environ.get("OUTBOUND_TIMEOUT", 10))
    OUTBOUND_MAX_BYTES = int(os.environ.get("OUTBOUND_MAX_BYTES", 2 * 1024 * 1024))
    OUTBOUND_HOST_INTERVAL = float(os.environ.get("OUTBOUND_HOST_INTERVAL", 5))
    #: verifiable credentials (cohorts/credentials): the folder of the issuer's private Ed25519 keys (one
    #: <kid>.pem each, mode 0600, outside the database and its backups); unset = <instance folder>/credential-keys
    CREDENTIAL_KEY_DIR = os.environ.get("CREDENTIAL_KEY_DIR")
    #: the issuer's name in every credential and in its published profile
    CREDENTIAL_ISSUER_NAME = os.environ.get("CREDENTIAL_ISSUER_NAME", "Bridgework")
    #: in-work check-ins (cohorts/inwork): the weeks after a placement's start date each is asked
    CHECKIN_WEEKS = tuple(int(w) for w in os.environ.get("CHECKIN_WEEKS", "1,2,4,8,13,26,52").split(","))
    #: a check-in still unanswered this many days after it was due is missed (a caseload alert)
    CHECKIN_MISSED_AFTER_DAYS = int(os.environ.get("CHECKIN_MISSED_AFTER_DAYS", 10))
    #: how long the signed link in a check-in email works, in days
    CHECKIN_LINK_MAX_AGE_DAYS = int(os.environ.get("CHECKIN_LINK_MAX_AGE_DAYS", 30))
    #: a check-in answer scoring at or above this raises a risk flag (docs/RISK_FLAGS.md: the benchmark
    #: bench/risk_flags.py reports precision and recall as it moves)
    RISK_FLAG_THRESHOLD = float(os.environ.get("RISK_FLAG_THRESHOLD", 0.25))
    #: coach matching suggests nothing from a model trained on fewer placements than this
    COACH_MATCH_MIN_PLACEMENTS = int(os.environ.get("COACH_MATCH_MIN_PLACEMENTS", 100))


class DevelopmentConfig(Config):
    DEBUG = True
    ENV_NAME = "development"
    SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    SERVER_BASE_URL = os.environ.get("SERVER_BASE_URL", "http://127.0.0.1:5000")
    #: the demo programme runs in Toronto (cohorts/seed/demo_data.py): the development site is set up
    #: as a Canadian deployment would be, unless the environment says otherwise
    LOCAL_TIMEZONE = os.environ.get("LOCAL_TIMEZONE", "America/Toronto")
    DEFAULT_CURRENCY = os.environ.get("DEFAULT_CURRENCY", "CAD")
    BABEL_LOCALE = os.environ.get("BABEL_LOCALE", "en_CA")
    PRIVACY_LAW = os.environ.get("PRIVACY_LAW", "PIPEDA")
    #: the demo's job sources are served by the development site itself (employers/jobs/demo_feeds.py)
    OUTBOUND_ALLOW_LOOPBACK = os.environ.get("OUTBOUND_ALLOW_LOOPBACK", "1") == "1"


class TestConfig(Config):
    TESTING = True
    ENV_NAME = "testing"
    SECRET_KEY = "test-secret-key"
    #: tests pass the database URL to create_app(); PostgreSQL via TEST_DATABASE_URL
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL") or "sqlite://"
    #: route tests post forms directly; tests/app/test_auth.py turns CSRF back on to prove it
    WTF_CSRF_ENABLED = False
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_SECURE = False
    MAIL_SERVER = None
    SERVER_NAME = None
    SERVER_BASE_URL = "http://127.0.0.1:5000"
    #: one process: counters in memory, unless a test asks for the shared store
    RATELIMIT_STORAGE_URI = os.environ.get("TEST_RATELIMIT_STORAGE_URI", "memory://")
    #: tasks run inline when enqueued (Huey's immediate mode); tests/app/tasks/ also start real workers
    TASK_QUEUE_IMMEDIATE = True
    #: job-source tests serve their feeds from a loopback server started in the test
    OUTBOUND_ALLOW_LOOPBACK = True
    #: credential signing keys made by tests go to a throwaway folder, never the instance folder
    CREDENTIAL_KEY_DIR = os.environ.get("TEST_CREDENTIAL_KEY_DIR") or os.path.join(
        tempfile.gettempdir(), f"bridgework-test-credential-keys-{os.getpid()}")


CONFIGS = {"production": Config, "development": DevelopmentConfig, "testing": TestConfig}


def config_for(name: str | None) -> type[Config]:
    """The config class named by BRIDGEWORK_ENV (default: production)."""
    return CONFIGS[name or os.environ.get("BRIDGEWORK_ENV", "production")]
