"""The transport for plain http:// to loopback — the sandbox, embedded or `sandbox serve` — on http.client.

Why a second transport: `import requests` costs ~90 ms of a ~160 ms `order show` (urllib3 alone ~66
ms: importlib.metadata, email, logging, ssl, charset_normalizer, http.cookiejar), for TLS, proxies,
cookies and pools a loopback exchange never uses; http.client costs ~27 ms and the embedded sandbox's
server has loaded it already (issue 15, benchmarks rows [4] and [4b]). routing.py sends it only what
`urls.plain_loopback` accepts; anything else it refuses (UsageError), so it is never a way out of the
URL policy.

It keeps every promise of the requests transport (transport.py) through the same modules: the
deadline, its watchdog and NotSent / MaybeSent at the first request byte written (exchange.py); the
same header fields and body (wire_request.py) and request target (urls.request_target); the same
caps and decoding (answer_body.py). What urllib3 adds to http.client's parsing of an answer (it
parses with http.client too) is done here the same way: two different Content-Length values are a
malformed answer (urllib3 `HTTPResponse._init_length`); the chunked framing is read as urllib3
`read_chunked` reads it (a size line or trailer line over 64 KiB is a protocol error, a size that is
not hex digits is "chunked encoding is invalid" — stricter than urllib3's int(line, 16), which takes
"-5" —, the two bytes after each chunk's data dropped, trailer fields read to a CRLF line or the end;
past 100 trailer fields reading stops and the connection is not reused, where urllib3 reads on);
a kept-alive connection the server has closed or written to since is not reused (urllib3
`is_connection_dropped`). Proxies are never used (the requests transport bypasses them for loopback
too); redirects are the client's, never followed.
"""

from __future__ import annotations

import http.client
import re
import select
import socket
import time
from typing import Any, Iterator

from checkoutctl.errors import UsageError
from checkoutctl.http import exchange as exchanges
from checkoutctl.http.answer_body import CHUNK, read_body
from checkoutctl.http.base import MAX_RESPONSE_BYTES, NotSent, Transport, TransportError
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import Deadline
from checkoutctl.http.urls import display_url, plain_loopback, request_target
from checkoutctl.http.wire_request import wire_request

# The bound on a chunk-size or trailer line (urllib3 _MAX_CHUNK_LINE_LENGTH, http.client _MAXLINE) and on
# the trailer fields read (http.client _MAXHEADERS; urllib3 reads any number).
MAX_LINE = 65536
MAX_FIELDS = 100
_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")  # RFC 9112 §7.1: chunk-size = 1*HEXDIG


class LoopbackTransport(Transport):
    def __init__(self, *, max_response_bytes: int = MAX_RESPONSE_BYTES) -> None:
        self.max_response_bytes = max_response_bytes
        self._idle: dict[tuple[str, int], _Connection] = {}  # one kept-alive connection per host and port

    def close(self) -> None:
        for connection in self._idle.values():
            connection.close()
        self._idle.clear()

    def send(self, request: HttpRequest, deadline: Deadline) -> HttpResponse:
        address = plain_loopback(request.url)
        if address is None:
            raise UsageError(f"the loopback transport sends plain http:// to loopback only, not {display_url(request.url)!r}")
        wire = wire_request(request)
        target = request_target(request.url)
        connection = self._idle.pop(address, None)
        if connection is not None and connection.dropped():
            connection.close()
            connection = None
        started = time.monotonic()
        with exchanges.guarded(deadline, lambda err, exchange: _classify(err, exchange, deadline)) as exchange:
            connection = connection or _Connection(*address)
            try:
                connection.exchange = exchange
                if connection.sock is None:
                    connection.timeout = max(deadline.connect_timeout(), 0.001)
                    connection.connect()
                sock = connection.sock
                exchange.watch(sock)
                sock.settimeout(max(deadline.remaining(), 0.001))
                connection.request(wire.method, target, body=wire.body, headers=wire.headers)
                answer = connection.getresponse()  # status line and head, 100 Continue skipped (http.client)
                fields = _fields(answer)
                framing = _Body(answer, fields, wire.method, sock, deadline)
                body = read_body(framing.chunks(), fields.get("content-encoding"), fields.get("content-length"),
                                 self.max_response_bytes, request.on_body)
            except BaseException:
                connection.close()
                raise
            finally:
                connection.exchange = None
        answer.close()  # the head and body are read: the connection is free for the next request, or closed
        if framing.reusable:
            self._idle[address] = connection
        else:
            connection.close()
        return HttpResponse(answer.status, fields, body, request.url, time.monotonic() - started,
                            sent_headers=dict(wire.headers))


