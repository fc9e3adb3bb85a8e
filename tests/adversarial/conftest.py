"""Fixtures of the adversarial suite: a scriptable hostile server on 127.0.0.1, config profiles that read
their token from the environment, the embedded sandbox's request log, and the CLI as a subprocess.

Every server and process started here is stopped in teardown; every wait has a timeout.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Callable

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "samples"
PROVIDERS = ("gestaoplus", "pagbank", "bakeronline", "crayon")
TOKEN_ENV = "ADVERSARIAL_TOKEN"
SUBPROCESS_TIMEOUT = 60
# CONTRACT §7: what the terminal must never receive from a server or a file.
TERMINAL_UNSAFE = ("\x1b", "\x9b", "\x9d", "\x07", "\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u2069",
                   "\u200f", "\u061c")


def unsafe_chars(text: str) -> list[str]:
    return [c for c in TERMINAL_UNSAFE if c in text]


@dataclass
class Reply:
    """What the hostile server answers: a status, a body, headers; `reset` drops the connection instead
    (`read_body=False`: before reading the request body)."""

    status: int = 200
    body: bytes | str | object = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"
    reset: bool = False
    read_body: bool = True
    delay: float = 0.0
    content_length: int | None = None  # promise more than is sent: a truncated body

    def data(self) -> bytes:
        if isinstance(self.body, bytes):
            return self.body
        if isinstance(self.body, str):
            return self.body.encode("utf-8", "surrogatepass")
        return json.dumps(self.body, ensure_ascii=False).encode("utf-8", "surrogatepass")


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def do_GET(self) -> None:
        self._answer()

    def do_POST(self) -> None:
        self._answer()

    def do_DELETE(self) -> None:
        self._answer()

    def _answer(self) -> None:
        server: HostileServer = self.server.owner  # type: ignore[attr-defined]
        path = self.path
        reply = server.route(self.command, path, dict(self.headers.items()))
        body = b""
        if reply.read_body:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
        with server.lock:
            server.requests.append({"method": self.command, "path": path, "headers": dict(self.headers.items()),
                                    "body": body})
        if reply.delay:
            server.stopped.wait(reply.delay)
        if reply.reset:
            self.close_connection = True
            try:
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        data = reply.data()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(reply.content_length if reply.content_length is not None else len(data)))
            for name, value in reply.headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)
            if reply.content_length is not None:
                self.close_connection = True
        except OSError:
            pass


class HostileServer:
    """A server on 127.0.0.1 answering whatever `route(method, path, headers) -> Reply` says."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests: list[dict] = []
        self.stopped = threading.Event()
        self.route: Callable[[str, str, dict], Reply] = lambda method, path, headers: Reply(404, {"message": "no"})
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._httpd.daemon_threads = True
        self._httpd.owner = self  # type: ignore[attr-defined]
        self.port = self._httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def sent(self, method: str | None = None, path_prefix: str = "") -> list[dict]:
        with self.lock:
            return [r for r in self.requests if (method is None or r["method"] == method) and r["path"].startswith(path_prefix)]

    def stop(self) -> None:
        self.stopped.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(5)


@pytest.fixture
def hostile():
    server = HostileServer()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def home(_isolated_env) -> Path:
    return Path(_isolated_env)


@pytest.fixture
def profiles(home, monkeypatch):
    """Write config.yaml with one profile per provider (token from $ADVERSARIAL_TOKEN); returns a setter."""

    def make(base_url: str, token: str = "tok-adversarial-123", mode: int = 0o600, **extra: str) -> Path:
        lines = ["profiles:"]
        for name in PROVIDERS:
            lines += [f"  {name}:", f"    provider: {name}", f"    base_url: {base_url}/{name}",
                      f"    token_env: {TOKEN_ENV}", "    origin: https://shop.example.com",
                      *(f"    {k}: {v}" for k, v in extra.items())]
        path = home / "config.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        path.chmod(mode)
        monkeypatch.setenv(TOKEN_ENV, token)
        return path

    return make


def sandbox_log(home: Path, method: str | None = None, path: str | None = None) -> list[dict]:
    """The embedded sandbox's request log (sandbox/request_log.py), read through its own module."""
    from checkoutctl.sandbox import request_log
    from checkoutctl.sandbox_server import open_store

    store = open_store(home)
    try:
        return request_log.entries(store, method, path)
    finally:
        store.close()


def run_subprocess(*args: str, env_extra: dict | None = None, timeout: float = SUBPROCESS_TIMEOUT,
                   stdin: bytes | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run([sys.executable, "-m", "checkoutctl", *map(str, args)], capture_output=True,
                          timeout=timeout, env=env, cwd=ROOT, input=stdin)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def history(cli) -> list[dict]:
    res = cli("order", "history", "--output", "json")
    assert res.code == 0, res.err
    return json.loads(res.out)
