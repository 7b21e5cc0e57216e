"""One benchmark job per process, so its peak memory is its own: prints {"ms", "peak_mb", "rss_mb", …}.

    python bench/jobs.py outcomes URL YYYY-MM-DD
    python bench/jobs.py matching URL
    python bench/jobs.py pdf URL YYYY-MM-DD HTML_OUT      (writes the report's HTML; times the floor on it too)
    python bench/jobs.py pdf-floor HTML
    python bench/jobs.py export URL FOLDER
    python bench/jobs.py coach-matching URL             (train, then hold out the latest cohorts)
    python bench/jobs.py import URL FOLDER               (into a fresh schema at URL)
    python bench/jobs.py import-floor SOURCE_URL URL     (SOURCE's rows, raw executemany, into URL)
    python bench/jobs.py esco URL FOLDER                 (rolled back afterwards)

ms is a median over repeats for the fast jobs and one run for the long ones; peak_mb is the
Python heap's peak (tracemalloc, a separate run); rss_mb the process's peak resident size (VmHWM).
"""

from __future__ import annotations

import gc
import json
import resource
import statistics
import sys
import time
import tracemalloc
from datetime import date
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import make_app, recreate_database  # noqa: E402


def timed(work, repeats: int, *, traced: bool = True) -> dict:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append((time.perf_counter() - started) * 1000)
    out = {"ms": round(statistics.median(times), 2) if times else None, "runs": repeats}
    if traced:
        tracemalloc.start()
        work()
        out["peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2 ** 20, 1)
        tracemalloc.stop()
    return out


def rss_mb() -> float:
    """This process's peak resident size (VmHWM; ru_maxrss would carry the parent's peak across exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def outcomes(url: str, as_of: str) -> dict:
    from cohorts.outcomes.measures import cohort_outcomes

    app = make_app(url)
    with app.app_context():
        cohort_outcomes(date.fromisoformat(as_of))  # warm-up
        return timed(lambda: cohort_outcomes(date.fromisoformat(as_of)), 5)


def matching(url: str) -> dict:
    """rank_candidates for the hiring need with the most candidates (the cohorts covering it)."""
    from app.extensions import db
    from cohorts.placements.matching import rank_candidates
    from cohorts.models import CohortHiringNeed, Enrolment
    from employers.models import HiringNeed

    app = make_app(url)
    with app.app_context():
        need_id = db.session.execute(
            sa.select(CohortHiringNeed.hiring_need_id)
            .join(Enrolment, Enrolment.cohort_id == CohortHiringNeed.cohort_id)
            .group_by(CohortHiringNeed.hiring_need_id)
            .order_by(sa.func.count().desc(), CohortHiringNeed.hiring_need_id).limit(1)).scalar()
        need = db.session.get(HiringNeed, need_id)
        fits = rank_candidates(need)
        out = timed(lambda: rank_candidates(need), 20)
        return {**out, "need": need.ref, "candidates": len(fits)}


def pdf(url: str, as_of: str, html_out: str) -> dict:
    """The cohort report of the demo's closed cohort, end to end; its HTML is saved for the floor.

    The floor (WeasyPrint rendering that HTML from a file) is timed here too, turn about with the
    report, so both medians come from the same minutes of a machine whose speed drifts (run apart,
    the ratio moved by ±0.3 from one run to the next).
    """
    from flask import render_template
    from weasyprint import HTML

    from app.extensions import db
    from cohorts.models import Cohort, CohortStatus, Programme
    from cohorts.reports.rendering import cohort_report_context, render_cohort_report

    app = make_app(url)
    day = date.fromisoformat(as_of)
    with app.test_request_context():
        cohort = db.session.scalar(sa.select(Cohort).join(Programme).where(
            Programme.name == "SalesCamp", Cohort.status == CohortStatus.closed))
        html = render_template("reports/cohort.html", **cohort_report_context(cohort, day))
        Path(html_out).write_text(html)
        render_cohort_report(cohort, day)  # warm-up: fonts, template
        HTML(filename=html_out).write_pdf()
        gc.freeze()  # as the servers and the worker do once loaded (gunicorn.conf.py, `flask worker`)
        report, floor = [], []
        for _ in range(7):
            started = time.perf_counter()
            render_cohort_report(cohort, day)
            report.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            HTML(filename=html_out).write_pdf()
            floor.append((time.perf_counter() - started) * 1000)
        traced = timed(lambda: render_cohort_report(cohort, day), 0)
        return {"ms": round(statistics.median(report), 2), "floor_ms": round(statistics.median(floor), 2),
                "runs": len(report), "peak_mb": traced["peak_mb"], "cohort": cohort.code}


def pdf_floor(html_path: str) -> dict:
    from weasyprint import HTML

    HTML(filename=html_path).write_pdf()  # warm-up: fonts
    return timed(lambda: HTML(filename=html_path).write_pdf(), 5)


def export(url: str, folder: str) -> dict:
    from cohorts.workbook.services import export_workbook

    app = make_app(url)
    with app.app_context():
        started = time.perf_counter()
        export_workbook(folder)
        return {"ms": round((time.perf_counter() - started) * 1000, 1), "rss_mb": None,
                "files": len(list(Path(folder).glob("*.csv")))}


def import_(url: str, folder: str) -> dict:
    from app.extensions import db
    from cohorts.workbook.services import import_workbook

    recreate_database(url)
    app = make_app(url)
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        result = import_workbook(folder, max_bytes=app.config["WORKBOOK_CLI_MAX_BYTES"])
        if not result.ok:
            raise SystemExit("\n".join(str(e) for e in result.errors[:20]))
        db.session.commit()
        ms = (time.perf_counter() - started) * 1000
        return {"ms": round(ms, 1), "rows": result.total("created")}


#: tables the database's own triggers write (tallies, the staff search index, kept counts, the demand token,
#: the outcomes stamp: create_all seeds its one row)
WRITTEN_BY_TRIGGERS = frozenset({"starter_attendance_tallies", "search_documents", "row_counts", "demand_versions",
                                 "outcome_stamps"})


def import_floor(source_url: str, url: str) -> dict:
    """The rows the import wrote, read beforehand, inserted table by table with the driver's executemany."""
    from app.db import Base

    make_app(source_url)  # imports every model, so the metadata knows every table
    source = sa.create_engine(source_url)
    tables = []
    with source.connect() as connection:
        for table in Base.metadata.sorted_tables:
            if table.name in WRITTEN_BY_TRIGGERS:
                continue  # the database's triggers write them as the rows go in, as on import
            rows = connection.exec_driver_sql(f"SELECT {', '.join(c.name for c in table.c)} FROM {table.name}").all()
            if rows:
                tables.append((table, [tuple(r) for r in rows]))
    source.dispose()
    recreate_database(url)
    target = sa.create_engine(url)
    Base.metadata.create_all(target)
    marker = "%s" if target.dialect.name == "postgresql" else "?"
    started = time.perf_counter()
    with target.begin() as connection:
        cursor = connection.connection.dbapi_connection.cursor()
        for table, rows in tables:
            columns = [c.name for c in table.c]
            cursor.executemany(f"INSERT INTO {table.name} ({', '.join(columns)}) "
                               f"VALUES ({', '.join([marker] * len(columns))})", rows)
    ms = (time.perf_counter() - started) * 1000
    target.dispose()
    return {"ms": round(ms, 1), "rows": sum(len(rows) for _, rows in tables)}


def esco(url: str, folder: str) -> dict:
    from app.extensions import db
    from app.skills.esco_import import import_esco

    paths = sorted(Path(folder).glob("*.zip"))
    app = make_app(url)
    with app.app_context():
        started = time.perf_counter()
        import_esco(paths, echo=lambda line: None)
        db.session.flush()
        ms = (time.perf_counter() - started) * 1000
        db.session.rollback()
        return {"ms": round(ms, 1)}


def coach_matching(url: str) -> dict:
    """Train the coach-matching model on the national set and hold out its latest cohorts (bench/coach_matching.py)."""
    import coach_matching as bench

    return bench.evaluate(url)


JOBS = {"coach-matching": coach_matching, "outcomes": outcomes, "matching": matching, "pdf": pdf, "pdf-floor": pdf_floor, "export": export,
        "import": import_, "import-floor": import_floor, "esco": esco}

if __name__ == "__main__":
    name, *arguments = sys.argv[1:]
    figures = JOBS[name](*arguments)
    figures["rss_mb"] = rss_mb()
    print(json.dumps(figures))
