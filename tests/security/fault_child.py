"""Run by test_faults.py in a separate process: set up a database, or write to it and get killed.

    python -m tests.security.fault_child DB setup-demo|setup-empty
    python -m tests.security.fault_child DB export PATH
    python -m tests.security.fault_child DB import PATH MARKER
    python -m tests.security.fault_child DB attendance MARKER

With MARKER, the process stops dead in the middle of its transaction: after a few writes it
creates the MARKER file and sleeps, waiting for the test to SIGKILL it.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine


def _stall_after(writes: int, marker: Path) -> None:
    seen = {"n": 0}

    @event.listens_for(Engine, "after_cursor_execute")
    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            seen["n"] += 1
            if seen["n"] == writes:
                marker.write_text("mid-write")
                time.sleep(600)


def main(db_path: str, mode: str, *args: str) -> None:
    from app import create_app
    from app.extensions import db

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=f"sqlite:///{db_path}")
    with app.app_context():
        if mode in ("setup-demo", "setup-empty"):
            db.create_all()
            if mode == "setup-demo":
                from cohorts.seed.demo import seed_demo

                seed_demo()
            else:
                from app.models import Role, User

                db.session.add(User(email="only@example.test", role=Role.admin, full_name="Only"))
            db.session.commit()
        elif mode == "export":
            result = app.test_cli_runner().invoke(args=["export-workbook", args[0]])
            assert result.exit_code == 0, result.output
        elif mode == "import":
            _stall_after(4, Path(args[1]))
            result = app.test_cli_runner().invoke(args=["import-workbook", args[0]])
            print(result.output, result.exception)
        elif mode == "attendance":
            from sqlalchemy import select

            from cohorts.delivery.attendance import record_attendance
            from cohorts.models import CohortSession, Enrolment

            for session in db.session.scalars(select(CohortSession).order_by(CohortSession.id)):
                ids = db.session.scalars(select(Enrolment.participant_id).where(
                    Enrolment.cohort_id == session.cohort_id)).all()
                if len(ids) >= 3:
                    break
            _stall_after(2, Path(args[0]))
            record_attendance(session, {pid: "excused" for pid in ids}, None)
            db.session.commit()
        else:
            raise SystemExit(f"unknown mode {mode}")


if __name__ == "__main__":
    main(*sys.argv[1:])
