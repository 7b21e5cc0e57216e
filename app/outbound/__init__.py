"""Safe outbound HTTP: the one way the site fetches an address someone typed (docs/JOB_SOURCES.md).

Every hop is checked against the SSRF rules (``check_url_allowed``: http/https only, and the host must
resolve to public addresses — never private, loopback, link-local, multicast or reserved ones, unless
OUTBOUND_ALLOW_LOOPBACK lets loopback through for tests and the development demo). After connecting,
the address actually reached is checked again, so a name that re-resolves to an inner address between
the check and the connection (DNS rebinding) is refused before its body is read. Redirects are
followed by hand (at most MAX_REDIRECTS), bodies are streamed under a size cap, robots.txt is obeyed,
and each host is remembered so callers can keep a polite interval between fetches.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx
from flask import current_app, has_app_context

#: redirects followed before giving up
MAX_REDIRECTS = 5
#: how long a host's robots.txt is trusted before it is read again (seconds)
ROBOTS_TTL = 3600
#: the largest robots.txt read
ROBOTS_MAX_BYTES = 512 * 1024
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})

DEFAULTS = {
    "OUTBOUND_ALLOW_LOOPBACK": False,
    "OUTBOUND_TIMEOUT": 10.0,
    "OUTBOUND_MAX_BYTES": 2 * 1024 * 1024,
    "OUTBOUND_HOST_INTERVAL": 5.0,
}


class FetchError(Exception):
    """A fetch that did not produce a usable answer; the message is in plain words for the person."""


class FetchRefused(FetchError):
    """Not fetched on purpose: a forbidden address, a redirect to one, or robots.txt says no."""


class FetchTooLarge(FetchError):
    """The answer was bigger than the cap."""


class FetchFailed(FetchError):
    """The network or the site failed: no connection, a timeout, a 4xx/5xx answer, too many redirects."""


@dataclass(frozen=True)
class FetchResult:
    #: the final answer's HTTP status
    status: int
    #: the address that answered (after redirects)
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    #: True when the site answered 304: nothing changed since the validators sent
    not_modified: bool = False


def setting(name: str):
    if has_app_context():
        return current_app.config.get(name, DEFAULTS[name])
    return DEFAULTS[name]


def user_agent() -> str:
    base = (current_app.config.get("SERVER_BASE_URL") if has_app_context() else None) or "https://bridgework.invalid"
    return f"Bridgework job reader (+{base})"


# --- the SSRF rules -----------------------------------------------------------------------------


def address_allowed(address: str, *, allow_loopback: bool | None = None) -> bool:
    """Whether an IP address is one the site may connect to: a public one (or loopback when allowed)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    loopback_ok = setting("OUTBOUND_ALLOW_LOOPBACK") if allow_loopback is None else allow_loopback
    if ip.is_loopback:
        return bool(loopback_ok)
    return ip.is_global and not ip.is_multicast and not ip.is_reserved and not ip.is_unspecified


def check_url_allowed(url: str) -> None:
    """Raise FetchRefused unless ``url`` is http(s) and every address its host resolves to is allowed."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchRefused("only http:// and https:// addresses can be read.")
    host = parts.hostname
    if not host:
        raise FetchRefused("the address has no host name.")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise FetchRefused("the address has an invalid port.") from None
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"the host name “{host}” could not be found.") from None
    addresses = {info[4][0] for info in infos}
    if not addresses or not all(address_allowed(a) for a in addresses):
        raise FetchRefused(f"“{host}” points to a private or internal network address.")


def _check_peer(response: httpx.Response) -> None:
    """The address actually connected to must be allowed too (a name re-resolved since the check)."""
    stream = response.extensions.get("network_stream")
    peer = stream.get_extra_info("server_addr") if stream is not None else None
    if peer and not address_allowed(peer[0]):
        raise FetchRefused("the site's address changed to a private or internal network address.")


# --- politeness: one fetch per host per interval, and robots.txt ----------------------------------

_lock = threading.Lock()
#: host (scheme://netloc) → time.monotonic() of its last fetch, for this process
_last_fetch: dict[str, float] = {}
#: host → (time read, parser)
_robots: dict[str, tuple[float, urllib.robotparser.RobotFileParser]] = {}


def host_key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.netloc or '').lower()}"


def seconds_until_polite(url: str) -> float:
    """How long to wait before fetching from this host again (0: go ahead)."""
    with _lock:
        last = _last_fetch.get(host_key(url))
    if last is None:
        return 0.0
    return max(0.0, float(setting("OUTBOUND_HOST_INTERVAL")) - (time.monotonic() - last))


def note_fetch(url: str) -> None:
    with _lock:
        _last_fetch[host_key(url)] = time.monotonic()


def forget_hosts() -> None:
    """Forget every host's last fetch and robots.txt (tests)."""
    with _lock:
        _last_fetch.clear()
        _robots.clear()


