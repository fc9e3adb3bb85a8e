"""The real transport: one `requests.Session` (connections reused across orders) behind `Transport.send`.

The only module that imports `requests` (STYLE.md §3), and lazily: `validate` and `--help` never pay
for it. What it adds to requests, each for a promise of CONTRACT §3/§7:

- **A deadline for the whole exchange.** requests' read timeout bounds each socket read, so a server
  that drips a byte at a time, or answers `100 Continue` forever, defeats it. Here the socket timeouts
  never exceed the time left, and a watchdog timer shuts the connection's socket down when the
  deadline passes, which ends any read or write in progress; the failure is DeadlineExceeded.
- **Whether it was sent, from the layer that knows.** Our connection class marks the moment it writes
  the first request byte. A failure before that is NotSent (safe to repeat); any failure after it —
  a reset, a malformed status line or headers (two Content-Length values), bad chunk sizes, undecodable
  content, a timeout — is MaybeSent: the outcome is unknown. The reason is told from urllib3's and
  http.client's exception classes, never from message text.
- **A size cap, compressed or not.** The body is read raw and decoded here (gzip/deflate, the encodings
  we ask for), with both the raw and the decoded size capped: a gzip bomb stops at the cap.
"""

from __future__ import annotations

import socket
import threading
import time
import zlib
from typing import Any

from checkoutctl.errors import UsageError
from checkoutctl.http.base import (MAX_RESPONSE_BYTES, AnswerTooLarge, DeadlineExceeded, Interrupted, MaybeSent,
                                   NotSent, Transport, TransportError)
from checkoutctl.http.json_body import encode_json
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import Deadline
from checkoutctl.http.urls import check_url, display_url

CHUNK = 16 * 1024
ACCEPT_ENCODING = "gzip, deflate"  # only what _Inflate decodes (requests would add br/zstd when installed)
_local = threading.local()  # the exchange in progress on this thread, for the connection hooks
_session_class = None


class RequestsTransport(Transport):
    def __init__(self, *, max_response_bytes: int = MAX_RESPONSE_BYTES) -> None:
        self.max_response_bytes = max_response_bytes
        self._session = None

    def close(self) -> None:
        if self._session is not None:
            self._session.close()
            self._session = None

    def send(self, request: HttpRequest, deadline: Deadline) -> HttpResponse:
        if self._session is None:
            self._session = _new_session()
        prepared = _prepare(self._session, request)
        # The URL policy once more, on the very URL the connection pool will be picked by; and a proxy
        # from the environment must not see loopback traffic (the sandbox token travels in clear).
        loopback = check_url(prepared.url)
        options = self._session.merge_environment_settings(
            prepared.url, {"http": None, "https": None, "all": None} if loopback else {}, True, None, None)
        exchange = _Exchange()
        watchdog = threading.Timer(deadline.remaining(), exchange.expire)
        watchdog.daemon = True
        started = time.monotonic()
        _local.exchange = exchange
        watchdog.start()
        try:
            raw = self._session.send(prepared, allow_redirects=False, **{
                **options, "stream": True,
                "timeout": (max(deadline.connect_timeout(), 0.001), max(deadline.remaining(), 0.001))})
            try:
                body = _read_body(raw, self.max_response_bytes, request.on_body)
            finally:
                raw.close()
        except TransportError as failure:
            raise (_expired(deadline, exchange) if exchange.expired else failure) from None
        except KeyboardInterrupt:  # Ctrl-C: whether the server may act on it is what the caller must say
            raise Interrupted(sent=exchange.bytes_sent) from None
        except Exception as err:  # noqa: BLE001 - whatever the stack raises, the caller learns sent or not
            raise _classify(err, exchange, deadline) from None
        finally:
            watchdog.cancel()
            _local.exchange = None
        if exchange.expired:
            raise _expired(deadline, exchange)
        return HttpResponse(raw.status_code, {k.lower(): v for k, v in raw.headers.items()}, body,
                            request.url, time.monotonic() - started, sent_headers=dict(prepared.headers))


class _Exchange:
    """What the connection did during one exchange; written by the connection hooks, read after."""

    def __init__(self) -> None:
        self.bytes_sent = False
        self.expired = False
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def watch(self, sock: socket.socket | None) -> None:
        with self._lock:
            self._sock = sock
            if self.expired:
                _shut(sock)

    def expire(self) -> None:
        with self._lock:
            self.expired = True
            _shut(self._sock)


