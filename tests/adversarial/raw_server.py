"""A hostile HTTP server that writes exact bytes: a loopback socket in a thread, no HTTP library.

Each connection's request (headers and Content-Length body) is read and recorded, then `answer(conn,
request)` writes whatever it likes — a dripped body, a flood of 1xx answers, two Content-Length
values, a reset. It serves until `stop()`; every loop is bounded by the stop event and a byte budget,
so nothing outlives the test.
"""

from __future__ import annotations

import socket
import struct
import threading
from typing import Callable

Answer = Callable[["Connection", bytes], None]
READ_TIMEOUT = 10.0


class Connection:
    """One accepted connection, with helpers that stop as soon as the server stops or the client leaves."""

    def __init__(self, sock: socket.socket, stopped: threading.Event) -> None:
        self.sock = sock
        self.stopped = stopped

    def send(self, data: bytes) -> bool:
        try:
            self.sock.sendall(data)
            return True
        except OSError:
            return False

    def drip(self, data: bytes, every: float = 0.05) -> None:
        """`data` one byte at a time, `every` seconds apart, until done, stopped or the client left."""
        for i in range(len(data)):
            if self.stopped.is_set() or not self.send(data[i:i + 1]) or self.stopped.wait(every):
                return

    def repeat(self, data: bytes, times: int, every: float = 0.01) -> None:
        for _ in range(times):
            if self.stopped.is_set() or not self.send(data) or self.stopped.wait(every):
                return

    def reset(self) -> None:
        """Close with RST instead of FIN (SO_LINGER 0): 'connection reset by peer' on the other side."""
        try:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.sock.close()
        except OSError:
            pass


class RawServer:
    def __init__(self, answer: Answer) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self.lock = threading.Lock()
        self.stopped = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self._listener.settimeout(0.1)
        self.port = self._listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._threads: list[threading.Thread] = []
        self._accepting = threading.Thread(target=self._accept, daemon=True)
        self._accepting.start()

    def count(self, method: str | None = None) -> int:
        with self.lock:
            return len([r for r in self.requests if method is None or r.startswith(method.encode() + b" ")])

    def stop(self) -> None:
        self.stopped.set()
        self._accepting.join(5)
        self._listener.close()
        for thread in self._threads:
            thread.join(5)

    def _accept(self) -> None:
        while not self.stopped.is_set():
            try:
                sock, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            thread = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(READ_TIMEOUT)
        conn = Connection(sock, self.stopped)
        try:
            while not self.stopped.is_set():  # keep-alive: the client may send its next request here
                request = _read_request(sock)
                if request is None:
                    return
                with self.lock:
                    self.requests.append(request)
                self.answer(conn, request)
                if sock.fileno() == -1:
                    return
        except OSError:
            pass
        finally:
            try:
                sock.close()
            except OSError:
                pass


def _read_request(sock: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            return None
        data += chunk
        if len(data) > 1 << 20:
            return None
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return head + b"\r\n\r\n" + body


def response(status: bytes, body: bytes = b"", *headers: bytes, content_type: bytes = b"application/json") -> bytes:
    """Exact bytes of an answer; `headers` are written as given (duplicates and all)."""
    lines = [b"HTTP/1.1 " + status, b"Content-Type: " + content_type, *headers]
    if not any(h.lower().startswith((b"content-length:", b"transfer-encoding:")) for h in headers):
        lines.append(b"Content-Length: " + str(len(body)).encode())
    return b"\r\n".join(lines) + b"\r\n\r\n" + body
