"""Which URLs may be drawn as links (CONTRACT §7: links are drawn only for http(s) URLs)."""

from __future__ import annotations

from urllib.parse import urlsplit

WEB_SCHEMES = ("http", "https")


def is_web_url(url: str) -> bool:
    """http(s) with a host and nothing that could smuggle a second meaning: no spaces, no controls."""
    if not url or len(url) > 4096 or any(ch.isspace() or not ch.isprintable() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)
