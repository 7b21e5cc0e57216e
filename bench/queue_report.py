"""The task-queue benchmark's verdicts and its section of docs/PERFORMANCE.md (bench/queue_bench.py)."""

from __future__ import annotations

from common import LOAD_MARKER, PERFORMANCE_MD, QUEUE_MARKER
from report import JOB_IMPORT_RATIO, target


def judge(result: dict) -> list[dict]:
    out = []
    for m in result.get("mail", []):
        threads = f"{m['workers']} thread{'s' if m['workers'] > 1 else ''}"
        out.append(target(f"mail, {threads}: duplicate Message-IDs at the server", m["duplicates"], 0,
                          m["duplicates"] == 0 and m["received"] == m["distinct_message_ids"]))
        out.append(target(f"mail, {threads}: messages recorded sent", m["outbox"]["sent"], m["messages"],
                          m["outbox"]["sent"] == m["messages"]))
    if result.get("import"):
        ratio = result["import"]["ratio"]
        out.append(target(f"import as a job ≤ {JOB_IMPORT_RATIO}× direct", ratio, JOB_IMPORT_RATIO,
                          ratio <= JOB_IMPORT_RATIO))
    return out


def section(result: dict) -> list[str]:
    m = result["machine"]
    lines = ["", "## Task queue", "",
             f"`bench/queue_bench.py` (also run by `bench/run.py`): real workers (`flask worker`'s command, "
             f"{result['workers']} threads) on SQLite databases, {m['cpus']} CPUs, Python {m['python']}. "
             "Latency: trivial tasks enqueued one at a time 20–200 ms apart onto an idle worker, start time "
             "minus enqueue time. The SQLite queue is polled (Huey backs off to one poll a second per "
             "thread when idle); Redis is a blocking pop.", "",
             "| queue | tasks | p50 ms | p95 ms | max ms |", "|---|---:|---:|---:|---:|"]
    for row in result["latency"]:
        lines.append(f"| {row['queue']} | {row['tasks']} | {row['p50_ms']} | {row['p95_ms']} | {row['max_ms']} |"
                     if "p50_ms" in row else f"| {row['queue']} | skipped: {row['skipped']} | | | |")
    if result.get("mail"):
        lines += ["", "Mail: outbox messages queued in one commit (which enqueues their `mail.deliver` tasks on the "
                  f"{result['mail_queue']} queue), delivered by one worker to a fake SMTP server on loopback "
                  "(`bench/fake_smtp.py`, one connection per message), from the commit until none waits. "
                  "*Stuck*: claimed and handed to the SMTP server, but \"sent\" never recorded (the first run found "
                  "515 of 1,000 stuck with two threads on SQLite, a transaction that read and then wrote; "
                  "`deliver_message` now writes before it reads in every transaction).", "",
                  "| threads | messages | enqueue s | seconds | messages/s | received | distinct Message-IDs "
                  "| duplicates | recorded sent | stuck |",
                  "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
        lines += [f"| {mm['workers']} | {mm['messages']:,} | {mm['enqueue_s']} | {mm['seconds']} | {mm['per_second']} | "
                  f"{mm['received']:,} | {mm['distinct_message_ids']:,} | {mm['duplicates']} | "
                  f"{mm['outbox']['sent']:,} | {mm['outbox']['stuck']:,} |" for mm in result["mail"]]
    if result.get("import"):
        im = result["import"]
        size = f"{im['participants']:,}-participant" if im["participants"] else "given"
        lines += ["", f"Workbook import of the {size} national set ({im['zip_mb']} MB zip, "
                  f"{im['direct_rows']:,} rows), into an empty database: directly (`bench/jobs.py import`) and as "
                  f"a `workbook_import` job on the {result['import_queue']} queue, from `enqueue_job` to the row "
                  "saying done.", "",
                  "| run | ms | queued ms | in worker ms | ÷ direct |", "|---|---:|---:|---:|---:|",
                  f"| directly | {im['direct_ms']} | | | 1.0 |",
                  f"| as a job | {im['job']['ms']} | {im['job']['queued_ms']} | {im['job']['in_worker_ms']} | "
                  f"{im['ratio']} |"]
    lines += ["", "| target | measured | target | pass |", "|---|---:|---:|:---:|"]
    lines += [f"| {t['name']} | {t['measured']} | {t['target']} | {'✅' if t['pass'] else '❌'} |"
              for t in result["targets"]]
    return lines


def write_section(result: dict) -> None:
    """Replace the task-queue section of docs/PERFORMANCE.md (between its marker and the load test's)."""
    text = PERFORMANCE_MD.read_text() if PERFORMANCE_MD.exists() else "# Performance\n"
    head, _, rest = text.partition(QUEUE_MARKER)
    if not _:
        head, rest = (text.split(LOAD_MARKER, 1)[0], text) if LOAD_MARKER in text else (text, "")
    tail = LOAD_MARKER + rest.split(LOAD_MARKER, 1)[1] if LOAD_MARKER in rest else ""
    PERFORMANCE_MD.write_text(head.rstrip("\n") + "\n\n" + QUEUE_MARKER + "\n".join(section(result)) + "\n\n" + tail)