class _Connection(http.client.HTTPConnection):
    """Tells the exchange in progress the moment the first request byte is written."""

    exchange: exchanges.Exchange | None = None

    def send(self, data: Any) -> None:  # every request byte passes here (http.client._send_output)
        if self.exchange is not None:
            self.exchange.bytes_sent = True  # a write that fails half-way may still have reached the server
        super().send(data)

    def dropped(self) -> bool:
        """Closed by the server, or holding bytes nobody asked for, since its last answer (urllib3
        `util.connection.is_connection_dropped`: readable while idle)."""
        if self.sock is None:
            return True
        try:
            return bool(select.select([self.sock], [], [], 0)[0])
        except (OSError, ValueError):
            return True


def _fields(answer: http.client.HTTPResponse) -> dict[str, str]:
    """The answer's header fields, names lower-cased, a repeated field's values joined with ", " (as
    urllib3's HTTPHeaderDict joins them for requests)."""
    fields: dict[str, str] = {}
    for name, value in answer.msg.items():
        key = name.lower()
        fields[key] = f"{fields[key]}, {value}" if key in fields else value
    return fields


class _Body:
    """The body's bytes off their framing, each read under a socket timeout no longer than the time left;
    `reusable` turns False when the framing was odd enough that the connection is not trusted again."""

    def __init__(self, answer: http.client.HTTPResponse, fields: dict[str, str], method: str, sock: socket.socket,
                 deadline: Deadline) -> None:
        self.reusable = not answer.will_close
        self._fp, self._sock, self._deadline = answer.fp, sock, deadline
        self.chunked = "chunked" in [e.strip() for e in fields.get("transfer-encoding", "").lower().split(",")]
        self.length = None if self.chunked else _content_length(fields.get("content-length"))
        if answer.status in (204, 304) or 100 <= answer.status < 200 or method == "HEAD":
            self.chunked, self.length = False, 0

    def chunks(self) -> Iterator[bytes]:
        return self._unchunked() if self.chunked else self._sized(self.length)

    def _read(self, size: int) -> bytes:
        self._sock.settimeout(max(self._deadline.remaining(), 0.001))
        return self._fp.read(size)

    def _line(self) -> bytes:
        self._sock.settimeout(max(self._deadline.remaining(), 0.001))
        return self._fp.readline(MAX_LINE + 1)

    def _sized(self, length: int | None) -> Iterator[bytes]:
        """`length` bytes, or up to the end of the stream when no length was given."""
        left = length
        while left is None or left > 0:
            data = self._read(CHUNK if left is None else min(left, CHUNK))
            if not data:
                if left is not None:
                    raise http.client.IncompleteRead(b"", left)
                return
            if left is not None:
                left -= len(data)
            yield data

    def _unchunked(self) -> Iterator[bytes]:
        """RFC 9112 §7.1: chunk-size [extensions] CRLF, data CRLF, ..., last-chunk, trailer fields, CRLF;
        read as urllib3 `HTTPResponse.read_chunked` reads it, so both transports take the same answers."""
        while True:
            line = self._line()
            if not line:  # urllib3: ProtocolError("Response ended prematurely")
                raise exchanges.after_sent(exchanges.PROTOCOL)
            if len(line) > MAX_LINE:  # urllib3: "chunk size line exceeded maximum allowed length"
                raise exchanges.after_sent(exchanges.PROTOCOL)
            size_text = line.split(b";", 1)[0].strip()
            if not _CHUNK_SIZE.fullmatch(size_text):  # urllib3: InvalidChunkLength
                raise exchanges.after_sent(exchanges.BAD_CHUNKS)
            size = int(size_text, 16)
            if size == 0:
                break
            yield from self._sized(size)
            end = self._read(2)  # the CRLF after the data, dropped unread as urllib3 drops it
            if len(end) < 2:
                raise http.client.IncompleteRead(end, 2 - len(end))
            self.reusable = self.reusable and end == b"\r\n"
        for _ in range(MAX_FIELDS):  # trailer fields, dropped, up to the blank line or the end (as urllib3)
            line = self._line()
            if len(line) > MAX_LINE:
                raise exchanges.after_sent(exchanges.PROTOCOL)
            if line in (b"\r\n", b""):
                return
        self.reusable = False  # more than a head's worth of trailer: stop reading, do not trust the rest


def _content_length(value: str | None) -> int | None:
    """urllib3 `HTTPResponse._init_length`: one number (repeats of it allowed), none when unreadable;
    two different numbers are a malformed answer."""
    if value is None:
        return None
    try:
        lengths = {int(v) for v in value.split(",")}
    except ValueError:
        return None
    if len(lengths) > 1:
        raise exchanges.after_sent(exchanges.BAD_HEADERS)
    length = lengths.pop()
    return length if length >= 0 else None


def _classify(err: Exception, exchange: exchanges.Exchange, deadline: Deadline) -> TransportError:
    def unsent(found: list[BaseException]) -> NotSent | None:
        if any(isinstance(c, socket.gaierror) for c in found):
            return NotSent("could not connect (name not resolved)")
        if any(isinstance(c, TimeoutError) for c in found):
            return NotSent(f"no connection within {deadline.connect:g}s (connect timeout)")
        return None

    return exchanges.classify(err, exchange, deadline, unsent=unsent)
