"""An answered request that failed: the provider's own message, in each provider's error format.

Formats (shared/seeds/README.md and the seeds). A provider's own format is its `error_message`
(providers/<name>/errors.py); the standard and generic ones are read here:

    PagBank       {"error_messages": [{error, description, parameter_name}]}   pagbank/errors.py  seeds/README
    Crayon        {ErrorCode, Message, Parameters{}, ObjectErrors[]}            crayon/errors.py   seeds/README
    OAuth         {error, error_description} (Gestão Plus /oauth, Crayon /connect/token)        RFC 6749 §5.2
    problem       {type, title, status, detail} (+ trace[] on 500, ignored): Gestão Plus, seed 000; RFC 7807
    generic       {"message"} / {"error": {"message"}} / {"message", "errors": {field: [..]}} (Bakeronline)
    HTML          a gateway page (PagBank sandbox 403): its <title> or first heading

Shapes are recognised by their keys, not by who was called: a gateway in front of any provider may
answer in another's format, so every registered provider's format is tried, in registry order. The
message is cleaned (safe_text.clean) and bounded; request headers never appear.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from checkoutctl.errors import ProviderFailure, ProviderRefused
from checkoutctl.providers import registry
from checkoutctl.providers.error_text import (
    MAX_ITEMS, RAW_PREFIX, bounded, compact, join, object_error, one_line, paren, part,
)

if TYPE_CHECKING:
    from checkoutctl.http.message import HttpResponse

_HINTS = {
    401: "the credentials were refused: check CHECKOUTCTL_TOKEN or the profile's token_env",
    403: "the credentials lack access",
    404: "check the id and the profile's base_url",
    429: "the provider is rate limiting; wait and try again",
}


def raise_for_status(response: HttpResponse, provider: str) -> None:
    """Nothing for 2xx; ProviderRefused (exit 4) for 4xx; ProviderFailure (exit 5) for anything else."""
    status = response.status
    if 200 <= status < 300:
        return
    message = provider_message(response)
    message = response.redact(message) if message else message
    from checkoutctl.http.message import status_line

    what = f"HTTP {status_line(status)}"
    text = f"{provider} {'refused the request' if 400 <= status < 500 else 'failed'} ({what})"
    text += f": {message}" if message else ""
    if response.note:  # why the client gave up retrying (a Retry-After beyond its cap): say so
        text += f" ({response.note})"
    if 400 <= status < 500:
        raise ProviderRefused(text, status=status, provider_message=message, hint=_refusal_hint(response, provider))
    # A 5xx after a POST/PUT/DELETE may come after the provider acted (it created the order, then failed
    # answering); after a look-up (GET) nothing changed, so there is nothing to check before trying again.
    effects = status >= 500 and response.may_have_changed_something
    raise ProviderFailure(text, status=status, provider_message=message, outcome_unknown=effects,
                          hint="the provider may have acted on it; look the order up before sending it again"
                          if effects else "a look-up changes nothing at the provider; try again later"
                          if status >= 500 else None)


def _refusal_hint(response: HttpResponse, provider: str) -> str | None:
    """What to check after a 4xx: the provider's own advice (its `refusal_hints`), else the shared one.

    A 404 from a loopback address whose path lacks the provider's sandbox prefix (`http://127.0.0.1:8765`
    for `…/pagbank`) is named first: the sandbox serves each provider under its prefix (CONTRACT §6)."""
    status = response.status
    known = registry.find(provider)
    if status == 404 and known is not None:
        missing = _missing_sandbox_prefix(response.url, known.sandbox_prefix, known.title)
        if missing is not None:
            return missing
    return (known.refusal_hints.get(status) if known is not None else None) or _HINTS.get(status)


def _missing_sandbox_prefix(url: str, prefix: str, title: str) -> str | None:
    from urllib.parse import urlsplit

    from checkoutctl.http.urls import is_loopback

    parts = urlsplit(url)
    if not is_loopback(parts.hostname) or parts.path == prefix or parts.path.startswith(prefix + "/"):
        return None
    root = f"{parts.scheme}://{parts.netloc}"
    return (f"the base URL likely lacks the provider's path prefix: the sandbox serves {title} "
            f"under {prefix}, so use base_url {root}{prefix} (not {root})")


def provider_message(response: HttpResponse) -> str | None:
    """The provider's own words about a failure, one line, or None when the body says nothing."""
    body = response.body
    if not body.strip():
        return None
    text = response.text
    content_type = (response.header("content-type") or "").lower()
    if "html" in content_type or text.lstrip()[:1] == "<":
        from checkoutctl.html_page import html_parts

        title, heading, words = html_parts(text)
        summary = one_line(title) or one_line(heading) or one_line(words)[:RAW_PREFIX]
        return bounded(f"HTML page: {summary}" if summary else "HTML page")
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return bounded(one_line(text[:RAW_PREFIX]) + ("…" if len(text) > RAW_PREFIX else ""))
    return bounded(json_message(document))


def json_message(document: Any) -> str:
    if isinstance(document, list):
        return "; ".join(json_message(d) for d in document[:MAX_ITEMS]) or "[]"
    if not isinstance(document, dict):
        return part(document)
    # Each provider's own format first, in registry order (PagBank error_messages, Crayon ErrorCode/Message).
    for provider in registry.providers():
        message = provider.error_message(document)
        if message is not None:
            return message
    if "error_description" in document:
        return join(part(document["error_description"]), paren(document.get("error")))
    if document.get("detail") not in (None, "") or "title" in document:
        return part(document.get("detail") or document.get("title"))
    error = document.get("error")
    if isinstance(error, dict) and "message" in error:
        # Per-field reasons when the body names them (Bakeronline's error.fields[]: path, rule, message).
        return join(join(part(error["message"]), paren(error.get("code"))), _field_errors(error.get("fields")), sep=": ")
    if "message" in document:
        return join(part(document["message"]), _field_errors(document.get("errors")), sep=": ")
    if isinstance(error, str):
        return part(error)
    if "errors" in document:
        return _field_errors(document["errors"]) or compact(document)
    return compact(document)


def _field_errors(errors: Any) -> str:
    if isinstance(errors, dict):
        return "; ".join(f"{part(k)}: {part(' '.join(map(str, v)) if isinstance(v, list) else v)}"
                         for k, v in list(errors.items())[:MAX_ITEMS])
    if isinstance(errors, list):
        return "; ".join(object_error(e) for e in errors[:MAX_ITEMS])
    return ""
