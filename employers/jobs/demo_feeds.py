"""The demo's two job sources, served by the site itself: an RSS feed and a page with JobPosting JSON-LD.

Fixed sample data, so the development site can poll itself and show a posting found in both (deduplicated).
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from email.utils import format_datetime

from markupsafe import Markup, escape

RSS_PATH = "/demo-feeds/jobs.rss"
PAGE_PATH = "/demo-feeds/jobs.html"

#: (title, employer, location, description HTML, yearly pay range, days since posted, days until closing)
SAMPLE_JOBS = [
    ("Junior Data Analyst", "Northwind Logistics", "Toronto, ON",
     ("<p>Clean and report on shipment data with <strong>SQL</strong> and Excel; presentation skills "
     "and time management for weekly reviews with warehouse teams.</p>"), (52000, 60000), 3, 30),
    ("Customer Success Associate", "Lakeshore Software", "Toronto, ON",
     ("<p>Customer onboarding and account management for new clients; renewals and upselling. "
     "Active listening, empathy and teamwork essential.</p>"), (48000, 55000), 5, 25),
    ("IT Support Technician", "Harbourfront Health", "Mississauga, ON",
     ("<p>First-line support for 400 staff: support ticketing (Zendesk), de-escalation with frustrated "
     "callers, and resilience on busy days.</p>"), (50000, 58000), 2, 40),
]
#: in the feed only / on the page only; SAMPLE_JOBS[0] is in both (the deduplicated one)
FEED_ONLY = [0, 1]
PAGE_ONLY = [0, 2]


def _job_url(base: str, index: int) -> str:
    return f"{base.rstrip('/')}/demo-feeds/jobs.html#job-{index + 1}"


def rss(base: str, today: date) -> str:
    items = []
    for index in FEED_ONLY:
        title, employer, location, body, _pay, posted, closes = SAMPLE_JOBS[index]
        when = datetime.combine(today - timedelta(days=posted), datetime.min.time(), UTC)
        items.append(
            f"<item><title>{escape(title)}</title><link>{escape(_job_url(base, index))}</link>"
            f"<guid>{escape(_job_url(base, index))}</guid><dc:creator>{escape(employer)}</dc:creator>"
            f"<job:location>{escape(location)}</job:location>"
            f"<job:closes>{(today + timedelta(days=closes)).isoformat()}</job:closes>"
            f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
            f"<description>{escape(body)}</description></item>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n'
            '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:job="https://bridgework.org/ns/job">'
            f"<channel><title>Bridgework demo jobs (feed)</title><link>{escape(base)}</link>"
            "<description>Sample postings for the demo</description>" + "".join(items) + "</channel></rss>")


def json_ld(base: str, today: date) -> Markup:
    """The page's JSON-LD: a @graph of JobPostings, safe inside a <script> element."""
    graph = []
    for index in PAGE_ONLY:
        title, employer, location, body, (low, high), posted, closes = SAMPLE_JOBS[index]
        city, region = location.split(", ")
        graph.append({
            "@type": "JobPosting", "title": title, "description": body, "url": _job_url(base, index),
            "datePosted": (today - timedelta(days=posted)).isoformat(),
            "validThrough": (today + timedelta(days=closes)).isoformat(),
            "hiringOrganization": {"@type": "Organization", "name": employer},
            "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": city,
                                                          "addressRegion": region}},
            "baseSalary": {"@type": "MonetaryAmount", "currency": "CAD",
                           "value": {"@type": "QuantitativeValue", "minValue": low, "maxValue": high,
                                     "unitText": "YEAR"}},
        })
    text = json.dumps({"@context": "https://schema.org", "@graph": graph})
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def page_jobs() -> list[tuple[int, tuple]]:
    return [(index + 1, SAMPLE_JOBS[index]) for index in PAGE_ONLY]
