"""An answered request that failed: the provider's own message, in each provider's error format.

Formats (shared/seeds/README.md and the seeds):

    Gestão Plus   problem document {type, title, status, detail} (+ trace[] on 500, ignored)   seed 000
    PagBank       {"error_messages": [{error, description, parameter_name}]}                   seeds/README
    Crayon        {ErrorCode, Message, Parameters{}, ObjectErrors[]}                            seeds/README
    OAuth         {error, error_description} (Gestão Plus /oauth, Crayon /connect/token)        RFC 6749 §5.2
    generic       {"message"} / {"error": {"message"}} / {"message", "errors": {field: [..]}}
    HTML          a gateway page (PagBank sandbox 403): its <title> or first heading

Shapes are recognised by their keys, not by provider: a gateway in front of any of them may answer in
another's format. The message is cleaned (sanitize.clean) and bounded; request headers never appear.
"""

from __future__ import annotations

import json
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from checkoutctl.errors import ProviderFailure, ProviderRefused
from checkoutctl.render.sanitize import clean

if TYPE_CHECKING:
    from checkoutctl.transport import HttpResponse

MAX_PART = 300  # one field of an error
MAX_MESSAGE = 1000  # the whole message
MAX_ITEMS = 10  # PagBank error_messages / Crayon ObjectErrors shown
RAW_PREFIX = 200  # an unrecognised body: its first characters

_HINTS = {
    401: "the credentials were refused: check CHECKOUTCTL_TOKEN or the profile's token_env",
    403: "the credentials lack access, or Origin (Gestão Plus) is not allowed",
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
    what = f"HTTP {status}{' ' + _phrase(status) if _phrase(status) else ''}"
    text = f"{provider} {'refused the request' if 400 <= status < 500 else 'failed'} ({what})"
    text += f": {message}" if message else ""
    if 400 <= status < 500:
        raise ProviderRefused(text, status=status, provider_message=message, hint=_HINTS.get(status))
    # A 5xx may come after the provider acted (it created the order, then failed answering).
    raise ProviderFailure(text, status=status, provider_message=message, outcome_unknown=status >= 500,
                          hint="the provider may have acted on it; look the order up before sending it again"
                          if status >= 500 else None)


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
        summary = _one_line(title) or _one_line(heading) or _one_line(words)[:RAW_PREFIX]
        return _bounded(f"HTML page: {summary}" if summary else "HTML page")
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        return _bounded(_one_line(text[:RAW_PREFIX]) + ("…" if len(text) > RAW_PREFIX else ""))
    return _bounded(json_message(document))


def json_message(document: Any) -> str:
    if isinstance(document, list):
        return "; ".join(json_message(d) for d in document[:MAX_ITEMS]) or "[]"
    if not isinstance(document, dict):
        return _part(document)
    if isinstance(document.get("error_messages"), list):
        return _pagbank(document["error_messages"])
    if "ErrorCode" in document or "Message" in document:
        return _crayon(document)
    if "error_description" in document:
        return _join(_part(document["error_description"]), _paren(document.get("error")))
    if document.get("detail") not in (None, "") or "title" in document:
        return _part(document.get("detail") or document.get("title"))
    error = document.get("error")
    if isinstance(error, dict) and "message" in error:
        return _join(_part(error["message"]), _paren(error.get("code")))
    if "message" in document:
        return _join(_part(document["message"]), _field_errors(document.get("errors")), sep=": ")
    if isinstance(error, str):
        return _part(error)
    if "errors" in document:
        return _field_errors(document["errors"]) or _compact(document)
    return _compact(document)


def _pagbank(messages: list) -> str:
    shown = []
    for item in messages[:MAX_ITEMS]:
        if not isinstance(item, dict):
            shown.append(_part(item))
            continue
        name, description = item.get("parameter_name"), item.get("description")
        line = _join(_part(name) + ":" if name else "", _part(description) if description else "")
        shown.append(_join(line, _paren(item.get("error"))))
    more = len(messages) - MAX_ITEMS
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")


def _crayon(document: dict) -> str:
    message = _join(_part(document.get("Message") or ""), _paren(document.get("ErrorCode")))
    parameters = document.get("Parameters")
    if isinstance(parameters, dict) and parameters:
        message = _join(message, "[" + ", ".join(f"{_part(k)}={_part(v)}" for k, v in list(parameters.items())[:MAX_ITEMS]) + "]")
    errors = document.get("ObjectErrors")
    if isinstance(errors, list) and errors:
        message += ": " + "; ".join(_object_error(e) for e in errors[:MAX_ITEMS])
    return message


def _object_error(error: Any) -> str:
    if isinstance(error, dict):
        text = error.get("Message") or error.get("ErrorMessage") or error.get("message") or _compact(error)
        field = error.get("PropertyName") or error.get("Field")
        return _join(_part(field) + ":" if field else "", _part(text))
    return _part(error)


def _field_errors(errors: Any) -> str:
    if isinstance(errors, dict):
        return "; ".join(f"{_part(k)}: {_part(' '.join(map(str, v)) if isinstance(v, list) else v)}"
                         for k, v in list(errors.items())[:MAX_ITEMS])
    if isinstance(errors, list):
        return "; ".join(_object_error(e) for e in errors[:MAX_ITEMS])
    return ""


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


def _part(value: Any) -> str:
    text = _one_line(value if isinstance(value, str) else _compact(value))
    return text if len(text) <= MAX_PART else text[: MAX_PART - 1] + "…"


def _paren(value: Any) -> str:
    return f"({_part(value)})" if value not in (None, "") else ""


def _join(*parts: str, sep: str = " ") -> str:
    return sep.join(p for p in parts if p)


def _compact(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=str)[:RAW_PREFIX]
    except (ValueError, RecursionError):
        return str(value)[:RAW_PREFIX]


def _one_line(text: str) -> str:
    return " ".join(clean(text, inline=True).split())


def _bounded(text: str) -> str:
    return text if len(text) <= MAX_MESSAGE else text[: MAX_MESSAGE - 1] + "…"