def _robots_for(client: httpx.Client, url: str) -> urllib.robotparser.RobotFileParser:
    key = host_key(url)
    with _lock:
        cached = _robots.get(key)
    if cached and time.monotonic() - cached[0] < ROBOTS_TTL:
        return cached[1]
    parser = urllib.robotparser.RobotFileParser(key + "/robots.txt")
    try:
        answer = _get(client, key + "/robots.txt", {}, ROBOTS_MAX_BYTES, robots=False)
    except FetchFailed as failed:
        if getattr(failed, "status", 0) and failed.status < 500:
            parser.allow_all = True  # no robots.txt (4xx): everything is allowed
        else:
            raise FetchFailed(f"robots.txt could not be read, so the site was left alone ({failed}).") from failed
    else:
        parser.parse(answer.content.decode("utf-8", "replace").splitlines())
    parser.modified()
    with _lock:
        _robots[key] = (time.monotonic(), parser)
    return parser


# --- fetching ------------------------------------------------------------------------------------


def _read_capped(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchTooLarge(f"the answer is larger than {max_bytes // 1024:,} KB, the most the site reads.")
    chunks, size = [], 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise FetchTooLarge(f"the answer is larger than {max_bytes // 1024:,} KB, the most the site reads.")
        chunks.append(chunk)
    return b"".join(chunks)


def _failed(message: str, status: int = 0) -> FetchFailed:
    error = FetchFailed(message)
    error.status = status
    return error


def _get(client: httpx.Client, url: str, headers: dict[str, str], max_bytes: int, *, method: str = "GET",
         robots: bool = True) -> FetchResult:
    current = url
    for _hop in range(MAX_REDIRECTS + 1):
        check_url_allowed(current)
        if robots and not _robots_for(client, current).can_fetch(user_agent(), current):
            raise FetchRefused(f"robots.txt disallows reading {current}.")
        note_fetch(current)
        try:
            with client.stream(method, current, headers=headers) as response:
                _check_peer(response)
                location = response.headers.get("location")
                if response.status_code in REDIRECT_STATUSES and location:
                    current = urljoin(current, location)
                    continue
                answer_headers = {k.lower(): v for k, v in response.headers.items()}
                if response.status_code == 304:
                    return FetchResult(304, current, answer_headers, b"", True)
                if response.status_code >= 400:
                    raise _failed(f"the site answered {response.status_code} {response.reason_phrase}.".replace(
                        " .", "."), response.status_code)
                content = b"" if method == "HEAD" else _read_capped(response, max_bytes)
                return FetchResult(response.status_code, current, answer_headers, content, False)
        except httpx.TimeoutException:
            raise _failed("the site took too long to answer.") from None
        except httpx.HTTPError as error:
            raise _failed(f"the site could not be reached ({type(error).__name__}).") from None
    raise _failed(f"the site redirected more than {MAX_REDIRECTS} times.")


def fetch(url: str, *, etag: str = "", last_modified: str = "", max_bytes: int | None = None,
          timeout: float | None = None, method: str = "GET") -> FetchResult:
    """Fetch ``url`` safely: SSRF rules on every hop, robots.txt, a size cap, timeouts, a conditional GET.

    Raises FetchRefused, FetchTooLarge or FetchFailed (all FetchError) with a message in plain words.
    """
    max_bytes = int(max_bytes or setting("OUTBOUND_MAX_BYTES"))
    seconds = float(timeout or setting("OUTBOUND_TIMEOUT"))
    headers = {"User-Agent": user_agent(), "Accept": "*/*"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    with httpx.Client(timeout=httpx.Timeout(seconds, connect=seconds), follow_redirects=False,
                      trust_env=False, headers={"User-Agent": user_agent()}) as client:
        return _get(client, url, headers, max_bytes, method=method.upper())


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float | None = None,
         max_bytes: int = 64 * 1024) -> FetchResult:
    """POST ``body`` to ``url`` under the same SSRF rules (checked before connecting and again on the
    address reached), never following a redirect: the answer is returned whatever its status (a 3xx,
    4xx or 5xx is the caller's to judge), with at most ``max_bytes`` of its body. Webhooks use it.

    Raises FetchRefused for a forbidden address and FetchFailed when there was no answer.
    """
    seconds = float(timeout or setting("OUTBOUND_TIMEOUT"))
    check_url_allowed(url)
    sent = {"User-Agent": user_agent().replace("job reader", "webhooks"), **headers}
    try:
        with httpx.Client(timeout=httpx.Timeout(seconds, connect=seconds), follow_redirects=False,
                          trust_env=False) as client, client.stream("POST", url, content=body, headers=sent) as response:
            _check_peer(response)
            answer_headers = {k.lower(): v for k, v in response.headers.items()}
            try:
                content = _read_capped(response, max_bytes)
            except FetchTooLarge:
                content = b""  # the status is the answer; an oversized body is not read
            return FetchResult(response.status_code, url, answer_headers, content, False)
    except httpx.TimeoutException:
        raise _failed("the endpoint took too long to answer.") from None
    except httpx.HTTPError as error:
        raise _failed(f"the endpoint could not be reached ({type(error).__name__}).") from None
