"""Every page each demo role can reach by links: no server error, valid HTML, no serious axe violation.

For each demo login the crawler starts at the role's home and follows same-origin links
breadth-first, fetching through the logged-in browser context so the session is the real
one. Every HTML page is saved for one W3C Nu checker run over all roles at the end; axe-core
judges the first page of each path pattern in the browser (it judges the template, and costs
about a second a page). Downloads (CSV, XLSX, PDF, calendar feeds) are only checked for
their status. URLs that differ only in numbers or query values (ids, page numbers, filters)
are visited three times per pattern, so the crawl stays small as the data grows.
"""

from __future__ import annotations

import itertools
import json
import re
import shutil
import subprocess
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

import pytest

from tests.browser.conftest import log_in_through_form

pytestmark = [pytest.mark.quality, pytest.mark.browser]

DEMO_LOGINS = (
    "admin@bridgework.test",
    "designer@bridgework.test",
    "coach@bridgework.test",
    "employer@bridgework.test",
    "participant@bridgework.test",
)
#: a safety net: the per-pattern limit keeps the demo's crawl near 270 URLs for a staff login
MAX_PAGES_PER_ROLE = 400
#: URLs that differ only in their numbers: visit this many of each pattern
SAME_PATTERN_LIMIT = 3
#: never followed: they end the session or are not pages
SKIPPED_PATHS = re.compile(r"^/(logout|static/)")
SERIOUS_IMPACTS = {"serious", "critical"}
VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "a":
            attributes = dict(attrs)
            href = attributes.get("href")
            # rel="nofollow" marks a link the page quotes rather than offers: the outbox shows a mail's
            # links (a participant's portal, their reset link) as the recipient would get them
            if href and "nofollow" not in (attributes.get("rel") or "").split():
                self.hrefs.append(href)


def _links(html: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    return parser.hrefs


def _pattern(url: str) -> str:
    """/staff/cohorts/12?page=3 and /staff/cohorts/7?page=1 are one pattern; so are two filter values."""
    parts = urlsplit(url)
    names = sorted({name for name, _ in parse_qsl(parts.query, keep_blank_values=True)})
    return re.sub(r"[0-9]+", "#", parts.path) + ("?" + "&".join(names) if names else "")


@dataclass
class RoleCrawl:
    email: str
    home: str = ""
    #: url → status, for every URL fetched
    statuses: dict[str, int] = field(default_factory=dict)
    #: saved HTML file → the URL it came from
    html_files: dict[Path, str] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)
    axe_violations: list[str] = field(default_factory=list)
    axe_checked: int = 0
    #: links still queued when MAX_PAGES_PER_ROLE was reached
    not_visited: int = 0
    seconds: float = 0.0


class Site:
    """Crawls the live site once per demo login and keeps what it saw for the tests."""

    def __init__(self, browser, live_server: str, html_dir: Path) -> None:
        self.browser = browser
        self.origin = live_server
        self.html_dir = html_dir
        self._crawls: dict[str, RoleCrawl] = {}
        self._saved = itertools.count()
        #: URL patterns axe-core has judged, across all roles (the staff logins share a portal)
        self._axe_checked: set[str] = set()
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()

    def crawl(self, email: str) -> RoleCrawl:
        if email not in self._crawls:
            self._crawls[email] = self._crawl(email)
        return self._crawls[email]

    def _crawl(self, email: str) -> RoleCrawl:
        started = time.perf_counter()
        result = RoleCrawl(email)
        context = self.browser.new_context(base_url=self.origin)
        context.set_default_timeout(15_000)
        try:
            page = context.new_page()
            log_in_through_form(page, email)
            result.home = page.url
            queue, queued, per_pattern = deque([page.url]), {page.url}, Counter()
            while queue and len(result.statuses) < MAX_PAGES_PER_ROLE:
                url = queue.popleft()
                for link in self._visit(page, url, result):
                    if link in queued or SKIPPED_PATHS.match(urlsplit(link).path):
                        continue
                    pattern = _pattern(link)
                    if per_pattern[pattern] >= SAME_PATTERN_LIMIT:
                        continue
                    per_pattern[pattern] += 1
                    queued.add(link)
                    queue.append(link)
            result.not_visited = len(queue)
        finally:
            context.close()
        result.seconds = time.perf_counter() - started
        return result

    def _visit(self, page, url: str, result: RoleCrawl) -> list[str]:
        """Fetch one URL with the page's session; check it; return the same-origin links it shows."""
        response = page.request.get(url)
        result.statuses[url] = response.status
        if response.status >= 400:
            result.broken.append(f"{url} → {response.status}")
        content_type = response.headers.get("content-type", "")
        if not content_type.startswith("text/html"):
            return []
        html = response.text()
        saved = self.html_dir / f"{next(self._saved):04d}.html"
        saved.write_text(html, encoding="utf-8")
        result.html_files[saved] = url
        self._check_accessibility(page, url, result)
        links = []
        for href in _links(html):
            absolute = urldefrag(urljoin(response.url, href)).url
            if absolute.startswith(self.origin + "/"):
                links.append(absolute)
        return links

    def _check_accessibility(self, page, url: str, result: RoleCrawl) -> None:
        """axe-core on the first page of each path pattern: it judges the template, about 1 s a page."""
        pattern = _pattern(url).partition("?")[0]
        if pattern in self._axe_checked:
            return
        self._axe_checked.add(pattern)
        result.axe_checked += 1
        page.goto(url)
        for violation in self.axe.run(page).response["violations"]:
            if violation.get("impact") in SERIOUS_IMPACTS:
                targets = ", ".join(" ".join(n["target"]) for n in violation["nodes"][:3])
                result.axe_violations.append(
                    f"{url}: [{violation['impact']}] {violation['id']}: {violation['help']} ({targets})"
                )


