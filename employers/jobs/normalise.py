"""One shape for a posting from any source: plain-text fields, a yearly salary, dates and the duplicate key."""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import nh3

#: how a stated pay period becomes a yearly figure. Hours, days and weeks are left out on purpose: a
#: yearly figure from them needs the hours worked, which a posting rarely states (×2080 assumes full time)
YEARLY_FACTORS = {"YEAR": 1, "ANNUAL": 1, "MONTH": 12}
#: tracking parameters dropped from a posting's address before it is compared
TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_")
MAX_CLEAN_ROUNDS = 4


@dataclass
class NormalisedPosting:
    title: str
    url: str
    employer_name: str = ""
    location: str = ""
    salary_min: int | None = None
    salary_max: int | None = None
    currency: str = ""
    posted_on: date | None = None
    closes_on: date | None = None
    description: str = ""

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.title, self.employer_name, self.location, self.url)


def plain_text(value: str | None, limit: int | None = None) -> str:
    """Markup to plain text: nh3 keeps no tag (script and style go with their content), entities are
    decoded, whitespace collapsed. Cleaned until stable, so an escaped ``&lt;script`` cannot come back."""
    text = str(value or "").replace("<", " <")  # "<p>a</p><p>b</p>" reads "a b", not "ab"
    for _round in range(MAX_CLEAN_ROUNDS):
        cleaned = html.unescape(nh3.clean(text, tags=set()))
        if cleaned == text:
            break
        text = cleaned
    else:
        text = nh3.clean(text, tags=set())  # still changing: keep it escaped rather than risk markup
    # a NUL from a careless feed: PostgreSQL text cannot hold it, so it would fail the whole poll
    text = " ".join(text.replace("\x00", " ").split())
    return text[:limit].rstrip() if limit else text


def key_text(value: str) -> str:
    """Lowercased, accents folded, punctuation and spacing collapsed: for comparing names."""
    folded = unicodedata.normalize("NFKC", value or "").casefold()
    return " ".join(re.sub(r"[^\w]+", " ", folded).split())


def canonical_url(url: str) -> str:
    """Scheme and host lowercased, fragment and tracking parameters dropped, no trailing slash."""
    parts = urlsplit((url or "").strip())
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                       if not k.lower().startswith(TRACKING_PARAMS)])
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/") or "/", query, ""))


def fingerprint(title: str, employer: str, location: str, url: str) -> str:
    """The duplicate key: title|employer|location when the posting names its employer, else its address."""
    if key_text(title) and key_text(employer):
        basis = "|".join((key_text(title), key_text(employer), key_text(location)))
    else:
        basis = canonical_url(url)
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()


def parse_day(value) -> date | None:
    """A date from ISO text ("2026-03-01", "2026-03-01T09:00:00Z"), a date/datetime, or None."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def _amount(value) -> float | None:
    try:
        amount = float(str(value).replace(",", "").strip())
    except (TypeError, ValueError):
        return None
    return amount if amount >= 0 else None


def yearly_salary(base_salary) -> tuple[int | None, int | None, str]:
    """schema.org baseSalary → (yearly min, yearly max, currency); (None, None, "") when not yearly-able."""
    if isinstance(base_salary, list):
        base_salary = base_salary[0] if base_salary else None
    if not isinstance(base_salary, dict):
        return None, None, ""
    currency = str(base_salary.get("currency") or "").strip().upper()[:3]
    value = base_salary.get("value")
    unit = str(base_salary.get("unitText") or "").strip().upper()
    if isinstance(value, dict):
        unit = str(value.get("unitText") or unit).strip().upper()
        low, high = _amount(value.get("minValue")), _amount(value.get("maxValue"))
        single = _amount(value.get("value"))
    else:
        low = high = None
        single = _amount(value)
    if single is not None:
        low = low if low is not None else single
        high = high if high is not None else single
    factor = YEARLY_FACTORS.get(unit or "YEAR") if (low is not None or high is not None) else None
    if factor is None:
        return None, None, ""
    low = round(low * factor) if low is not None else None
    high = round(high * factor) if high is not None else None
    if low is not None and high is not None and high < low:
        low, high = high, low
    return low, high, currency if len(currency) == 3 else ""


def join_parts(*parts) -> str:
    """Non-empty parts joined with commas, each once."""
    seen: list[str] = []
    for part in parts:
        text = plain_text(part) if part else ""
        if text and text.casefold() not in (s.casefold() for s in seen):
            seen.append(text)
    return ", ".join(seen)
