"""Serving a sandbox from a daemon thread that stops the moment it is told (the embedded sandbox).

`socketserver`'s `serve_forever(poll_interval)` notices `shutdown()` only when its poll times out: a
command that started an embedded sandbox waited up to that long (50 ms, half the cost of a look-up)
on its way out (issue 15). Here the thread waits on the listening socket and on one end of a socket
pair at once; `stop()` writes a byte to the other end, so the wait ends at once, whatever the poll.
Each request is accepted as `serve_forever` accepts it (`handle_request`, on a readable socket).
"""

from __future__ import annotations

import selectors
import socket
import threading
from socketserver import BaseServer


class ServingThread:
    def __init__(self, server: BaseServer, name: str = "checkoutctl-sandbox") -> None:
        self._server = server
        self._wake, self._waker = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._server, selectors.EVENT_READ)
            selector.register(self._wake, selectors.EVENT_READ)
            while True:
                ready = {key.fileobj for key, _ in selector.select()}
                if self._wake in ready:
                    return
                self._server.handle_request()  # the socket is readable: accepts without waiting

    def stop(self, timeout: float) -> None:
        """End the serving loop (at once) and wait up to `timeout` seconds for the thread to leave it."""
        try:
            self._waker.send(b"\0")
        except OSError:  # already stopped
            pass
        self._thread.join(timeout)
        self._waker.close()
        self._wake.close()

    def is_alive(self) -> bool:
        return self._thread.is_alive()
