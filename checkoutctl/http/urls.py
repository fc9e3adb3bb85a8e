"""The URL policy (CONTRACT §7, issue 9 §6): the URL that is checked is the URL that is used.

A base URL is parsed once, strictly, and then by urllib3's `parse_url` — the parser requests itself
uses to prepare a request and pick its connection pool — and by `urllib.parse`; it is refused unless
all three agree on scheme, host and port. Whatever two parsers may read differently is refused outright
(user info, backslashes, `%` in the authority — percent-encoded hosts, IPv6 zone ids —, whitespace,
control and non-ASCII characters, a query or fragment, a port that is not a number), so the loopback
and plain-http check runs on exactly the host that will be connected to. Every request URL passes
`check_url` again, with urllib3's parser, just before it is sent.

Settings use this module without importing the transport; urllib3 is imported only when a URL is
checked (`validate` and `--help` never pay for it).
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from checkoutctl.errors import UsageError
from checkoutctl.redaction import MASK, is_secret_name

# RFC 3986 §3.2: scheme "://" host [":" port] path; a reg-name host of letters, digits, "-", "." and "_",
# an IPv4 address, or an IPv6 literal in brackets (without a zone id).
_BASE = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+)"
                   r"(?::(?P<port>[0-9]{1,5}))?(?P<path>/[A-Za-z0-9._~!$&'()*+,;=:/-]*)?")
_HINT = "base_url looks like https://api.example.com (http:// only to loopback)"


@dataclass(frozen=True)
class BaseUrl:
    scheme: str
    host: str  # lower-case, IPv6 without brackets
    port: int | None
    path: str
    loopback: bool


def parse_base_url(url: str) -> BaseUrl:
    """The base URL as every parser reads it; UsageError (exit 2) when it is ambiguous or not allowed."""
    shown = display_url(url)
    if not url or any(not 33 <= ord(c) <= 126 for c in url):
        raise UsageError(f"{shown!r} holds whitespace, control or non-ASCII characters", hint=_HINT)
    for char, what in (("\\", "a backslash"), ("@", "user info (@)"), ("%", "a percent-encoded or zone-id authority"),
                       ("?", "a query"), ("#", "a fragment")):
        if char in url:
            raise UsageError(f"{shown!r} holds {what}, which parsers read differently; not a base URL", hint=_HINT)
    match = _BASE.fullmatch(url)
    if match is None:
        raise UsageError(f"not a valid base URL: {shown!r}", hint=_HINT)
    scheme, host = match["scheme"].lower(), match["host"].lower().strip("[]")
    port = int(match["port"]) if match["port"] is not None else None
    if port is not None and not 0 < port < 65536:
        raise UsageError(f"{shown!r}: port {port} is out of range", hint=_HINT)
    if match["host"].startswith("["):
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise UsageError(f"{shown!r}: {match['host']} is not an IPv6 address", hint=_HINT) from None
    _agree(url, scheme, host, port)
    return BaseUrl(scheme, host, port, match["path"] or "", check_url(url))


def _agree(url: str, scheme: str, host: str, port: int | None) -> None:
    from urllib3.util import parse_url

    try:
        theirs = parse_url(url)
        split = urlsplit(url)
        readings = {(theirs.scheme, (theirs.host or "").strip("[]").lower(), theirs.port),
                    (split.scheme.lower(), split.hostname or "", split.port), (scheme, host, port)}
    except ValueError:  # urllib3's LocationParseError is a ValueError too
        readings = set()
    if len(readings) != 1:
        raise UsageError(f"{display_url(url)!r} is read differently by different URL parsers; not a base URL",
                         hint=_HINT)


def check_url(url: str) -> bool:
    """UsageError unless `url` is https, or http to loopback, as urllib3 reads it; True for loopback."""
    from urllib3.util import parse_url

    if any(ord(c) < 33 or ord(c) == 127 or c == "\\" for c in url):
        raise UsageError(f"not a valid URL: {display_url(url)!r} (whitespace, control characters or a backslash)")
    try:
        parts = parse_url(url)
    except ValueError:
        raise UsageError(f"not a valid URL: {display_url(url)!r}") from None
    host = (parts.host or "").strip("[]")
    if parts.scheme not in ("http", "https") or not host:
        raise UsageError(f"not an http(s) URL: {display_url(url)!r}", hint=_HINT)
    if parts.auth is not None or "%" in host:
        raise UsageError(f"{display_url(url)!r} holds user info or a percent-encoded host; not allowed", hint=_HINT)
    loopback = is_loopback(host)
    if parts.scheme == "http" and not loopback:
        raise UsageError(f"refusing plain http:// to {host}: credentials and orders would travel unencrypted",
                         hint=f"use https://{host}{parts.path or ''} (http is allowed to loopback only)")
    return loopback


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def display_url(url: str) -> str:
    """`url` safe to show: no user:password@, query values whose names look secret masked."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "(invalid URL)"
    netloc = parts.netloc.rpartition("@")[2]
    query = urlencode([(k, MASK if is_secret_name(k) else v) for k, v in parse_qsl(parts.query, keep_blank_values=True)],
                      safe="*")
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))
