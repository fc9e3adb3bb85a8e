"""The transport a command uses: each request to the transport made for its URL.

- plain http:// to a loopback host (`urls.plain_loopback`: the sandbox, embedded or `sandbox serve`)
  -> LoopbackTransport (loopback.py, http.client: no requests, no urllib3 to import);
- anything else (https, any other host) -> RequestsTransport (transport.py), made, and requests
  imported, only when such a URL is first sent.

Both keep the same promises (deadline, sent or not, caps, the same request on the wire), so which one
answered changes nothing a user can see but the start-up time.
"""

from __future__ import annotations

from checkoutctl.http.base import MAX_RESPONSE_BYTES, Transport
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import Deadline
from checkoutctl.http.urls import plain_loopback


class RoutingTransport(Transport):
    def __init__(self, *, max_response_bytes: int = MAX_RESPONSE_BYTES) -> None:
        self.max_response_bytes = max_response_bytes
        self._loopback: Transport | None = None
        self._remote: Transport | None = None

    def pick(self, url: str) -> Transport:
        """The transport `url` goes through, made on first use."""
        if plain_loopback(url) is not None:
            if self._loopback is None:
                from checkoutctl.http.loopback import LoopbackTransport

                self._loopback = LoopbackTransport(max_response_bytes=self.max_response_bytes)
            return self._loopback
        return self.remote()

    def remote(self) -> Transport:
        if self._remote is None:
            from checkoutctl.http.transport import RequestsTransport

            self._remote = RequestsTransport(max_response_bytes=self.max_response_bytes)
        return self._remote

    def send(self, request: HttpRequest, deadline: Deadline) -> HttpResponse:
        return self.pick(request.url).send(request, deadline)

    def close(self) -> None:
        for transport in (self._loopback, self._remote):
            if transport is not None:
                transport.close()
        self._loopback = self._remote = None
