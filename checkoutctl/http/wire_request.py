"""What a request puts on the wire besides its URL, the same whichever transport sends it: the header
fields in order and the body's bytes.

Both transports send exactly this, so `-v` (`HttpResponse.sent_headers`) and the server see the same
request from either. The rules are requests' own, written out once (requests 2.x `Session`,
`PreparedRequest.prepare_body`/`prepare_content_length`, `HTTPBasicAuth`):

- the session's fields first: User-Agent, Accept-Encoding (only what answer_body.py decodes: requests
  would add br/zstd when those packages are installed), Accept `*/*`, Connection keep-alive; then the
  request's own, a name given again in another case replacing the earlier value in its place;
- a JSON body is `encode_json` in UTF-8 with Content-Type application/json unless one is given; a form
  is urlencoded (UTF-8) with Content-Type application/x-www-form-urlencoded unless one is given;
- Content-Length for any body, and `0` for a body-less request other than GET and HEAD;
- basic auth replaces any Authorization field: `Basic base64(user:password)`, Latin-1 (RFC 7617 §2);
- a field name or value that could split the request (CR, LF, leading white space, a colon in the
  name) or that is not Latin-1 (http.client encodes field values so) is a configuration error, refused
  before anything is sent.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from checkoutctl.errors import UsageError
from checkoutctl.http.json_body import encode_json
from checkoutctl.http.message import HttpRequest
from checkoutctl.http.urls import display_url

ACCEPT_ENCODING = "gzip, deflate"
# requests' _internal_utils.HEADER_VALIDATORS (str): no leading white space, no CR/LF, no colon in a name.
_NAME = re.compile(r"[^:\s][^:\r\n]*")
_VALUE = re.compile(r"\S[^\r\n]*|")
_FORM = "application/x-www-form-urlencoded"


@dataclass(frozen=True)
class WireRequest:
    method: str
    headers: dict[str, str]  # in the order sent; the transport's connection adds Host
    body: bytes | None


def wire_request(request: HttpRequest) -> WireRequest:
    """The header fields and body `request` is sent with; UsageError (nothing sent) for an unsendable field."""
    method = request.method.upper()
    headers: dict[str, str] = {}
    for name, value in (("User-Agent", user_agent()), ("Accept-Encoding", ACCEPT_ENCODING), ("Accept", "*/*"),
                        ("Connection", "keep-alive"), *request.headers.items()):
        _put(headers, name, value)
    body: bytes | None = None
    if request.json is not None:
        body = encode_json(request.json).encode("utf-8")
        _default(headers, "Content-Type", "application/json")
    elif request.form is not None:
        from urllib.parse import urlencode

        body = urlencode([(k, v) for k, v in request.form.items() if v is not None]).encode("ascii")
    if body is not None:
        _put(headers, "Content-Length", str(len(body)))
    elif method not in ("GET", "HEAD"):
        _default(headers, "Content-Length", "0")
    if request.form is not None:
        _default(headers, "Content-Type", _FORM)
    if request.basic_auth is not None:
        _put(headers, "Authorization", _basic(request, *request.basic_auth))
    for name, value in headers.items():
        if not (isinstance(value, str) and _NAME.fullmatch(name) and _VALUE.fullmatch(value) and _latin1(value)):
            raise _unsendable(request, "InvalidHeader")
    return WireRequest(method, headers, body)


def user_agent() -> str:
    from checkoutctl import __version__

    return f"checkoutctl/{__version__}"


def _put(headers: dict[str, str], name: str, value: str) -> None:
    """Set `name`, case-insensitively: a field already there keeps its place and takes this spelling."""
    same = next((k for k in headers if k.lower() == name.lower()), None)
    if same is None or same == name:
        headers[name] = value
        return
    items = [(name, value) if k == same else (k, v) for k, v in headers.items()]
    headers.clear()
    headers.update(items)


def _default(headers: dict[str, str], name: str, value: str) -> None:
    if not any(k.lower() == name.lower() for k in headers):
        headers[name] = value


def _basic(request: HttpRequest, user: str, password: str) -> str:
    try:
        pair = user.encode("latin-1") + b":" + password.encode("latin-1")
    except UnicodeEncodeError:
        raise _unsendable(request, "UnicodeEncodeError") from None
    return "Basic " + base64.b64encode(pair).decode("ascii")


def _latin1(value: str) -> bool:
    try:
        value.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def _unsendable(request: HttpRequest, why: str) -> UsageError:
    return UsageError(f"cannot send to {display_url(request.url)}: {why}",
                      hint="check base_url and the profile's header values (origin, tokens)")
