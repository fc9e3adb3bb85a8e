"""`checkoutctl listen`: a loopback receiver of sandbox notifications that checks and forwards them.

Like `stripe listen`: it listens on 127.0.0.1, registers itself in the home's sandbox database
(`sandbox_listeners`, sandbox/notifications.py) so every notification of the sandbox reaches it
without editing order files, and for each delivery

- checks `x-authenticity-token` = SHA-256 hex of "{token}-{raw body}" (PagBank, seeds/README); a bad
  or missing one is flagged and answered 401 (the sender retries), unless `--skip-verify`;
- forwards the exact body and those headers to `--forward-to URL` and answers with the app's status
  (502 when the app cannot be reached);
- prints one line on stdout: `[STATUS] POST URL  pagbank CHEC_… PAID` (the app's status and URL, or
  its own).
"""

from __future__ import annotations

import hmac
import http.client
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from checkoutctl.sandbox import framing
from checkoutctl.sandbox.notifications import HEADER, signature

FORWARD_TIMEOUT_SECONDS = 10.0
FORWARDED_HEADERS = ("Content-Type", HEADER)


def describe(body: bytes) -> str:
    """`pagbank CHEC_… PAID`: whose, which and what state a notification says."""
    try:
        doc = json.loads(body)
    except ValueError:
        return "(not JSON)"
    if not isinstance(doc, dict):
        return "(not a JSON object)"
    state = doc.get("status")
    orders = doc.get("orders") if isinstance(doc.get("orders"), list) else []
    charges = orders[-1].get("charges") if orders and isinstance(orders[-1], dict) else None
    if isinstance(charges, list) and charges and isinstance(charges[-1], dict):
        state = charges[-1].get("status") or state
    return f"pagbank {doc.get('id')} {state}"


class Listener:
    def __init__(self, token: str, forward_to: str | None, skip_verify: bool, port: int = 0) -> None:
        self.token, self.forward_to, self.skip_verify = token, forward_to, skip_verify
        self._lock = threading.Lock()
        listener = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                listener.receive(self)

            def log_message(self, format: str, *args) -> None:  # noqa: A002 - the stdlib's signature
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def receive(self, handler: BaseHTTPRequestHandler) -> None:
        try:
            length = framing.body_length(handler.request_version, handler.headers.get_all)
            body = framing.read_chunked(handler.rfile) if length is None else framing.read_exact(handler.rfile, length)
        except (framing.Refused, ConnectionError) as err:
            self._answer(handler, getattr(err, "status", 400))
            return
        given = handler.headers.get(HEADER) or ""
        verified = hmac.compare_digest(given, signature(self.token, body))
        note = "" if verified else "  (missing x-authenticity-token)" if not given else "  (bad x-authenticity-token)"
        if not verified and not self.skip_verify:
            self._say(f"[401] POST {self.url}{handler.path}  {describe(body)}{note}: refused")
            self._answer(handler, 401)
            return
        status, where = 200, f"{self.url}{handler.path}"
        if self.forward_to:
            status, where = self._forward(body, handler), self.forward_to
        self._say(f"[{status if status else '---'}] POST {where}  {describe(body)}{note}")
        self._answer(handler, status or 502)

    def _forward(self, body: bytes, handler: BaseHTTPRequestHandler) -> int | None:
        parts = urlsplit(self.forward_to)
        headers = {name: handler.headers[name] for name in FORWARDED_HEADERS if handler.headers.get(name)}
        connection = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
        conn = connection(parts.hostname, parts.port, timeout=FORWARD_TIMEOUT_SECONDS)
        try:
            conn.request("POST", (parts.path or "/") + (f"?{parts.query}" if parts.query else ""), body=body,
                         headers=headers)
            answer = conn.getresponse()
            answer.read(65536)
            return answer.status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            conn.close()

    def _answer(self, handler: BaseHTTPRequestHandler, status: int) -> None:
        handler.send_response(status)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    def _say(self, line: str) -> None:
        from checkoutctl.safe_text import clean

        with self._lock:
            sys.stdout.write(clean(line, inline=True) + "\n")
            sys.stdout.flush()
