"""The load test's yardstick: one bare Flask route, served by the same gunicorn settings as the app.

    gunicorn --pythonpath bench bare_app:app

It answers a small page from memory with no database, no session and no template, so requests/s
against it is the most the server set-up, the load generator and the machine allow together.
"""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def bare() -> str:
    return "<!doctype html><title>bare</title><p>ok</p>"
