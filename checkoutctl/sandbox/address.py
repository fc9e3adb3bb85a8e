"""Where the sandbox of a home lasts: the address of `checkoutctl sandbox serve` for that home.

Links the sandbox hands out (boleto PDFs, PAY pages) must still open after the command that printed
them has ended (CONTRACT §6 "lasting links"), so they never name the ephemeral port of an embedded
sandbox: they name serve's address — the one recorded by a running serve in `sandbox-serve.json` in
the home, else serve's default 127.0.0.1:8765 — and open whenever serve runs over the same state.

A command on the built-in sandbox profile uses a running serve of its home instead of starting its
own (`running_serve`): the file names it, a health request proves it is up and serves this very
database (a stale file, or a serve of another home on that port, is ignored).
"""

from __future__ import annotations

import http.client
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

SERVE_FILE = "sandbox-serve.json"
DEFAULT_URL = "http://127.0.0.1:8765"
HEALTH_PATH = "/_sandbox/health"
HEALTH_TIMEOUT_SECONDS = 0.5  # loopback: a live serve answers in milliseconds


def serve_file(home: Path) -> Path:
    return Path(home) / SERVE_FILE


def recorded(home: Path) -> dict | None:
    """What a serve of this home wrote about itself, or None (no file, or not ours to read)."""
    try:
        data = json.loads(serve_file(home).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("url"), str) else None


def public_url(home: Path) -> str:
    """The base URL links should name: the recorded serve's, else serve's default address."""
    data = recorded(home)
    return data["url"] if data else DEFAULT_URL


def record(home: Path, url: str, database: Path) -> None:
    """Written by `sandbox serve` once it listens (atomically: a reader never sees half a file)."""
    path = serve_file(home)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_text(json.dumps({"url": url, "pid": os.getpid(), "database": str(database)}), encoding="utf-8")
    os.replace(temporary, path)


def forget(home: Path) -> None:
    """Removed by `sandbox serve` as it stops, unless another serve has recorded itself since."""
    data = recorded(home)
    if data is not None and data.get("pid") == os.getpid():
        try:
            serve_file(home).unlink()
        except OSError:
            pass


def running_serve(home: Path, database: Path) -> str | None:
    """The URL of a live `sandbox serve` over `database`, or None."""
    data = recorded(home)
    if data is None:
        return None
    parts = urlsplit(data["url"])
    if parts.scheme != "http" or not parts.hostname or parts.port is None:
        return None
    try:
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=HEALTH_TIMEOUT_SECONDS)
        try:
            conn.request("GET", HEALTH_PATH, headers={"Connection": "close"})
            answer = conn.getresponse()
            health = json.loads(answer.read(65536)) if answer.status == 200 else None
        finally:
            conn.close()
    except (OSError, ValueError, http.client.HTTPException):
        return None
    if not isinstance(health, dict) or not isinstance(health.get("database"), str):
        return None
    if _same_file(health["database"], database):
        return data["url"].rstrip("/")
    return None


def _same_file(reported: str, database: Path) -> bool:
    try:
        return Path(reported).resolve() == Path(database).resolve()
    except OSError:
        return False
