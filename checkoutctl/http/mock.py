"""An in-memory transport for unit tests (as httpx's `MockTransport(handler)`): no socket, no sleep.

`handler(request) -> HttpResponse` answers, or raises a TransportError (NotSent, MaybeSent) to play a
network failure. A handler that advances the test's clock past the deadline plays a slow server: the
exchange then fails as DeadlineExceeded, as the real transport's would.
"""

from __future__ import annotations

from typing import Callable

from checkoutctl.http.base import DeadlineExceeded, Transport
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import Deadline

Handler = Callable[[HttpRequest], HttpResponse]


class MockTransport(Transport):
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[HttpRequest] = []  # every request sent, in order

    def send(self, request: HttpRequest, deadline: Deadline) -> HttpResponse:
        self.requests.append(request)
        response = self.handler(request)
        if deadline.expired:
            raise DeadlineExceeded(f"no complete answer within {deadline.total:g}s (read timeout)")
        return response
