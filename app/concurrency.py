"""Optimistic locking for records several people edit (hiring needs, cohorts, modules, participants,
candidacies): a stale save is refused with what changed in the meantime; nothing is overwritten.

An edit form carries two hidden fields from when it was opened: the record's ``version`` and a
snapshot of the values it shows (``original``). On save, ``check_version`` compares the version;
when someone else saved in between it raises ConflictError listing the fields whose values moved
since the snapshot. The models' ``version_id_col`` closes the last gap (two saves at the same
instant): the second flush raises StaleDataError, answered here with a 409 page.
"""

from __future__ import annotations

import json
from typing import Any

from flask import Flask, current_app
from sqlalchemy.orm.exc import StaleDataError
from wtforms import HiddenField

from app.db import json_safe
from app.extensions import db

CONCURRENT_SAVE = ("Someone else saved this record at the same moment, so your changes were not saved. "
                   "Please go back, reload the page and make your change again.")



def snapshot(obj: Any, fields: tuple[str, ...]) -> str:
    """The values a form shows, as JSON for a hidden field."""
    return json.dumps({name: json_safe(getattr(obj, name)) for name in fields}, sort_keys=True, default=str)


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


class ConflictError(Exception):
    """A save based on an out-of-date version; ``changes`` is {field: (value then, value now)}."""

    def __init__(self, what: str, changes: dict[str, tuple[Any, Any]]) -> None:
        self.what, self.changes = what, changes
        super().__init__(str(self))

    def __str__(self) -> str:
        if self.changes:
            changed = "; ".join(f"{_label(k)}: {_show(old)} → {_show(new)}" for k, (old, new) in self.changes.items())
        else:
            changed = "details not shown on this form"
        return (f"Someone else changed this {self.what} while you were editing it, so nothing was saved. "
                f"Changed in the meantime — {changed}. Your entries are still below: "
                "check them against the new values and save again.")


def _show(value: Any) -> str:
    return "—" if value in (None, "", []) else str(value)


def check_version(obj: Any, submitted_version: Any, original: str | None = None, *,
                  fields: tuple[str, ...] = (), what: str = "record") -> None:
    """Raise ConflictError when the form was opened on an older version of ``obj``.

    A form without a version (a script, an old page) is not checked here; the
    version column still refuses a save that races another one.
    """
    if submitted_version in (None, ""):
        return
    try:
        version = int(submitted_version)
    except (TypeError, ValueError):
        version = -1
    if version == obj.version:
        return
    try:
        then = json.loads(original) if original else {}
    except ValueError:
        then = {}
    if not isinstance(then, dict):
        then = {}
    now = json.loads(snapshot(obj, fields))
    changes = {name: (then.get(name), now[name]) for name in fields if name in then and then[name] != now[name]}
    raise ConflictError(what, changes)


class VersionedForm:
    """Mixin for an edit form: hidden ``version`` and ``original`` taken from the record it edits."""

    version = HiddenField()
    original = HiddenField()
    #: the record's columns this form shows (compared to list what changed in the meantime)
    versioned_fields: tuple[str, ...] = ()
    #: how the conflict message names the record
    versioned_what = "record"

    def __init__(self, *args: Any, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        obj = record if record is not None else kwargs.get("obj")
        if obj is not None and not self.is_submitted():
            self.remember(obj)

    def remember(self, obj: Any) -> None:
        """Point the hidden fields at the record as it is now (after a conflict: save again)."""
        self.version.data = obj.version
        self.original.data = snapshot(obj, self.versioned_fields)

    def check_version(self, obj: Any) -> None:
        """Raise ConflictError (and point the form at the current version) when the record moved on."""
        try:
            check_version(obj, self.version.data, self.original.data,
                          fields=self.versioned_fields, what=self.versioned_what)
        except ConflictError:
            self.remember(obj)
            raise


def version_ok(form: VersionedForm, obj: Any) -> bool:
    """For a route: True when the form edits the current version; else the conflict goes on the form."""
    try:
        form.check_version(obj)
    except ConflictError as conflict:
        form.form_errors.append(str(conflict))
        return False
    return True


def init_app(app: Flask) -> None:
    from app.errors import render_error

    @app.errorhandler(StaleDataError)
    def concurrent_save(error: StaleDataError):
        db.session.rollback()
        current_app.logger.info("concurrent save refused: %s", error)
        return render_error(409, CONCURRENT_SAVE)
