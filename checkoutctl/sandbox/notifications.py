"""PagBank-style notifications (webhooks) from the sandbox, delivered with retries (CONTRACT §6).

When a checkout or its payment changes state, the provider's code calls `SandboxContext.notify(...)`
with the URLs to tell and the body: the checkout's synchronous answer, as PagBank sends it
(seeds/README "PagBank notifications"). Each delivery is an HTTP POST of exactly those bytes with

    Content-Type: application/json
    x-authenticity-token: SHA-256 hex of "{token}-{raw body}"   (token: the sandbox's, `sandbox`)

to each URL, and to every `checkoutctl listen` registered in the home (`sandbox_listeners`). Only
loopback URLs are called unless `sandbox serve --notify-anywhere` says otherwise: by default the
sandbox never reaches outside the machine (a URL elsewhere is logged as skipped). A delivery that fails (connection refused, timeout, a non-2xx answer) is tried again after
0.5 s, 1 s, 2 s (ATTEMPTS in all); every attempt is in the request log (`direction` "out").

Deliveries run on one daemon thread per sandbox; `drain()` waits (bounded) for the queue to empty, so
an embedded sandbox started for one command delivers before the command ends.
"""

from __future__ import annotations

import hashlib
import http.client
import queue
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from checkoutctl.sandbox import hosts, request_log
from checkoutctl.sandbox.store import Store

HEADER = "x-authenticity-token"
ATTEMPTS = 4
BACKOFF_SECONDS = (0.5, 1.0, 2.0)  # before attempts 2, 3, 4
DELIVERY_TIMEOUT_SECONDS = 5.0
DRAIN_SECONDS = 30.0  # the longest a whole delivery can take: 4 x 5 s + 3.5 s of backoff, with room


def signature(token: str, body: bytes) -> str:
    """PagBank's x-authenticity-token: SHA-256 hex of "{token}-{raw body}" (seeds/README)."""
    return hashlib.sha256(token.encode("utf-8") + b"-" + body).hexdigest()


def listeners(store: Store) -> list[str]:
    return [r["url"] for r in store.connect().execute("SELECT url FROM sandbox_listeners ORDER BY created_at")]


def register_listener(store: Store, url: str, pid: int) -> None:
    with store.tx() as db:
        db.execute("INSERT OR REPLACE INTO sandbox_listeners(url, pid, created_at) VALUES (?, ?, ?)", (url, pid, time.time()))


def unregister_listener(store: Store, url: str) -> None:
    with store.tx() as db:
        db.execute("DELETE FROM sandbox_listeners WHERE url = ?", (url,))


@dataclass(frozen=True)
class Delivery:
    url: str
    body: bytes
    headers: dict[str, str]


class Notifier:
    """The sandbox's outbox: one thread delivering queued notifications, oldest first."""

    def __init__(self, store: Store, token: str, *, anywhere: bool = False) -> None:
        self.store, self.token = store, token
        self.anywhere = anywhere  # `sandbox serve --notify-anywhere`: URLs off this machine are called too
        self._queue: queue.Queue[Delivery | None] = queue.Queue()
        self._idle = threading.Event()
        self._idle.set()
        self._thread = threading.Thread(target=self._run, name="checkoutctl-sandbox-notify", daemon=True)
        self._thread.start()

    def notify(self, urls: list[str], body: bytes, extra_headers: dict[str, str] | None = None) -> None:
        headers = {"Content-Type": "application/json", HEADER: signature(self.token, body), **(extra_headers or {})}
        targets = list(dict.fromkeys([*urls, *listeners(self.store)]))
        for url in targets:
            self._idle.clear()
            self._queue.put(Delivery(url, body, headers))

    def drain(self, timeout: float = DRAIN_SECONDS) -> bool:
        """Wait until every queued delivery is done (or given up); False on timeout."""
        return self._idle.wait(timeout)

    def close(self) -> None:
        self._queue.put(None)

    def _run(self) -> None:
        while True:
            delivery = self._queue.get()
            if delivery is None:
                return
            try:
                self._deliver(delivery)
            finally:
                self.store.release()
                if self._queue.empty():
                    self._idle.set()

    def _deliver(self, delivery: Delivery) -> None:
        parts = urlsplit(delivery.url)
        if not may_call(parts, self.anywhere):
            request_log.record(self.store, "POST", delivery.url, None, None, direction="skipped")
            return
        for attempt in range(ATTEMPTS):
            if attempt:
                time.sleep(BACKOFF_SECONDS[attempt - 1])
            status = _post(parts, delivery)
            request_log.record(self.store, "POST", delivery.url, None, status, direction="out")
            if status is not None and 200 <= status < 300:
                return


def may_call(parts, anywhere: bool) -> bool:
    """Whether a notification URL is called: http(s) with a host, on loopback unless `anywhere`."""
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return anywhere or hosts.is_loopback(parts.hostname)


def _post(parts, delivery: Delivery) -> int | None:
    connection_class = http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    conn = connection_class(parts.hostname, parts.port, timeout=DELIVERY_TIMEOUT_SECONDS)
    try:
        conn.request("POST", path, body=delivery.body, headers=delivery.headers)
        answer = conn.getresponse()
        answer.read(65536)
        return answer.status
    except (OSError, http.client.HTTPException):
        return None
    finally:
        conn.close()
