"""The kinds of job: each package registers its own at init_app (app never imports a feature)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from flask import Flask, current_app

if TYPE_CHECKING:
    from app.tasks.models import Job

KINDS_EXTENSION = "bridgework_job_kinds"


class Report(Protocol):
    def __call__(self, percent: int, message: str) -> None: ...


@dataclass(frozen=True)
class JobOutcome:
    """What a finished job leaves: a JSON summary for its page, a line, and a link to its output."""

    result: dict[str, Any] = field(default_factory=dict)
    message: str = "Done."
    output_url: str = ""


class JobFailed(Exception):
    """A job's own refusal: its work is rolled back and the job ends failed with this message."""

    def __init__(self, message: str, result: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.result = result


@dataclass(frozen=True)
class JobKind:
    #: the stored Job.kind
    name: str
    #: the heading of its page ("Workbook import")
    title: str
    #: does the work: (job, report) → JobOutcome; flushes, never commits; raises JobFailed to refuse
    run: Callable[[Job, Report], JobOutcome]
    #: a partial its page includes to show the result (gets ``job``); "" = the message only
    template: str = ""
    #: called after the job's success is committed (remove its input files …)
    after_done: Callable[[Job], None] | None = None


def register_kind(app: Flask, kind: JobKind) -> None:
    app.extensions.setdefault(KINDS_EXTENSION, {})[kind.name] = kind


def kind_named(name: str) -> JobKind:
    return current_app.extensions.get(KINDS_EXTENSION, {})[name]


def known_kinds() -> dict[str, JobKind]:
    return current_app.extensions.get(KINDS_EXTENSION, {})
