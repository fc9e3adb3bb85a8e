"""The sandbox's HTTP/1.1 server: the standard library's `http.server`, a WSGI app behind it.

Why not werkzeug's dev server: it answers every request with `Connection: close` and reads bodies
loosely (a negative Content-Length is read as none, a bad chunk size becomes an exception inside the
app); keeping connections alive there meant overriding its internal `run_wsgi`. Here only documented
extension points of `http.server.BaseHTTPRequestHandler` are used (`protocol_version`, `parse_request`,
`handle_one_request`, `send_error`), so keep-alive is the stdlib's own (it needs a Content-Length on
every answer, which `_send` guarantees) and werkzeug stays the app's router and request parser.

Each request: the request line and headers are checked (framing.py: 400/413/501, then the connection
is closed; 414 for a request line over 64 KiB; 431 for a header line over 64 KiB or more than 100
headers, RFC 6585 §5, the stdlib's limits, read by `framing.read_headers`), the body is read whole to
the 1 MiB limit, the app runs on a `BytesIO` of it, and its answer is buffered so it always carries a
Content-Length. A client's Session reuses one connection (benchmarks/sandbox_lookups.py). The connection is closed when the client asks, the app fails, a fault
drops it (`reset`, `reset-after-read`) or sends fewer bytes than its Content-Length (`truncate`).
"""

from __future__ import annotations

import io
import socket
import socketserver
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote, urlsplit

from checkoutctl.sandbox import framing

# Like Apache's KeepAliveTimeout: an idle connection is closed after this, freeing its thread.
IDLE_SECONDS = 15.0
# After refusing a body unread, what the client still sends is read and dropped for this long, so it
# sees the answer instead of a reset (Apache's lingering close).
LINGER_SECONDS = 2.0
NO_BODY_STATUSES = frozenset({204, 304})
SOCKET_KEY = "checkoutctl.socket"  # environ key: the client socket, for the reset faults


_DATE: tuple = (None, "")  # (the second, its Date text): replaced whole, so no thread sees half of it


def _version(text: str) -> tuple[int, int]:
    """HTTP/x.y as http.server reads it; Refused 400 when malformed, 505 from HTTP/2.0 on."""
    major, dot, minor = text[5:].partition(".") if text.startswith("HTTP/") else ("", "", "")
    if not dot or not all(part.isdigit() and len(part) <= 10 for part in (major, minor)):
        raise framing.Refused(400, f"Bad request version ({text!r})")
    if int(major) >= 2:
        raise framing.Refused(505, f"Invalid HTTP version ({text[5:]})")
    return int(major), int(minor)


class SandboxHTTPServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # the listen backlog (socketserver's default of 5 resets bursts of clients)
    stopping = False  # RunningSandbox.stop(): kept-alive connections get no further answers

    def __init__(self, host: str, port: int, app, handler: type[BaseHTTPRequestHandler]) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app = app
        super().__init__((host.strip("[]"), port), handler)

    def server_bind(self) -> None:
        # http.server's own asks the resolver for the address's name (socket.getfqdn: a reverse DNS
        # lookup, slow where DNS is, and ~10 ms of the idna codec's import): nothing here reads the
        # name, the app is told the address itself (SERVER_NAME), so the bind stays a bind (issue 15).
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def handle_error(self, request, client_address) -> None:
        """One line, never a traceback: a client that vanished is not the server's error."""
        err = sys.exc_info()[1]
        if not isinstance(err, (ConnectionError, TimeoutError)):
            sys.stderr.write(f"sandbox: connection from {client_address[0]} failed: {type(err).__name__}\n")


class SandboxRequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    # An error answered before the version is known still gets a status line (the stdlib default,
    # HTTP/0.9, would send a bare body).
    default_request_version = "HTTP/1.0"
    server_version = "checkoutctl-sandbox"
    sys_version = ""
    timeout = IDLE_SECONDS
    # Headers and body leave in one send (a buffered wfile, flushed once per answer); TCP_NODELAY as
    # well, so no reply waits on a delayed ACK.
    wbufsize = -1
    disable_nagle_algorithm = True
    error_content_type = "text/plain; charset=utf-8"
    error_message_format = "%(code)d %(message)s\n"
    quiet = False  # no access log (the embedded sandbox shares stderr with its command)

    def parse_request(self) -> bool:
        self.command = None
        self.request_version = self.default_request_version
        self.close_connection = True
        self.requestline = str(self.raw_requestline, "iso-8859-1").rstrip("\r\n")  # for the log line
        try:
            framing.check_request_line(self.raw_requestline)  # so: exactly three parts, one space apart
            command, path, version = self.requestline.split(" ")
            self.close_connection = _version(version) < (1, 1)
            self.command, self.path, self.request_version = command, path, version
            if path.startswith("//"):  # as http.server does (gh-87389): no scheme-relative open redirect
                self.path = "/" + path.lstrip("/")
            self.headers = framing.read_headers(self.rfile)
        except framing.Refused as refusal:
            self.send_error(refusal.status, refusal.reason)
            return False
        # http.server's own steps from here on: Connection, then Expect.
        connection = self.headers.get("Connection", "").lower()
        if connection == "close":
            self.close_connection = True
        elif connection == "keep-alive":
            self.close_connection = False
        if self.headers.get("Expect", "").lower() == "100-continue" and version >= "HTTP/1.1":
            return self.handle_expect_100()
        return True

    def date_time_string(self, timestamp: float | None = None) -> str:
        """The Date header's text, made once a second rather than on every answer (~5% of a lookup)."""
        if timestamp is not None:
            return super().date_time_string(timestamp)
        global _DATE
        second = int(time.time())
        cached = _DATE
        if cached[0] != second:
            cached = _DATE = (second, super().date_time_string(second))
        return cached[1]

    def handle_expect_100(self) -> bool:
        return True  # sent in `_read_body`, once the body is known to be wanted

    def handle_one_request(self) -> None:
        # The stdlib's own loop step, with every request method going to `_answer`.
        try:
            self.raw_requestline = self.rfile.readline(65537)
            if len(self.raw_requestline) > 65536:
                self.requestline, self.request_version, self.command = "", self.default_request_version, None
                self.send_error(414, "the request line is too long")
                self.close_connection = True
                return
            if not self.raw_requestline:
                self.close_connection = True
                return
            if not self.parse_request():
                self.wfile.flush()
                return
            self._answer()
            self.wfile.flush()
        except (TimeoutError, ConnectionError):
            self.close_connection = True

    def _answer(self) -> None:
        if self.server.stopping:
            self.close_connection = True
            return
        try:
            if self.headers.defects or self.headers.get_payload():  # a line that is not `name: value`
                raise framing.Refused(400, "a header line is malformed")
            if self.request_version == "HTTP/1.1" and len(self.headers.get_all("Host") or []) != 1:
                raise framing.Refused(400, "an HTTP/1.1 request needs exactly one Host header")
            body = self._read_body()
        except framing.Refused as refusal:
            self.close_connection = True
            self.send_error(refusal.status, refusal.reason)
            self._linger()
            return
        environ = self._environ(body)
        answer: list = []
        chunks: list[bytes] = []

        def start_response(status, headers, exc_info=None):
            if exc_info and answer:
                raise exc_info[1].with_traceback(exc_info[2])
            answer[:] = [status, headers]
            return chunks.append

        try:
            result = self.server.app(environ, start_response)
            try:
                chunks.extend(result)
            finally:
                if hasattr(result, "close"):
                    result.close()
        except (ConnectionError, TimeoutError):  # a fault dropped it, or the client left
            self.close_connection = True
            return
        except Exception as err:  # noqa: BLE001 - a 500, one line; this connection is done
            self.close_connection = True
            self.log_error("error on request %s %s: %s", self.command, self.path, type(err).__name__)
            answer[:] = ["500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain; charset=utf-8")]]
            chunks[:] = [b"Internal Server Error\n"]
        self._send(answer[0], answer[1], b"".join(chunks))

    def _read_body(self) -> bytes:
        length = framing.body_length(self.request_version, self.headers.get_all)
        if length is not None and length > framing.MAX_BODY_BYTES:
            raise framing.Refused(413, f"the body is over {framing.MAX_BODY_BYTES} bytes")
        if self.headers.get("Expect", "").strip(" \t").lower() == "100-continue" and self.request_version == "HTTP/1.1":
            self.send_response_only(100)
            self.end_headers()
            self.wfile.flush()
        return framing.read_chunked(self.rfile) if length is None else framing.read_exact(self.rfile, length)

    def _linger(self) -> None:
        """Send what is written, then drop what the client still sends for a moment (bounded)."""
        try:
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_WR)
            self.connection.settimeout(LINGER_SECONDS)
            for _ in range(1024):  # at most 64 MiB read and dropped, 64 KiB at a time
                if not self.connection.recv(65536):
                    break
        except OSError:
            pass

    def _environ(self, body: bytes) -> dict:
        target = self.path
        host = self.headers.get("Host", "")
        if target.startswith("/"):
            path, _, query = target.partition("?")
        else:  # absolute-form: its authority is the host (RFC 9112 §3.2.2); `*`: no path
            parts = urlsplit(target)
            path, query, host = parts.path or "/", parts.query, parts.netloc or host
        environ = {
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(body),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": True,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
            SOCKET_KEY: self.connection,
            "SERVER_SOFTWARE": self.server_version,
            "REQUEST_METHOD": self.command,
            "SCRIPT_NAME": "",
            # PEP 3333: percent-decoded bytes, carried as latin-1 text.
            "PATH_INFO": unquote(path, encoding="latin-1"),
            "QUERY_STRING": query,
            "REQUEST_URI": target,
            "REMOTE_ADDR": self.client_address[0],
            "REMOTE_PORT": self.client_address[1],
            "SERVER_NAME": self.server.server_address[0],
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": self.request_version,
            "CONTENT_LENGTH": str(len(body)),
        }
        for key, value in self.headers.items():
            if "_" in key:  # X_Forwarded vs X-Forwarded would be one CGI name: drop the ambiguous form
                continue
            key = key.upper().replace("-", "_")
            if key == "CONTENT_TYPE":
                environ[key] = value
            elif key not in ("CONTENT_LENGTH", "TRANSFER_ENCODING"):
                key = f"HTTP_{key}"
                environ[key] = f"{environ[key]},{value}" if key in environ else value
        if host:
            environ["HTTP_HOST"] = host
        return environ

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
        self.end_headers()
        if not no_body and self.command != "HEAD":
            self.wfile.write(body)  # buffered (wbufsize): leaves with the headers in one send

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        self.close_connection = True
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        if not self.quiet:
            sys.stderr.write(f"{self.address_string()} - {format % args}\n")


class QuietRequestHandler(SandboxRequestHandler):
    """No access log: the embedded sandbox shares stderr with the command that started it."""

    quiet = True

    def log_error(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
        sys.stderr.write(f"sandbox: {format % args}\n")
