"""`-v/--verbose` (CONTRACT §3): every HTTP exchange on stderr, as HTTPie `-v` or gh's `GH_DEBUG=api` show it.

    > POST http://127.0.0.1:41234/pagbank/checkouts
    > Authorization: Bearer ****
    > Content-Type: application/json
    < HTTP 201 Created (12 ms, 1,024 bytes)
    < content-type: application/json

The client (client.py) tells an `ExchangeObserver` about each attempt, the answered and the failed
alike; `ExchangeLog` is the one that writes them. It never prints a body (customer data), masks every
credential header the way `--dry-run` does (masking.py) and writes through the redacting stderr of
`entry.main`, so a secret a server echoes in a header is masked too (CONTRACT §7). Control characters a
server sends in a header are removed (safe_text.clean).

`-v` is given per command and switched on here for the run (`enable`); `Endpoints` asks `active()` when
it builds the client, so a run without `-v` never imports this module.
"""

from __future__ import annotations

import sys
from typing import Protocol, TextIO

from checkoutctl.http.masking import mask_headers, shown_headers
from checkoutctl.http.message import HttpRequest, HttpResponse, status_line
from checkoutctl.http.urls import display_url
from checkoutctl.safe_text import clean

# A header longer than this is cut (a hostile server's megabyte header must not flood the terminal).
MAX_HEADER_CHARS = 500


class ExchangeObserver(Protocol):
    def answered(self, request: HttpRequest, response: HttpResponse, seconds: float) -> None: ...

    def failed(self, request: HttpRequest, reason: str, sent: bool, seconds: float) -> None: ...


class ExchangeLog:
    """Writes each exchange to `stream` (default: the current sys.stderr, looked up at each write)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self._stream = stream

    def answered(self, request: HttpRequest, response: HttpResponse, seconds: float) -> None:
        lines = _request_lines(request, response.sent_headers)
        lines.append(f"< HTTP {status_line(response.status)} "
                     f"({_duration(seconds)}, {len(response.body):,} bytes)")
        lines += [f"< {name}: {_shown(value)}" for name, value in mask_headers(response.headers).items()]
        self._write(lines)

    def failed(self, request: HttpRequest, reason: str, sent: bool, seconds: float) -> None:
        lines = _request_lines(request)
        lines.append(f"< no answer after {_duration(seconds)}: {reason}"
                     + ("" if sent else " (nothing was sent)"))
        self._write(lines)

    def _write(self, lines: list[str]) -> None:
        stream = self._stream or sys.stderr
        stream.write("".join(clean(line, inline=True) + "\n" for line in lines) + "\n")
        stream.flush()


def _request_lines(request: HttpRequest, sent: dict[str, str] | None = None) -> list[str]:
    """What was sent: the transport's own headers when it reports them, else the request's."""
    headers = mask_headers(sent) if sent is not None else shown_headers(request)
    lines = [f"> {request.method.upper()} {display_url(request.url)}"]
    return lines + [f"> {name}: {_shown(value)}" for name, value in headers.items()]


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= MAX_HEADER_CHARS else text[:MAX_HEADER_CHARS] + "…"


def _duration(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


# --- the run's switch (set by the `-v` option, reset by entry.main for each run) ---------------------

_active: ExchangeLog | None = None


def enable(stream: TextIO | None = None) -> None:
    global _active
    _active = ExchangeLog(stream)


def active() -> ExchangeLog | None:
    return _active


def reset() -> None:
    global _active
    _active = None
