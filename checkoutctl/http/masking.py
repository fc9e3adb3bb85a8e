"""What a request shows of itself: URLs, headers and bodies with every credential masked.

Used by `--dry-run` and by the client, which registers a request's credentials with redaction.py
before sending it (CONTRACT §7: secrets never appear in output).
"""

from __future__ import annotations

from checkoutctl.http.json_body import encode_json
from checkoutctl.http.message import HttpRequest
from checkoutctl.http.urls import display_url
from checkoutctl.redaction import MASK, is_secret_name
from checkoutctl.safe_text import clean

__all__ = ["MASK", "display_url", "format_request", "is_secret_name", "mask_headers", "secret_values", "shown_headers"]


def secret_values(request: HttpRequest) -> tuple[str, ...]:
    """The credentials a request carries (header and form values with secret names, the Basic password)."""
    found = [v for k, v in request.headers.items() if is_secret_name(k)]
    found += [v.partition(" ")[2] for v in list(found) if isinstance(v, str) and " " in v]  # "Bearer abc" -> "abc"
    found += [v for k, v in (request.form or {}).items() if is_secret_name(k)]
    if request.basic_auth is not None:
        found.append(request.basic_auth[1])
    return tuple(v.strip() for v in found if isinstance(v, str) and v.strip())


def mask_headers(headers: dict[str, str]) -> dict[str, str]:
    """`headers` with credential values masked; Authorization keeps its scheme ("Bearer ****")."""
    masked = {}
    for name, value in headers.items():
        if name.lower() in ("authorization", "proxy-authorization"):
            scheme, _, rest = str(value).partition(" ")
            masked[name] = f"{scheme} {MASK}" if rest else MASK
        elif is_secret_name(name):
            masked[name] = MASK
        else:
            masked[name] = value
    return masked


def shown_headers(request: HttpRequest) -> dict[str, str]:
    """The request's headers as `--dry-run` and `-v` show them: its own, the Basic credentials and the
    content type the transport adds, every credential masked."""
    headers = dict(request.headers)
    if request.basic_auth is not None:
        headers["Authorization"] = "Basic " + MASK
    if request.json is not None:
        headers.setdefault("Content-Type", "application/json")
    elif request.form is not None:
        headers.setdefault("Content-Type", "application/x-www-form-urlencoded")
    return mask_headers(headers)


def format_request(request: HttpRequest) -> str:
    """The request as `--dry-run` shows it: method and URL, masked headers, pretty body (HTTPie-like)."""
    body = ""
    if request.json is not None:
        body = encode_json(request.json, indent=2)  # the exact JSON the transport sends
    elif request.form is not None:
        body = "\n".join(f"{k}={MASK if is_secret_name(k) else v}" for k, v in request.form.items())
    lines = [f"{request.method.upper()} {display_url(request.url)}"]
    lines += [f"{k}: {v}" for k, v in shown_headers(request).items()]
    return clean("\n".join(lines) + ("\n\n" + body if body else "") + "\n")
