"""Error pages in the portal layout; no stack trace ever reaches a user."""

from __future__ import annotations

from flask import Flask, Response, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import SecurityError

from app.extensions import db
from app.security.requests import upload_limit_message


class RuleError(ValueError):
    """A change a business rule refuses; ``message`` is shown to the person as is.

    ``field`` names the form field the message belongs next to (None: above the form).
    Every package's rule errors derive from this, so one helper shows them all. A rule that finds
    several problems at once raises ``from_problems``: each is shown next to its own field.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        #: every (field, message) refused; the first is ``field``/``message``
        self.problems: list[tuple[str | None, str]] = [(field, message)]

    @classmethod
    def from_problems(cls, problems: list[tuple[str | None, str]]):
        field, message = problems[0]
        error = cls(message, field)
        error.problems = list(problems)
        return error

MESSAGES = {
    400: ("Bad request", "The request could not be understood."),
    403: ("Not allowed", "Your account may not use this page."),
    404: ("Not found", "There is no such page, or it is not yours to see."),
    405: ("Not allowed", "That action is not available here."),
    409: ("Changed by someone else", "Someone else saved this record at the same moment. Reload and try again."),
    413: ("Too large", "The file or form you sent is too large."),
    429: ("Too many attempts", "Please wait a little and try again."),
    500: ("Something went wrong", "The error has been logged. Please try again later."),
}


def render_error(code: int, message: str | None = None):
    title, default_message = MESSAGES.get(code, MESSAGES[500])
    return (
        render_template("errors/error.html", code=code, title=title, message=message or default_message),
        code,
    )


def _own_description(error) -> str | None:
    """The message an abort(…, "message") gave, not Werkzeug's generic text."""
    description = getattr(error, "description", None)
    return description if description and description != type(error).description else None


def init_app(app: Flask) -> None:
    @app.errorhandler(413)
    def too_large(error):
        return render_error(413, upload_limit_message())

    for code in (400, 403, 404, 405, 429):
        app.register_error_handler(code, lambda e, c=code: render_error(c, _own_description(e)))

    @app.errorhandler(SecurityError)
    def untrusted_host(error: SecurityError):
        """A Host outside TRUSTED_HOSTS: plain text, since no URL can be built for such a request."""
        return Response("This site does not answer to that host name.\n", 400, mimetype="text/plain")

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(
            400, "Your form expired or was sent from elsewhere. Please go back, reload and try again."
        )

    @app.errorhandler(500)
    def server_error(error):
        db.session.rollback()
        app.logger.exception("unhandled error on %s", request.path)
        return render_error(500)