@pytest.fixture(scope="module")
def site(browser, live_server, tmp_path_factory) -> Site:
    return Site(browser, live_server, tmp_path_factory.mktemp("pages"))


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_every_linked_page_answers(site, email):
    crawl = site.crawl(email)
    print(
        f"{email}: {len(crawl.statuses)} URLs, {len(crawl.html_files)} HTML pages, "
        f"{crawl.axe_checked} axe-checked, {crawl.not_visited} left past the cap, in {crawl.seconds:.1f}s"
    )
    assert len(crawl.html_files) >= 2, f"{email}: the crawl found no page beyond {crawl.home}"
    assert not crawl.broken, f"{email} follows links to error answers:\n  " + "\n  ".join(crawl.broken)


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_no_serious_accessibility_violations(site, email):
    crawl = site.crawl(email)
    assert crawl.html_files, f"{email}: no HTML page was checked"
    assert not crawl.axe_violations, (
        f"serious or critical axe-core violations seen by {email}:\n  " + "\n  ".join(crawl.axe_violations)
    )


def test_every_page_is_valid_html(site):
    """One W3C Nu checker run over every page every role reached (the JVM starts once)."""
    pages: dict[Path, str] = {}
    for email in DEMO_LOGINS:
        crawl = site.crawl(email)
        pages.update({path: f"{url} (as {email})" for path, url in crawl.html_files.items()})
    assert pages, "no HTML page to validate"
    java = shutil.which("java")
    assert java, "java is not installed: the W3C Nu checker needs it (apt-get install default-jre-headless)"
    assert VNU_JAR.exists(), f"{VNU_JAR} is missing: run `npm ci`"
    command = [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only", *map(str, pages)]
    started = time.perf_counter()
    run = subprocess.run(command, capture_output=True, text=True, timeout=600)
    print(f"Nu checker: {len(pages)} pages in {time.perf_counter() - started:.1f}s")
    assert run.stdout.strip(), f"the Nu checker gave no report (exit {run.returncode}): {run.stderr}"
    by_path = {str(path.resolve()): url for path, url in pages.items()}
    #: one entry per kind of message (numbers aside), with every page that shows it
    errors: dict[str, tuple[str, list[str]]] = {}
    for message in json.loads(run.stdout)["messages"]:
        where = by_path.get(urlsplit(message.get("url", "")).path, message.get("url", "?"))
        kind = re.sub(r"[0-9]+", "#", message["message"])
        errors.setdefault(kind, (message["message"], []))[1].append(f"{where} line {message.get('lastLine', '?')}")
    assert not errors, f"HTML errors in {len(pages)} pages:\n" + "\n".join(
        f"- {example}\n    " + "\n    ".join(where) for example, where in errors.values()
    )