def _shut(sock: socket.socket | None) -> None:
    if sock is None:
        return
    try:
        # The plain socket's shutdown, also under TLS: SSLSocket.shutdown would drop the TLS object a read
        # in the other thread is using; this makes that read see the end of the stream.
        socket.socket.shutdown(sock, socket.SHUT_RDWR)
    except OSError:
        pass


def _prepare(session: Any, request: HttpRequest) -> Any:
    import requests

    headers = {"User-Agent": _user_agent(), "Accept-Encoding": ACCEPT_ENCODING, **request.headers}
    data: Any = None
    if request.json is not None:
        data = encode_json(request.json).encode("utf-8")
        if not any(k.lower() == "content-type" for k in headers):
            headers["Content-Type"] = "application/json"
    elif request.form is not None:
        data = request.form
    try:
        return session.prepare_request(requests.Request(request.method.upper(), request.url, headers=headers,
                                                        data=data, auth=request.basic_auth))
    except (requests.exceptions.RequestException, ValueError) as err:  # before any connection: a config error
        raise UsageError(f"cannot send to {display_url(request.url)}: {type(err).__name__}",
                         hint="check base_url and the profile's header values (origin, tokens)") from None


def _read_body(raw: Any, cap: int, on_body: Any = None) -> bytes:
    """The decoded body; `on_body(received, total)` after each chunk, in bytes as they came over the wire
    (`total`: the Content-Length, when it is one number within the cap)."""
    encodings = [e.strip().lower() for e in (raw.headers.get("content-encoding") or "").split(",")]
    layers = [_Inflate(e) for e in reversed(encodings) if e and e != "identity"]  # RFC 9110 §8.4: in order applied
    length = (raw.headers.get("content-length") or "").strip()
    total = int(length) if length.isdigit() and len(length) < 16 and int(length) <= cap else None
    chunks, raw_size, size = [], 0, 0
    for data in raw.raw.stream(CHUNK, decode_content=False):
        raw_size += len(data)
        if raw_size > cap:
            raise AnswerTooLarge(f"the answer is larger than {cap // 2**20} MiB")
        if on_body is not None:
            on_body(raw_size, total)
        for layer in layers:
            data = layer.feed(data, cap - size)
        size += len(data)
        chunks.append(data)
    for layer in layers:
        layer.finish()
    return b"".join(chunks)


class _Inflate:
    """One gzip or deflate layer, decoded with a bound on its output (a gzip bomb stops at the cap)."""

    def __init__(self, encoding: str) -> None:
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise MaybeSent(f"the answer's Content-Encoding {encoding[:40]!r} was not asked for", retryable=False)
        self.encoding = encoding
        self._inflater: Any = None
        self._pending = b""

    def feed(self, data: bytes, room: int) -> bytes:
        if self._inflater is None:
            self._pending += data
            if len(self._pending) < 2:
                return b""
            data, self._pending = self._pending, b""
            # "deflate" is the zlib format (RFC 9110 §8.4.1.2), though some servers send raw deflate.
            zlib_header = data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            wbits = 16 + zlib.MAX_WBITS if self.encoding != "deflate" else zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS
            self._inflater = zlib.decompressobj(wbits)
        if self._inflater.eof:
            return b""
        try:
            out = self._inflater.decompress(data, room + 1)
        except zlib.error:
            raise MaybeSent(f"the answer's {self.encoding} data is damaged", retryable=False) from None
        if len(out) > room:
            raise AnswerTooLarge(f"the answer decodes to more than {(room + 1) // 2**20 or 1} MiB ({self.encoding})")
        return out

    def finish(self) -> None:
        if self._pending or (self._inflater is not None and not self._inflater.eof):
            raise MaybeSent(f"the answer's {self.encoding} data ends early", retryable=False)


def _expired(deadline: Deadline, exchange: _Exchange) -> DeadlineExceeded:
    return DeadlineExceeded(f"no complete answer within {deadline.total:g}s (read timeout)", sent=exchange.bytes_sent)


def _causes(err: BaseException) -> list[BaseException]:
    """`err` and what it wraps: requests wraps urllib3 (args[0]), MaxRetryError wraps its `reason`."""
    found, todo = [], [err]
    while todo and len(found) < 12:
        current = todo.pop(0)
        if current is None or any(current is f for f in found):
            continue
        found.append(current)
        todo += [getattr(current, "reason", None), current.__cause__, current.__context__]
        todo += [a for a in getattr(current, "args", ()) if isinstance(a, BaseException)]
    return [c for c in found if isinstance(c, BaseException)]


