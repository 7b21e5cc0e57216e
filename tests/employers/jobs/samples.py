"""Sample feeds and pages for the job-source tests."""

from __future__ import annotations

import json

RSS = """<?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:job="https://bridgework.org/ns/job">
<channel><title>Jobs</title><link>http://jobs.example/</link><description>d</description>
<item><title>Data Analyst</title><link>http://jobs.example/1</link><dc:creator>Acme Ltd</dc:creator>
<job:location>Leeds</job:location><pubDate>Mon, 30 Nov 2026 10:00:00 GMT</pubDate>
<description>&lt;p&gt;Use &lt;b&gt;SQL&lt;/b&gt; daily.&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;</description></item>
<item><title>Welder</title><link>http://jobs.example/2</link><dc:creator>Forge Co</dc:creator>
<description>MIG welding</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom jobs</title><id>urn:x</id><updated>2026-12-01T00:00:00Z</updated>
<entry><title>Forklift Driver</title><id>urn:1</id><link href="http://atom.example/1"/>
<updated>2026-12-01T00:00:00Z</updated><author><name>Depot Ltd</name></author>
<summary>Warehouse work</summary></entry></feed>"""

JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1", "title": "JSON jobs",
    "items": [{"id": "1", "url": "http://json.example/1", "title": "Care Assistant",
               "content_html": "<p>Caring <em>shifts</em></p>", "date_published": "2026-11-28T09:00:00Z",
               "authors": [{"name": "Sunny Homes"}],
               "_job": {"location": "York", "validThrough": "2099-01-01",
                        "baseSalary": {"currency": "GBP", "value": {"minValue": 22000, "maxValue": 25000,
                                                                    "unitText": "YEAR"}}}}],
})


def job_ld(title="Data Analyst", employer="Acme Ltd", locality="Leeds", valid_through="2099-12-31", **extra) -> dict:
    node = {"@type": "JobPosting", "title": title, "description": "<p>Reporting with SQL</p>",
            "datePosted": "2026-11-29", "validThrough": valid_through,
            "hiringOrganization": {"@type": "Organization", "name": employer},
            "jobLocation": {"@type": "Place", "address": {"@type": "PostalAddress", "addressLocality": locality}},
            "baseSalary": {"@type": "MonetaryAmount", "currency": "GBP",
                           "value": {"@type": "QuantitativeValue", "minValue": 2500, "maxValue": 3000,
                                     "unitText": "MONTH"}}}
    node.update(extra)
    return node


def page(*nodes, graph=True) -> str:
    data = {"@context": "https://schema.org", "@graph": list(nodes)} if graph else list(nodes)
    return (f'<!doctype html><html><head><title>Jobs</title><script type="application/ld+json">{json.dumps(data)}'
            "</script></head><body><h1>Jobs</h1></body></html>")
