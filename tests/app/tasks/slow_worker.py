"""`flask worker` whose workbook imports crawl once they start writing, for the worker-kill test.

Each write step of the import marks SLOW_IMPORT_MARKER and then waits, so the test can SIGKILL the
worker with rows already sent to the database inside the import's open transaction.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from flask.cli import main

from cohorts.workbook.writer import Writer

MARKER = Path(os.environ["SLOW_IMPORT_MARKER"])
real_advance = Writer.advance


def crawling_advance(self: Writer, stage: str, count: int) -> None:
    real_advance(self, stage, count)
    MARKER.write_text(f"{stage} {self.done}")
    time.sleep(1)


if __name__ == "__main__":
    Writer.advance = crawling_advance
    sys.argv = ["flask", "worker", "--workers", "1"]
    main()
