"""Which Host a sandbox request may name: a loopback name, or the address serve was told to use.

DNS rebinding: a web page on evil.example can make its own name resolve to 127.0.0.1 and then script
requests to the sandbox from the user's browser; the browser sends `Host: evil.example:8765`. The
sandbox places orders and arms faults for whoever asks, so it answers only Hosts that cannot have been
rebound: `localhost`, `127.x.y.z`, `[::1]`, and the `--host` of `sandbox serve` (when that is a
wildcard such as 0.0.0.0, any IP literal: rebinding needs a name). The same defence as
webpack-dev-server's `allowedHosts` and Jupyter's `allow_remote_access`.
"""

from __future__ import annotations

import functools
import ipaddress

LOOPBACK_NAMES = frozenset({"localhost"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def host_name(header: str) -> str | None:
    """The name part of a Host header (`[::1]:8765` → `::1`), None when it is not a valid Host."""
    if header.startswith("["):
        name, bracket, rest = header[1:].partition("]")
        if not bracket or (rest and not (rest.startswith(":") and rest[1:].isdigit())):
            return None
        return name
    name, colon, port = header.rpartition(":") if ":" in header else (header, "", "")
    if colon and not (port.isascii() and port.isdigit()):
        return None
    if not name or ":" in name:
        return None
    return name


@functools.lru_cache(maxsize=256)
def refusal(header: str | None, own_host: str) -> str | None:
    """Why a request with this Host header is refused, or None when it may be answered.

    A pure function of its two texts, asked on every request with the same few: cached (parsing an
    IP address each time was ~5% of a lookup, issue 15); bounded, so hostile Hosts cannot grow it."""
    if header is None:  # HTTP/1.0 without Host: no browser sends that, so no page can be behind it
        return None
    name = host_name(header.strip())
    if name is None:
        return f"Host {header!r} is not a valid host"
    own = own_host.strip("[]").lower()
    if is_loopback(name) or name.lower() == own:
        return None
    if own in WILDCARDS and _is_ip(name):
        return None
    return (f"Host {header!r} is not a loopback name or this sandbox's own address; "
            "requests through other names (DNS rebinding) are refused")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True
