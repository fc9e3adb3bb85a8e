"""The HTTP value types every layer passes around: a request to send, the response that came back.

A leaf (errors, redaction, the JSON and URL helpers only): providers build `HttpRequest`s and read
`HttpResponse`s without importing the transport.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from checkoutctl import redaction
from checkoutctl.errors import ProviderFailure
from checkoutctl.http.json_body import decode_json
from checkoutctl.http.urls import display_url

# How much of an unreadable body a message quotes (after redaction: a cut never shows part of a secret).
QUOTED_PREFIX = 80
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # RFC 9110 §9.2.1: no effects at the server


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    json: Any = None
    form: dict[str, str] | None = None
    basic_auth: tuple[str, str] | None = None
    # Told the answer's progress as its body arrives: (bytes received, Content-Length or None). A
    # download's progress bar (ordering/attachments.py); not part of the request sent.
    on_body: Callable[[int, int | None], None] | None = field(default=None, compare=False)

    def __repr__(self) -> str:  # a request holds credentials: never show headers or auth
        return f"HttpRequest({self.method} {display_url(self.url)})"


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # keys lower-cased
    body: bytes
    url: str
    elapsed: float = 0.0  # seconds, this attempt
    # The request's credential values; they are registered with redaction.py too, this keeps a response
    # built by hand (tests, the in-memory transport) just as safe.
    secrets: tuple[str, ...] = field(default=(), repr=False, compare=False)
    # Why the client stopped retrying although the status asked for it (a Retry-After beyond the cap).
    note: str | None = field(default=None, compare=False)
    # The method of the request this answers (set by the client); None for a response built by hand.
    method: str | None = field(default=None, compare=False)
    # The request headers as the transport sent them (its own added: User-Agent, Accept-Encoding,
    # Content-Length…), for `-v`; None where a transport does not say. Never shown unmasked.
    sent_headers: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def __repr__(self) -> str:  # the body may echo credentials back; a repr lands in tracebacks and logs
        return f"HttpResponse({self.status} {display_url(self.url)}, {len(self.body)} bytes)"

    @property
    def may_have_changed_something(self) -> bool:
        """Whether the request could have had effects at the server (RFC 9110 §9.2.1: GET, HEAD and
        OPTIONS are safe); unknown methods count as unsafe."""
        return (self.method or "").upper() not in SAFE_METHODS

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())

    def redact(self, text: str) -> str:
        return redaction.redact(text, self.secrets)

    @property
    def text(self) -> str:
        match = re.search(r"charset=([\w.:-]+)", self.header("content-type") or "", re.I)
        try:
            return self.body.decode(match.group(1) if match else "utf-8", errors="replace")
        except LookupError:  # a charset Python doesn't know
            return self.body.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON, numbers with a fraction as exact `Decimal`; ProviderFailure when it is not JSON."""
        if not self.body.strip():
            reason = "the body is empty"
        else:
            try:
                return decode_json(self.body)
            except ValueError as err:  # UnicodeDecodeError is a ValueError
                # Redacted before it is cut: the quote never ends in the first characters of a secret.
                quoted = self.redact(self.text)[:QUOTED_PREFIX]
                reason = f"not valid JSON ({_why(err)}); it starts {quoted!r}"
        effects = self.may_have_changed_something
        raise ProviderFailure(
            f"unreadable response from {display_url(self.url)} (HTTP {self.status}): {reason}",
            status=self.status, outcome_unknown=effects,
            hint="the server may have acted on the request; look the order up before sending it again" if effects
            else "a look-up changes nothing at the provider; try again later, or check base_url if it persists")


def status_line(status: int) -> str:
    """`404 Not Found`: the status with its reason phrase (RFC 9110 §15), the number alone when it has none."""
    from http import HTTPStatus

    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def _why(err: ValueError) -> str:
    if isinstance(err, UnicodeDecodeError):
        return "not UTF-8"
    return type(err).__name__ if type(err) is not ValueError else str(err)[:QUOTED_PREFIX]
