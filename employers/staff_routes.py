"""Staff pages for the demand side: employers, interviews, hiring needs, demand board."""

from __future__ import annotations

from flask import Blueprint

from app.access import StaffOnly, guard_blueprint

bp = guard_blueprint(Blueprint("employers_staff", __name__, url_prefix="/staff"), StaffOnly)
