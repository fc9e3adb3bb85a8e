"""Talking to the sandbox of a home over HTTP, for `sandbox trigger` and `sandbox clock` (beside
sandbox_server.py, which it may start).

The sandbox reached is a running `sandbox serve` of the home (sandbox/address.py), else an embedded
one started for the command over the same database: either way the change goes through the same
routes (sandbox/triggers.py) and is seen by every later command.
"""

from __future__ import annotations

import http.client
import json
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from checkoutctl.errors import UsageError

TIMEOUT_SECONDS = 30.0


@contextmanager
def reached(home: Path) -> Iterator[str]:
    """The base URL of the home's sandbox while the block runs."""
    from checkoutctl.sandbox import address
    from checkoutctl.sandbox_server import database_path, start_in_thread

    url = address.running_serve(home, database_path(home))
    if url is not None:
        yield url
        return
    with start_in_thread(home, public_url=address.public_url(home)) as running:
        yield running.url.rstrip("/")


def ask(url: str, method: str, path: str, body: dict | None = None) -> tuple[int, object]:
    """(status, parsed JSON) of one request; UsageError when the sandbox cannot be reached."""
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Content-Type": "application/json"} if data is not None else {}
        conn.request(method, path, body=data, headers=headers)
        answer = conn.getresponse()
        return answer.status, json.loads(answer.read(1024 * 1024) or b"null")
    except (OSError, ValueError, http.client.HTTPException) as err:
        raise UsageError(f"the sandbox at {url} did not answer {method} {path}: {err}",
                         hint="is `checkoutctl sandbox serve` still running?") from None
    finally:
        conn.close()
