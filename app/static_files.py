"""Stylesheets, scripts and images a browser keeps: each URL names its file's content.

``url_for("static", filename="css/app.css")`` gains ``?v=`` and the first twelve hex digits of the
file's SHA-256. A request whose ``v`` names the file's current content is answered with a year's
``Cache-Control: public, max-age=31536000, immutable``, so once a browser has a file it asks for it
on no later page (Flask's default is to revalidate every file on every page: three more requests
per page view, each a trip through a worker, and a moment in which the page shows unstyled). A new
release changes the files, hence their URLs, so no one is left with an old stylesheet. A URL
without ``v``, or with an old one, is answered as before: ``no-cache``, revalidated on each use.
"""

from __future__ import annotations

import hashlib
import os

from flask import Flask, Response, current_app, request
from werkzeug.security import safe_join

#: how long a browser may keep a file whose URL names its content
ONE_YEAR = 365 * 24 * 3600
#: hex digits of the SHA-256 kept in the URL: plenty to tell one release's file from another's
VERSION_LENGTH = 12
#: app.extensions key of the versions worked out so far (outside debug mode)
VERSIONS_EXTENSION = "bridgework.static_versions"


def _digest(path: str) -> str:
    sha = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 16), b""):
            sha.update(block)
    return sha.hexdigest()[:VERSION_LENGTH]


def static_version(app: Flask, filename: str) -> str | None:
    """The version ``v`` of a static file, or None when there is no such file (or no static folder).

    Outside debug mode each file's version is worked out once per process (a release restarts the
    server, as it does to load new templates): url_for stays as cheap as without versions. In debug
    mode a file is read on each call (three small files a page), so an edit shows at once.
    """
    known = None if app.debug else app.extensions.setdefault(VERSIONS_EXTENSION, {})
    if known is not None and filename in known:
        return known[filename]
    version = _version_on_disk(app, filename)
    if known is not None:
        known[filename] = version
    return version


def _version_on_disk(app: Flask, filename: str) -> str | None:
    path = safe_join(app.static_folder, filename) if app.static_folder else None
    if path is None or not os.path.isfile(path):  # no such file, or a name that would leave the folder
        return None
    return _digest(path)


def add_static_version(endpoint: str, values: dict) -> None:
    """url_defaults: a static file's URL names its content (unless the caller chose a ``v``)."""
    if endpoint != "static" or "v" in values or "filename" not in values:
        return
    version = static_version(current_app, values["filename"])
    if version:
        values["v"] = version


def keep_versioned_files(response: Response) -> Response:
    """after_request: a file asked for by its current version may be kept for a year."""
    if request.endpoint != "static" or response.status_code not in (200, 304):
        return response
    filename = (request.view_args or {}).get("filename", "")
    version = request.args.get("v")
    if version and version == static_version(current_app, filename):
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    return response


def init_app(app: Flask) -> None:
    app.url_defaults(add_static_version)
    app.after_request(keep_versioned_files)
