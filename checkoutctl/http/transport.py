"""The transport for every provider: one `requests.Session` (connections reused across orders) behind
`Transport.send`. Plain http:// to loopback (the sandbox) goes through loopback.py instead (routing.py).

The only module that imports `requests` (STYLE.md §3), and lazily: `validate` and `--help` never pay
for it. What it adds to requests, each for a promise of CONTRACT §3/§7, shared with loopback.py:

- **A deadline for the whole exchange** (exchange.py): socket timeouts never exceed the time left, and
  a watchdog shuts the connection's socket down when the deadline passes: DeadlineExceeded.
- **Whether it was sent, from the layer that knows.** Our connection class marks the moment it writes
  the first request byte. A failure before that is NotSent (safe to repeat); any failure after it —
  a reset, a malformed status line or headers (two Content-Length values), bad chunk sizes, undecodable
  content, a timeout — is MaybeSent: the outcome is unknown. The reason is told from urllib3's and
  http.client's exception classes (exchange.classify), never from message text.
- **A size cap, compressed or not.** The body is read raw and decoded by answer_body.py (gzip/deflate,
  the encodings we ask for), with both the raw and the decoded size capped: a gzip bomb stops at the cap.
- **The same request as the loopback transport sends** (wire_request.py): requests is handed the
  header fields and body bytes, and an auth hook that leaves them be, so ~/.netrc never replaces the
  Authorization field checkoutctl chose.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from checkoutctl.errors import UsageError
from checkoutctl.http import exchange as exchanges
from checkoutctl.http.answer_body import CHUNK, read_body
from checkoutctl.http.base import MAX_RESPONSE_BYTES, NotSent, Transport, TransportError
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import Deadline
from checkoutctl.http.urls import check_url_as_urllib3_reads, display_url
from checkoutctl.http.wire_request import wire_request

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
        # The URL policy once more, on the very URL the connection pool will be picked by, as urllib3 reads
        # it; and a proxy from the environment must not see loopback traffic (the sandbox token travels in
        # clear).
        loopback = check_url_as_urllib3_reads(prepared.url)
        options = self._session.merge_environment_settings(
            prepared.url, {"http": None, "https": None, "all": None} if loopback else {}, True, None, None)
        started = time.monotonic()
        with exchanges.guarded(deadline, lambda err, exchange: _classify(err, exchange, deadline)) as exchange:
            _local.exchange = exchange
            try:
                raw = self._session.send(prepared, allow_redirects=False, **{
                    **options, "stream": True,
                    "timeout": (max(deadline.connect_timeout(), 0.001), max(deadline.remaining(), 0.001))})
                try:
                    body = read_body(raw.raw.stream(CHUNK, decode_content=False), raw.headers.get("content-encoding"),
                                     raw.headers.get("content-length"), self.max_response_bytes, request.on_body)
                finally:
                    raw.close()
            finally:
                _local.exchange = None
        return HttpResponse(raw.status_code, {k.lower(): v for k, v in raw.headers.items()}, body,
                            request.url, time.monotonic() - started, sent_headers=dict(prepared.headers))


def _prepare(session: Any, request: HttpRequest) -> Any:
    import requests

    wire = wire_request(request)
    try:
        # `auth` as a hook that changes nothing: requests would otherwise look the host up in ~/.netrc and
        # replace the Authorization field (requests.Session.prepare_request, trust_env).
        return session.prepare_request(requests.Request(wire.method, request.url, headers=wire.headers,
                                                        data=wire.body, auth=_as_given))
    except (requests.exceptions.RequestException, ValueError) as err:  # before any connection: a config error
        raise UsageError(f"cannot send to {display_url(request.url)}: {type(err).__name__}",
                         hint="check base_url and the profile's header values (origin, tokens)") from None


def _as_given(prepared: Any) -> Any:
    return prepared


def _classify(err: Exception, exchange: exchanges.Exchange, deadline: Deadline) -> TransportError:
    import ssl

    from requests import exceptions as rex
    from urllib3 import exceptions as u3

    def unsent(found: list[BaseException]) -> NotSent | None:
        def has(*types: type) -> bool:
            return any(isinstance(c, types) for c in found)

        if has(u3.NameResolutionError):
            return NotSent("could not connect (name not resolved)")
        # urllib3's NewConnectionError subclasses ConnectTimeoutError: a timeout is one that is not that.
        if any(isinstance(c, u3.ConnectTimeoutError) and not isinstance(c, u3.NewConnectionError) for c in found):
            return NotSent(f"no connection within {deadline.connect:g}s (connect timeout)")
        if has(u3.SSLError, ssl.SSLError, ssl.CertificateError):
            return NotSent("TLS verification failed", retryable=False,
                           hint="check the server's certificate; REQUESTS_CA_BUNDLE names a CA bundle")
        if has(u3.ProxyError):
            return NotSent("could not connect (the proxy failed)")
        return None

    return exchanges.classify(err, exchange, deadline, unsent=unsent, timeouts=(u3.ReadTimeoutError, rex.ReadTimeout), kinds={
        exchanges.BAD_CHUNKS: (u3.InvalidChunkLength,), exchanges.INCOMPLETE: (u3.IncompleteRead,),
        exchanges.BAD_HEADERS: (u3.InvalidHeader, rex.InvalidHeader),
        exchanges.UNDECODABLE: (u3.DecodeError, rex.ContentDecodingError), exchanges.TLS_FAILED: (u3.SSLError,),
        exchanges.PROTOCOL: (u3.ProtocolError, rex.ChunkedEncodingError)})


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
