"""HTTP/1.1 keep-alive for the sandbox's werkzeug server.

werkzeug's dev server answers every request with `Connection: close` and, after the app, drains the
socket until it goes quiet (werkzeug/serving.py `run_wsgi`): it cannot keep a connection because it
does not know where the next request starts. Here the app reads its body through a `LimitedStream`
of exactly Content-Length bytes, whatever it leaves unread is skipped, and the answer is buffered so
it always carries a Content-Length. A client's Session then reuses one connection:
benchmarks/run.py measured 8 clients doing GET /pagbank/checkouts/{id} (see benchmarks/README.md).

The connection is closed, as before, when the request asks for it, has a chunked body, the app fails,
a fault drops it (`reset`, `reset-after-read`) or sends fewer bytes than its Content-Length
(`truncate`: the client must see an incomplete read, not wait for the rest).
"""

from __future__ import annotations

import socket
import sys

from werkzeug.serving import WSGIRequestHandler
from werkzeug.wsgi import LimitedStream

# Like Apache's KeepAliveTimeout: an idle connection is closed after this, freeing its thread.
IDLE_SECONDS = 15.0
NO_BODY_STATUSES = frozenset({204, 304})


class KeepAliveRequestHandler(WSGIRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    # Headers and body leave in one send; TCP_NODELAY as well, so no reply waits on a delayed ACK.
    disable_nagle_algorithm = True

    def run_wsgi(self) -> None:
        if getattr(self.server, "stopping", False):  # RunningSandbox.stop(): answer nothing more
            self.close_connection = True
            return
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        self.environ = environ = self.make_environ()
        body_stream = None
        if "wsgi.input_terminated" in environ:  # a chunked request body: no keep-alive for it
            self.close_connection = True
        else:
            length = environ.get("CONTENT_LENGTH", "")
            body_stream = LimitedStream(self.rfile, int(length) if length.isdigit() else 0)
            environ["wsgi.input"] = body_stream
        answer: list = []

        def start_response(status, headers, exc_info=None):
            if exc_info and answer:
                raise exc_info[1].with_traceback(exc_info[2])
            answer[:] = [status, headers]
            return lambda data: chunks.append(data)

        chunks: list[bytes] = []
        try:
            result = self.server.app(environ, start_response)
            try:
                chunks.extend(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
            if body_stream is not None:
                body_stream.exhaust()  # what the route left unread is not the next request
        except (ConnectionError, socket.timeout) as err:  # a fault dropped it, or the client left
            self.connection_dropped(err, environ)
            self.close_connection = True
            return
        except Exception:  # noqa: BLE001 - like werkzeug: a 500, logged; this connection is done
            self.close_connection = True
            self.log_error("Error on request %s %s: %s", self.command, self.path, sys.exc_info()[1])
            answer[:] = ["500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain; charset=utf-8")]]
            chunks[:] = [b"Internal Server Error\n"]
        self._send(answer[0], answer[1], b"".join(chunks))

    def _send(self, status: str, headers: list[tuple[str, str]], body: bytes) -> None:
        code_text, _, reason = status.partition(" ")
        code = int(code_text)
        declared, said_close = None, False
        self.send_response(code, reason)
        for key, value in headers:
            if key.lower() == "content-length":
                declared = int(value)
            said_close = said_close or (key.lower() == "connection" and value.lower() == "close")
            self.send_header(key, value)  # http.server: `Connection: close` sets close_connection
        no_body = code < 200 or code in NO_BODY_STATUSES
        if declared is None and not no_body:
            self.send_header("Content-Length", str(len(body)))
        elif declared is not None and declared != len(body) and self.command != "HEAD":
            self.close_connection = True  # the `truncate` fault: end the short body with EOF
        if self.close_connection and not said_close:
            self.send_header("Connection", "close")
        self._headers_buffer.append(b"\r\n")
        if not no_body and self.command != "HEAD":
            self._headers_buffer.append(body)
        try:
            self.flush_headers()
        except socket.timeout:
            self.close_connection = True
