"""The transport seam: one exchange, `Transport.send(request, deadline) -> HttpResponse`.

A transport sends once and reads the answer whole (or fails): retries, redirects and URL policy are the
client's (client.py). When no usable answer comes back it raises a `TransportError` that says whether
the request may have reached the server (`sent`), decided by the layer that knows — the connection
wrote request bytes or it did not — and never from message text.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import Deadline

# A checkout answer is a few KiB; a server sending more than this, raw or decoded, is broken or hostile.
MAX_RESPONSE_BYTES = 16 * 1024 * 1024


class TransportError(Exception):
    """No usable answer. `sent`: the request may have reached the server; `retryable`: trying again may help."""

    sent = True

    def __init__(self, reason: str, *, retryable: bool = True, hint: str | None = None) -> None:
        super().__init__(reason)
        self.reason, self.retryable, self.hint = reason, retryable, hint


class NotSent(TransportError):
    """Nothing left this machine (bad address, connection refused, name not resolved, TLS refused)."""

    sent = False


class MaybeSent(TransportError):
    """Request bytes may have reached the server: a reset, a malformed answer, a protocol error."""

    sent = True


class DeadlineExceeded(MaybeSent):
    """The exchange outlived its deadline (`--timeout`): a silent, slow or dripping server."""

    def __init__(self, reason: str, *, sent: bool = True) -> None:
        super().__init__(reason)
        self.sent = sent


class AnswerTooLarge(MaybeSent):
    def __init__(self, reason: str) -> None:
        super().__init__(reason, retryable=False)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C during an exchange; `sent`: request bytes had left, so the server may act on it.

    Still a KeyboardInterrupt (the boundary exits 130); the layer that knows says whether it was sent."""

    def __init__(self, sent: bool) -> None:
        super().__init__()
        self.sent = sent


class Transport(ABC):
    """Sends one request and returns the whole answer, any status; raises TransportError otherwise."""

    @abstractmethod
    def send(self, request: HttpRequest, deadline: Deadline) -> HttpResponse: ...

    def close(self) -> None:  # connections to let go of, if any
        return None
