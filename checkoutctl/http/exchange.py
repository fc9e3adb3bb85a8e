"""One exchange's bookkeeping, shared by both transports: the deadline's watchdog, whether request bytes
have left, and how a failure is told (base.py's NotSent / MaybeSent, with the same reasons).

- **A deadline for the whole exchange.** A socket timeout bounds one read, so a server that drips a
  byte at a time, or answers `100 Continue` forever, defeats it. The transports set socket timeouts
  no longer than the time left, and `guarded` runs a watchdog timer that shuts the connection's
  socket down when the deadline passes, which ends any read or write in progress: DeadlineExceeded.
- **Whether it was sent, from the layer that knows.** The transport's connection marks the moment it
  writes the first request byte (`Exchange.bytes_sent`). A failure before that is NotSent (safe to
  repeat); any failure after it is MaybeSent: the outcome is unknown. The reason is told from
  exception classes (the stdlib's here, urllib3's added by the requests transport), never from text.
"""

from __future__ import annotations

import socket
import threading
from contextlib import contextmanager
from typing import Callable, Iterator, Mapping

from checkoutctl.http.base import DeadlineExceeded, Interrupted, MaybeSent, NotSent, TransportError
from checkoutctl.http.policy import Deadline

# Why an exchange failed after the request was sent, most specific first (classify tries them in order).
DISCONNECTED = "the server closed the connection without answering"
RESET = "the connection was reset"
STATUS_LINE = "the server's status line is not HTTP"
LINE_TOO_LONG = "a line of the server's answer is too long"
BAD_CHUNKS = "the answer's chunked encoding is invalid"
INCOMPLETE = "the answer ended before its announced length"
BAD_HEADERS = "the answer's headers are malformed or conflict (Content-Length)"
UNDECODABLE = "the answer's body could not be decoded"
NOT_HTTP = "the server's answer is not valid HTTP"
TLS_FAILED = "the TLS connection failed"
PROTOCOL = "connection lost (protocol error)"
REASONS = (DISCONNECTED, RESET, STATUS_LINE, LINE_TOO_LONG, BAD_CHUNKS, INCOMPLETE, BAD_HEADERS, UNDECODABLE,
           NOT_HTTP, TLS_FAILED, PROTOCOL)

Types = tuple[type, ...]


class Exchange:
    """What the connection did during one exchange; written by the connection, read after."""

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


@contextmanager
def guarded(deadline: Deadline, classify: Callable[[Exception, Exchange], TransportError]) -> Iterator[Exchange]:
    """One exchange under its deadline's watchdog; whatever the stack raises leaves as a TransportError
    (`classify` tells which), Ctrl-C as Interrupted(sent=...), a deadline that passed as DeadlineExceeded."""
    exchange = Exchange()
    watchdog = threading.Timer(deadline.remaining(), exchange.expire)
    watchdog.daemon = True
    watchdog.start()
    try:
        yield exchange
    except TransportError as failure:
        raise (expired(deadline, exchange) if exchange.expired else failure) from None
    except KeyboardInterrupt:  # Ctrl-C: whether the server may act on it is what the caller must say
        raise Interrupted(sent=exchange.bytes_sent) from None
    except Exception as err:  # noqa: BLE001 - whatever the stack raises, the caller learns sent or not
        raise classify(err, exchange) from None
    finally:
        watchdog.cancel()
    if exchange.expired:
        raise expired(deadline, exchange)


def expired(deadline: Deadline, exchange: Exchange) -> DeadlineExceeded:
    return DeadlineExceeded(f"no complete answer within {deadline.total:g}s (read timeout)", sent=exchange.bytes_sent)


def after_sent(reason: str) -> MaybeSent:
    return MaybeSent(f"{reason} after the request was sent")


def causes(err: BaseException) -> list[BaseException]:
    """`err` and the exceptions it wraps: requests wraps urllib3 (args[0]), MaxRetryError wraps its `reason`
    (an exception; UnicodeError's `reason` is text, not followed)."""
    found: list[BaseException] = []
    todo: list[object] = [err]
    while todo and len(found) < 12:
        current = todo.pop(0)
        if not isinstance(current, BaseException) or any(current is f for f in found):
            continue
        found.append(current)
        todo += [getattr(current, "reason", None), current.__cause__, current.__context__, *current.args]
    return found


def classify(err: Exception, exchange: Exchange, deadline: Deadline, *, unsent: Callable[[list], NotSent | None],
             timeouts: Types = (), kinds: Mapping[str, Types] | None = None) -> TransportError:
    """The failure `err` means. Before any request byte left: connection refused, else what `unsent`
    (the transport's name, timeout and TLS errors) says, else "could not connect". After: a timeout
    (TimeoutError or one of `timeouts`) is the deadline; else the first of REASONS whose classes (the
    stdlib's, and the transport's own in `kinds`) are among the causes."""
    found = causes(err)

    def has(types: Types) -> bool:
        return any(isinstance(c, types) for c in found)

    if exchange.expired:
        return expired(deadline, exchange)
    if not exchange.bytes_sent:
        if has((ConnectionRefusedError,)):
            return NotSent("could not connect (connection refused)")
        return unsent(found) or NotSent(f"could not connect ({_os_reason(found, err)})")
    if has((TimeoutError, *timeouts)):
        return expired(deadline, exchange)
    stdlib = _stdlib_kinds()
    for reason in REASONS:
        if has((*stdlib.get(reason, ()), *(kinds or {}).get(reason, ()))):
            return after_sent(reason)
    return MaybeSent(f"connection lost ({_os_reason(found, err)}) after the request was sent")


def _stdlib_kinds() -> dict[str, Types]:
    import http.client
    import ssl

    return {DISCONNECTED: (http.client.RemoteDisconnected,), RESET: (ConnectionResetError,),
            STATUS_LINE: (http.client.BadStatusLine,), LINE_TOO_LONG: (http.client.LineTooLong,),
            INCOMPLETE: (http.client.IncompleteRead,), NOT_HTTP: (http.client.HTTPException,),
            TLS_FAILED: (ssl.SSLError,)}


def _os_reason(found: list[BaseException], err: BaseException) -> str:
    error = next((c for c in found if isinstance(c, OSError)), None)
    return getattr(error, "strerror", None) or type(err).__name__
