"""Faults: a process killed mid-write leaves the database as it was; backup and restore round-trip."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.cli.backup import BackupError, backup_sqlite, check_backup_file, restore_sqlite

ROOT = Path(__file__).resolve().parents[2]


def _child(*args: str, wait: bool = True) -> subprocess.Popen | subprocess.CompletedProcess:
    command = [sys.executable, "-m", "tests.security.fault_child", *map(str, args)]
    env = {**os.environ, "BRIDGEWORK_ENV": "testing"}
    if wait:
        done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
        assert done.returncode == 0, done.stdout + done.stderr
        return done
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def rows(db_path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, sorted: 'exactly as before' means equal to this."""
    conn = sqlite3.connect(db_path)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        conn.close()


def _kill_when_marked(process: subprocess.Popen, marker: Path, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        if process.poll() is not None:
            pytest.fail(f"the child finished before reaching the write: {process.stdout.read()}")
        if time.monotonic() > deadline:
            process.kill()
            pytest.fail("the child never reached the write")
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert process.returncode == -signal.SIGKILL


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("fault") / "demo.sqlite"
    _child(path, "setup-demo")
    return path


def test_a_workbook_import_killed_halfway_writes_nothing(demo_db, tmp_path):
    workbook = tmp_path / "programme.xlsx"
    _child(demo_db, "export", workbook)
    target = tmp_path / "empty.sqlite"
    _child(target, "setup-empty")
    before = rows(target)
    marker = tmp_path / "marker"
    _kill_when_marked(_child(target, "import", workbook, marker, wait=False), marker)
    assert rows(target) == before
    check_backup_file(target)  # and the file is healthy


def test_an_attendance_save_killed_halfway_writes_nothing(demo_db, tmp_path):
    target = tmp_path / "demo.sqlite"
    backup_sqlite(demo_db, target)
    before = rows(target)
    marker = tmp_path / "marker"
    _kill_when_marked(_child(target, "attendance", marker, wait=False), marker)
    assert rows(target) == before


# --- backup and restore -------------------------------------------------------------------


def _cli(db_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "BRIDGEWORK_ENV": "development", "DATABASE_URL": f"sqlite:///{db_path}",
           "FLASK_APP": "app:create_app"}
    return subprocess.run([sys.executable, "-m", "flask", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


def test_backup_and_restore_round_trip(demo_db, tmp_path):
    live = tmp_path / "live.sqlite"
    backup_sqlite(demo_db, live)
    original = rows(live)
    backup = tmp_path / "backups" / "nightly.sqlite"
    done = _cli(live, "backup", str(backup))
    assert done.returncode == 0, done.stderr
    assert rows(backup) == original
    conn = sqlite3.connect(live)
    conn.execute("DELETE FROM attendance")
    conn.execute("UPDATE participants SET first_name = 'Changed'")
    conn.commit()
    conn.close()
    assert rows(live) != original
    restored = _cli(live, "restore", str(backup), "--yes")
    assert restored.returncode == 0, restored.stderr
    assert rows(live) == original


def test_restore_refuses_a_file_that_is_not_a_bridgework_database(tmp_path, demo_db):
    live = tmp_path / "live.sqlite"
    backup_sqlite(demo_db, live)
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(os.urandom(4096))
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    for bad in (junk, other, tmp_path / "missing.sqlite"):
        with pytest.raises(BackupError):
            restore_sqlite(bad, live)
        result = _cli(live, "restore", str(bad), "--yes")
        assert result.returncode != 0
    assert check_backup_file(live) is None


def test_backup_on_postgresql_points_to_pg_dump(tmp_path):
    env = {**os.environ, "BRIDGEWORK_ENV": "development", "FLASK_APP": "app:create_app",
           "DATABASE_URL": "postgresql+psycopg://bw:secret@127.0.0.1:5432/bridgework"}
    done = subprocess.run([sys.executable, "-m", "flask", "backup", str(tmp_path / "x.dump")], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "pg_dump --format=custom" in done.stderr and "secret" not in done.stderr
