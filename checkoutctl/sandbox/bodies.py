"""Reading a request's JSON body, the same way for every provider route.

Bounded (1 MiB: the sandbox is a loopback test server, never a sink for whatever a client streams),
strict (NaN/Infinity are not JSON), and form-encoded bodies refused with 415. Each provider turns a
`BodyRefused` into its own error format.
"""

from __future__ import annotations

import json
from typing import Any

from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Request

from checkoutctl.sandbox.framing import MAX_BODY_BYTES  # the server reads no more than this either

_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


class BodyRefused(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def _no_constants(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def read_json(request: Request) -> Any:
    """The parsed body (None when empty), or BodyRefused (413, 415 or 400)."""
    if request.mimetype in _FORMS:
        raise BodyRefused(415, "unsupported_media_type", "send the body as application/json")
    request.max_content_length = MAX_BODY_BYTES
    try:
        raw = request.get_data(cache=True)
    except RequestEntityTooLarge:
        raise BodyRefused(413, "body_too_large", f"the body is over {MAX_BODY_BYTES} bytes") from None
    if len(raw) > MAX_BODY_BYTES:  # a chunked body has no Content-Length to check up front
        raise BodyRefused(413, "body_too_large", f"the body is over {MAX_BODY_BYTES} bytes")
    try:
        return json.loads(raw, parse_constant=_no_constants) if raw.strip() else None
    except (ValueError, RecursionError) as err:  # JSONDecodeError and UnicodeDecodeError are ValueErrors
        raise BodyRefused(400, "invalid_json", f"the body is not valid JSON: {str(err)[:200]}") from None
