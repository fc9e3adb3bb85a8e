"""The URL policy (CONTRACT §7, issue 9 §6): the URL that is checked is the URL that is used.

Two transports connect (routing.py): plain http:// to loopback goes through the loopback transport,
which connects to the host and port `urllib.parse` reads (`plain_loopback`, the router's test too);
anything else goes through requests, which connects to what urllib3's `parse_url` reads. So a URL is
checked with the parser of the transport that will use it:

- a base URL is parsed once, strictly, and must read the same (scheme, host, port) to `urllib.parse`
  and, unless it is plain http to loopback (never handed to requests), to urllib3;
- whatever two parsers may read differently is refused outright (user info, backslashes, `%` in the
  authority — percent-encoded hosts, IPv6 zone ids —, whitespace, control and non-ASCII characters, a
  query or fragment, a port that is not a number);
- every request URL passes `check_url` again just before it is sent: plain http to loopback as
  `urllib.parse` reads it, else as urllib3 reads it, and requests' transport checks its prepared URL
  with urllib3 once more (`check_url_as_urllib3_reads`) whichever way it was routed.

Settings use this module without importing a transport; urllib3 is imported only when a URL that is
not plain http to loopback is checked (`validate`, `--help` and the sandbox never pay for it).
`request_target` is the path and query sent for a URL, normalised as urllib3 and requests do.
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
    try:
        split = urlsplit(url)
        readings = {(split.scheme.lower(), split.hostname or "", split.port), (scheme, host, port)}
        if not (scheme == "http" and is_loopback(host)):  # what requests will connect to (urllib3's reading)
            from urllib3.util import parse_url

            theirs = parse_url(url)
            readings.add((theirs.scheme, (theirs.host or "").strip("[]").lower(), theirs.port))
    except ValueError:  # urllib3's LocationParseError is a ValueError too
        readings = set()
    if len(readings) != 1:
        raise UsageError(f"{display_url(url)!r} is read differently by different URL parsers; not a base URL",
                         hint=_HINT)


def check_url(url: str) -> bool:
    """UsageError unless `url` is https, or http to loopback, as the transport that will send it reads it
    (module docstring); True for loopback."""
    if _unsafe(url):
        raise UsageError(f"not a valid URL: {display_url(url)!r} (whitespace, control characters or a backslash)")
    return plain_loopback(url) is not None or check_url_as_urllib3_reads(url)


def check_url_as_urllib3_reads(url: str) -> bool:
    """check_url as urllib3 (requests' parser) reads `url`; True for loopback."""
    from urllib3.util import parse_url

    if _unsafe(url):
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


def plain_loopback(url: str) -> tuple[str, int] | None:
    """(host, port) when `url` is plain http:// to a loopback host as `urllib.parse` reads it, with nothing
    parsers may read apart (user info, `%` in the authority, white space, control characters, a
    backslash, a port that is not a number); else None. The loopback transport connects to exactly this."""
    if _unsafe(url):
        return None
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() != "http" or "@" in parts.netloc or "%" in parts.netloc or not is_loopback(parts.hostname):
        return None
    return parts.hostname or "", 80 if port is None else port


def request_target(url: str) -> str:
    """The path and query sent for `url` (the origin form, RFC 9112 §3.2.1), normalised as requests sends
    it: dot segments removed and characters a path or query may not hold percent-encoded in UTF-8
    (urllib3 `parse_url`), then unreserved escapes decoded (requests `requote_uri`)."""
    parts = urlsplit(url)
    path = _encode_invalid(_remove_dot_segments(parts.path), _PATH_CHARS) if parts.path else ""
    query = _encode_invalid(parts.query, _PATH_CHARS | {"?"}) if parts.query else ""
    return _requote((path or "/") + (f"?{query}" if query else ""))


# RFC 3986 §2.2-2.3, as urllib3.util.url spells them.
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-~")
_PATH_CHARS = _UNRESERVED | frozenset("!$&'()*+,;=:@/")
_PERCENT = re.compile(r"%[a-fA-F0-9]{2}")


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 §5.2.4, as urllib3 `_remove_path_dot_segments`."""
    output: list[str] = []
    for segment in path.split("/"):
        if segment == "..":
            if output:
                output.pop()
        elif segment != ".":
            output.append(segment)
    if path.startswith("/") and (not output or output[0]):
        output.insert(0, "")
    if path.endswith(("/.", "/..")):
        output.append("")
    return "/".join(output)


def _encode_invalid(component: str, allowed: frozenset[str]) -> str:
    """urllib3 `_encode_invalid_chars`: escapes upper-cased; a `%` kept only when every `%` starts one."""
    component, escapes = _PERCENT.subn(lambda m: m.group(0).upper(), component)
    data = component.encode("utf-8", "surrogatepass")
    keep_percent = escapes == data.count(b"%")
    return "".join(chr(b) if (keep_percent and b == 0x25) or (b < 128 and chr(b) in allowed) else f"%{b:02X}"
                   for b in data)


def _requote(target: str) -> str:
    """requests `requote_uri`: escapes of unreserved characters decoded, anything unsafe quoted."""
    from urllib.parse import quote

    def unreserved(match: re.Match) -> str:
        char = chr(int(match.group(0)[1:], 16))
        return char if char in _UNRESERVED else match.group(0)

    return quote(_PERCENT.sub(unreserved, target), safe="!#$%&'()*+,/:;=?@[]~")


def _unsafe(url: str) -> bool:
    return any(ord(c) < 33 or ord(c) == 127 or c == "\\" for c in url)


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
