"""What a request shows of itself: URLs, headers and bodies with every credential masked.

Used by `--dry-run`, by every error message that names a URL, and by the transport to redact
credentials a server might echo back (CONTRACT §7: secrets never appear in output).
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

if TYPE_CHECKING:
    from checkoutctl.transport import HttpRequest

from checkoutctl.redaction import MASK
SECRET_NAME_PARTS = ("authorization", "token", "secret", "password", "passwd", "api-key", "api_key",
                     "apikey", "cookie", "session", "credential")


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


def is_secret_name(name: str) -> bool:
    lowered = name.lower()
    return any(part in lowered for part in SECRET_NAME_PARTS) and lowered not in ("x-idempotency-key",)


def secret_values(request: HttpRequest) -> tuple[str, ...]:
    """The credentials a request carries (header and form values with secret names, the Basic password)."""
    found = [v for k, v in request.headers.items() if is_secret_name(k) or k.lower() == "x-api-key"]
    found += [v.partition(" ")[2] for v in list(found) if " " in v]  # "Bearer abc" -> "abc" too
    found += [v for k, v in (request.form or {}).items() if is_secret_name(k) and isinstance(v, str)]
    if request.basic_auth is not None:
        found.append(request.basic_auth[1])
    # Very short values would mask ordinary words, and the sandbox's token is public (CONTRACT §6).
    return tuple(v.strip() for v in found if isinstance(v, str) and len(v.strip()) >= 6 and v.strip() != "sandbox")


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """`headers` with credential values masked; Authorization keeps its scheme ("Bearer ****")."""
    masked = {}
    for name, value in headers.items():
        if name.lower() in ("authorization", "proxy-authorization"):
            scheme, _, rest = str(value).partition(" ")
            masked[name] = f"{scheme} {MASK}" if rest else MASK
        elif is_secret_name(name) or name.lower() == "x-api-key":
            masked[name] = MASK
        else:
            masked[name] = value
    return masked


def format_request(request: HttpRequest) -> str:
    """The request as `--dry-run` shows it: method and URL, masked headers, pretty body (HTTPie-like)."""
    from checkoutctl.safe_text import clean
    from checkoutctl.transport import encode_json  # the exact JSON the transport would send

    headers = dict(request.headers)
    if request.basic_auth is not None:
        headers["Authorization"] = "Basic " + MASK
    body = ""
    if request.json is not None:
        headers.setdefault("Content-Type", "application/json")
        body = encode_json(request.json, indent=2)
    elif request.form is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
        body = "\n".join(f"{k}={MASK if is_secret_name(k) else v}" for k, v in request.form.items())
    lines = [f"{request.method.upper()} {display_url(request.url)}"]
    lines += [f"{k}: {v}" for k, v in mask_headers(headers).items()]
    return clean("\n".join(lines) + ("\n\n" + body if body else "") + "\n")
