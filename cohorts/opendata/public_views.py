"""The public open data page and its downloads: no login, the latest published package."""

from __future__ import annotations

import io

from flask import Response, abort, render_template, send_file

from cohorts.opendata.disclosure import DOMINANCE_SHARE, EMPLOYER_THRESHOLD, PEOPLE_THRESHOLD, ROUND_PEOPLE_TO
from cohorts.opendata.package import LICENCE
from cohorts.opendata.schemas import FIELDS, RESOURCES
from cohorts.opendata.services import latest_package, zip_name

RULES = {"people": PEOPLE_THRESHOLD, "employers": EMPLOYER_THRESHOLD, "dominance": int(DOMINANCE_SHARE * 100),
         "rounding": ROUND_PEOPLE_TO}


def open_data():
    return render_template("cohorts/opendata/public.html", package=latest_package(), resources=RESOURCES,
                           fields=FIELDS, licence=LICENCE, rules=RULES)


def _latest_or_404():
    package = latest_package()
    if package is None:
        abort(404)
    return package


def latest_zip():
    package = _latest_or_404()
    response = send_file(io.BytesIO(package.archive), mimetype="application/zip", as_attachment=True,
                         download_name=zip_name(package), max_age=0)
    response.headers["X-Content-SHA256"] = package.sha256
    return response


def latest_descriptor():
    return Response(_latest_or_404().descriptor, mimetype="application/json")
