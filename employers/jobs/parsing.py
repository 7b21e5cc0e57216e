"""Reading postings out of what a source answered: RSS/Atom (feedparser), JSON Feed, JSON-LD JobPosting (extruct).

Nothing here parses HTML or XML by hand. Each reader returns NormalisedPosting values, or raises
ParseError with a message a person can act on when nothing usable came back.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Iterator
from datetime import UTC, date, datetime

import extruct
import feedparser

from employers.jobs.models import JobSourceKind
from employers.jobs.normalise import NormalisedPosting, join_parts, parse_day, plain_text, yearly_salary

#: the most postings read from one answer
MAX_POSTINGS = 500
#: a feed may carry the employer and place in this namespace's elements (<job:location>…): the demo does
JOB_NAMESPACE = "https://bridgework.org/ns/job"


class ParseError(ValueError):
    """Nothing usable in the answer; the message says why in plain words."""


def _struct_day(value) -> date | None:
    if not value:
        return None
    return datetime.fromtimestamp(calendar.timegm(value), UTC).date()


def _posting(title, url, **fields) -> NormalisedPosting | None:
    title = plain_text(title, 300)
    url = (url or "").strip()
    if not title or not url.lower().startswith(("http://", "https://")) or len(url) > 1000 or "\x00" in url:
        return None
    return NormalisedPosting(
        title=title, url=url,
        employer_name=plain_text(fields.get("employer_name"), 300),
        location=plain_text(fields.get("location"), 300),
        salary_min=fields.get("salary_min"), salary_max=fields.get("salary_max"),
        currency=plain_text(fields.get("currency"), 3),
        posted_on=fields.get("posted_on"), closes_on=fields.get("closes_on"),
        description=plain_text(fields.get("description"), 20000),
    )


# --- RSS and Atom ----------------------------------------------------------------------------------


def read_feed(content: bytes, base_url: str = "") -> list[NormalisedPosting]:
    parsed = feedparser.parse(content, response_headers={"content-location": base_url} if base_url else None)
    if not parsed.entries:
        if parsed.bozo:
            raise ParseError(f"The feed could not be read ({parsed.get('bozo_exception') or 'malformed'}).")
        if not parsed.get("version"):
            raise ParseError("This address does not answer with an RSS or Atom feed.")
        return []
    postings = []
    for entry in parsed.entries[:MAX_POSTINGS]:
        body = entry.get("content", [{}])[0].get("value") if entry.get("content") else entry.get("summary")
        posting = _posting(
            entry.get("title"), entry.get("link"),
            employer_name=entry.get("job_employer") or entry.get("author"),
            location=entry.get("job_location"),
            posted_on=_struct_day(entry.get("published_parsed") or entry.get("updated_parsed")),
            closes_on=parse_day(entry.get("job_closes")),
            description=body,
        )
        if posting:
            postings.append(posting)
    return postings


# --- JSON Feed (https://jsonfeed.org) -------------------------------------------------------------


def read_json_feed(content: bytes, base_url: str = "") -> list[NormalisedPosting]:
    try:
        document = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ParseError(f"The JSON Feed is not valid JSON ({error}).") from None
    if not isinstance(document, dict) or not str(document.get("version", "")).startswith("https://jsonfeed.org/"):
        raise ParseError("This address does not answer with a JSON Feed (no jsonfeed.org version).")
    items = document.get("items")
    if not isinstance(items, list):
        raise ParseError("The JSON Feed has no list of items.")
    postings = []
    for item in items[:MAX_POSTINGS]:
        if not isinstance(item, dict):
            continue
        authors = item.get("authors") if isinstance(item.get("authors"), list) else [item.get("author")]
        author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), "")
        job = item.get("_job") if isinstance(item.get("_job"), dict) else {}  # an extension, as the spec allows
        low, high, currency = yearly_salary(job.get("baseSalary"))
        posting = _posting(
            item.get("title"), item.get("external_url") or item.get("url"),
            employer_name=job.get("employer") or author, location=job.get("location"),
            salary_min=low, salary_max=high, currency=currency,
            posted_on=parse_day(item.get("date_published")), closes_on=parse_day(job.get("validThrough")),
            description=item.get("content_html") or item.get("content_text") or item.get("summary"),
        )
        if posting:
            postings.append(posting)
    return postings


# --- web pages with schema.org JobPosting JSON-LD -------------------------------------------------


def _nodes(value) -> Iterator[dict]:
    """Every object in a JSON-LD document: top-level lists and @graph arrays flattened."""
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from _nodes(value["@graph"])


def _is_job_posting(node: dict) -> bool:
    kinds = node.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    return any(str(k).rsplit("/", 1)[-1] == "JobPosting" for k in kinds if k)


def _name(value) -> str:
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        return str(value.get("name") or "")
    return str(value or "")


def _location(value) -> str:
    places = value if isinstance(value, list) else [value]
    names = []
    for place in places:
        if not isinstance(place, dict):
            names.append(_name(place))
            continue
        address = place.get("address")
        if isinstance(address, dict):
            names.append(join_parts(address.get("addressLocality"), address.get("addressRegion"),
                                    _name(address.get("addressCountry"))))
        else:
            names.append(_name(address) or _name(place))
    return "; ".join(n for n in names if n)


def read_web_page(content: bytes, base_url: str = "") -> list[NormalisedPosting]:
    try:
        found = extruct.extract(content, base_url=base_url or None, syntaxes=["json-ld"], uniform=False,
                                errors="ignore")
    except Exception as error:  # noqa: BLE001 -- extruct raises whatever lxml raises on a page it cannot read
        raise ParseError(f"The page could not be read ({type(error).__name__}).") from None
    nodes = [node for node in _nodes(found.get("json-ld", [])) if _is_job_posting(node)]
    if not nodes:
        raise ParseError("The page carries no job postings in schema.org JobPosting (JSON-LD) form.")
    postings = []
    for node in nodes[:MAX_POSTINGS]:
        low, high, currency = yearly_salary(node.get("baseSalary"))
        location = _location(node.get("jobLocation"))
        if not location and "TELECOMMUTE" in str(node.get("jobLocationType", "")).upper():
            location = "Remote"
        posting = _posting(
            node.get("title"), node.get("url") or base_url,
            employer_name=_name(node.get("hiringOrganization")), location=location,
            salary_min=low, salary_max=high, currency=currency or str(node.get("salaryCurrency") or "")[:3],
            posted_on=parse_day(node.get("datePosted")), closes_on=parse_day(node.get("validThrough")),
            description=node.get("description"),
        )
        if posting:
            postings.append(posting)
    return postings


READERS = {JobSourceKind.feed: read_feed, JobSourceKind.json_feed: read_json_feed,
           JobSourceKind.web_page: read_web_page}


def read_postings(kind: JobSourceKind, content: bytes, base_url: str = "") -> list[NormalisedPosting]:
    """The postings in a source's answer, by the source's kind."""
    return READERS[JobSourceKind(kind)](content, base_url)