def _classify(err: Exception, exchange: _Exchange, deadline: Deadline) -> TransportError:
    import http.client
    import ssl

    from requests import exceptions as rex
    from urllib3 import exceptions as u3

    causes = _causes(err)

    def has(*types: type) -> Any:
        return next((c for c in causes if isinstance(c, types)), None)

    if exchange.expired:
        return _expired(deadline, exchange)
    if not exchange.bytes_sent:
        if has(u3.NameResolutionError):
            return NotSent("could not connect (name not resolved)")
        if has(ConnectionRefusedError):
            return NotSent("could not connect (connection refused)")
        # urllib3's NewConnectionError subclasses ConnectTimeoutError: a timeout is one that is not that.
        if any(isinstance(c, u3.ConnectTimeoutError) and not isinstance(c, u3.NewConnectionError) for c in causes):
            return NotSent(f"no connection within {deadline.connect:g}s (connect timeout)")
        if has(u3.SSLError, ssl.SSLError, ssl.CertificateError):
            return NotSent("TLS verification failed", retryable=False,
                           hint="check the server's certificate; REQUESTS_CA_BUNDLE names a CA bundle")
        if has(u3.ProxyError):
            return NotSent("could not connect (the proxy failed)")
        error = has(OSError)
        reason = getattr(error, "strerror", None) or type(err).__name__
        return NotSent(f"could not connect ({reason})")
    if has(u3.ReadTimeoutError, TimeoutError, rex.ReadTimeout):
        return _expired(deadline, exchange)
    for types, reason in (
        ((http.client.RemoteDisconnected,), "the server closed the connection without answering"),
        ((ConnectionResetError,), "the connection was reset"),
        ((http.client.BadStatusLine,), "the server's status line is not HTTP"),
        ((http.client.LineTooLong,), "a line of the server's answer is too long"),
        ((u3.InvalidChunkLength,), "the answer's chunked encoding is invalid"),
        ((u3.IncompleteRead, http.client.IncompleteRead), "the answer ended before its announced length"),
        ((u3.InvalidHeader, rex.InvalidHeader), "the answer's headers are malformed or conflict (Content-Length)"),
        ((u3.DecodeError, rex.ContentDecodingError), "the answer's body could not be decoded"),
        ((http.client.HTTPException,), "the server's answer is not valid HTTP"),
        ((u3.SSLError, ssl.SSLError), "the TLS connection failed"),
        ((u3.ProtocolError, rex.ChunkedEncodingError), "connection lost (protocol error)"),
    ):
        if has(*types):
            return MaybeSent(f"{reason} after the request was sent")
    error = has(OSError)
    reason = getattr(error, "strerror", None) or type(err).__name__
    return MaybeSent(f"connection lost ({reason}) after the request was sent")


def _new_session() -> Any:
    global _session_class
    if _session_class is None:
        _session_class = _define_session()
    return _session_class()


def _define_session() -> type:
    """A requests.Session whose connections report to the exchange in progress (`_Exchange`)."""
    import requests
    from requests.adapters import HTTPAdapter
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Watched:
        def connect(self) -> None:
            super().connect()  # type: ignore[misc]
            exchange = getattr(_local, "exchange", None)
            if exchange is not None:
                exchange.watch(self.sock)  # type: ignore[attr-defined]

        def send(self, data: Any) -> None:  # http.client.HTTPConnection.send: every request byte passes here
            if self.sock is None:  # type: ignore[attr-defined]
                self.connect()
            exchange = getattr(_local, "exchange", None)
            if exchange is not None:
                exchange.bytes_sent = True  # a write that fails half-way may still have reached the server
                exchange.watch(self.sock)  # type: ignore[attr-defined]
            super().send(data)  # type: ignore[misc]

    class WatchedHTTP(Watched, HTTPConnection):
        pass

    class WatchedHTTPS(Watched, HTTPSConnection):
        pass

    class HTTPPool(HTTPConnectionPool):
        ConnectionCls = WatchedHTTP

    class HTTPSPool(HTTPSConnectionPool):
        ConnectionCls = WatchedHTTPS

    pools = {"http": HTTPPool, "https": HTTPSPool}

    class Adapter(HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = pools

        def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
            manager = super().proxy_manager_for(proxy, **kwargs)
            manager.pool_classes_by_scheme = pools
            return manager

    class Session(requests.Session):
        def __init__(self) -> None:
            super().__init__()
            self.mount("http://", Adapter())
            self.mount("https://", Adapter())

    return Session


def _user_agent() -> str:
    from checkoutctl import __version__

    return f"checkoutctl/{__version__}"
