"""Misbehaviour on request, so clients can be tested against slow, failing and broken servers.

Two ways to arm a fault, with one grammar:

1. A request header, for that request only:

       X-Sandbox-Fault: DIRECTIVE[;DIRECTIVE...]

2. A queued fault, stored in SQLite so any process can arm it (the embedded sandbox of another
   `checkoutctl` process included), consumed atomically by the next `times` matching requests:

       POST   /_sandbox/faults  {"method": "POST", "path": "/pagbank/checkouts", "fault": "status=503", "times": 2}
       GET    /_sandbox/faults  lists what is armed;  DELETE /_sandbox/faults  clears it;
       DELETE /_sandbox/faults/{id}  disarms one; a path that matches no route is armed with a
       `warning` (route_match.py): it would never fire
       checkoutctl sandbox fault add --method POST --path /pagbank/checkouts --fault "status=503" --times 2

   `method` is an HTTP method or `*`; `path` is matched against the request path with shell-style
   wildcards (`/pagbank/checkouts/*`). Header directives override queued ones of the same name.

Directives (whitespace around them is ignored; names are case-insensitive):

    delay=SECONDS      wait first (0 < SECONDS <= 30, decimals allowed), then answer as otherwise asked
    status=CODE        answer CODE (100-599) in the provider's own error format, nothing is done;
                       429 and 503 carry `Retry-After` (default 1)
    retry-after=N      the `Retry-After` seconds sent with status=429/503
    reset              close the connection without answering, before reading the body: nothing is done
    reset-after-read   read the body, perform the action (e.g. create the order), then drop the
                       connection without answering: the "unknown outcome" case
    truncate           send a valid response cut in half, with a Content-Length that promises it all
    non-json           answer 200 (or status=CODE) with a text/plain body
    html               answer a gateway-style HTML page, 502 (or status=CODE, e.g. 403)

Paths under `/_sandbox/` never misbehave. An invalid directive is answered 400
`{"error": "invalid_sandbox_fault", "detail": ...}` so a typo in a test is loud.
"""

from __future__ import annotations

import fnmatch
import json
import socket
import struct
import time
from dataclasses import dataclass
from http import HTTPStatus

from werkzeug.wrappers import Response

from checkoutctl.sandbox.http_server import SOCKET_KEY
from checkoutctl.sandbox.store import Store

HEADER = "X-Sandbox-Fault"
MAX_DELAY_SECONDS = 30.0
MAX_TIMES = 10_000
DEFAULT_RETRY_AFTER = 1
FLAGS = ("reset", "reset-after-read", "truncate", "non-json", "html")
VALUED = ("delay", "status", "retry-after")

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS sandbox_faults (id INTEGER PRIMARY KEY AUTOINCREMENT, method TEXT NOT NULL,"
    " path TEXT NOT NULL, fault TEXT NOT NULL, remaining INTEGER NOT NULL, created_at REAL NOT NULL)",
]


class InvalidFault(ValueError):
    """A fault directive that is not in the grammar above."""


@dataclass(frozen=True)
class Fault:
    delay: float = 0.0
    status: int | None = None
    retry_after: int | None = None
    reset: bool = False
    reset_after_read: bool = False
    truncate: bool = False
    non_json: bool = False
    html: bool = False

    @property
    def any(self) -> bool:
        return self != Fault()


def parse(text: str) -> dict[str, object]:
    """Directives of one fault string, by name; raises InvalidFault."""
    found: dict[str, object] = {}
    for part in text.split(";"):
        part = part.strip()
        if not part:
            continue
        name, eq, value = (s.strip() for s in part.partition("="))
        name = name.lower()
        if name in FLAGS:
            if eq:
                raise InvalidFault(f"{name!r} takes no value")
            found[name] = True
        elif name in VALUED:
            if not eq or not value:
                raise InvalidFault(f"{name!r} needs a value, like {name}=1")
            found[name] = _value(name, value)
        else:
            raise InvalidFault(f"unknown directive {name!r} (known: {', '.join(VALUED + FLAGS)})")
    if not found:
        raise InvalidFault("no directive given")
    return found


def _value(name: str, value: str) -> float | int:
    try:
        number = float(value) if name == "delay" else int(value)
    except ValueError:
        raise InvalidFault(f"{name}={value!r} is not a number") from None
    if name == "delay" and not 0 <= number <= MAX_DELAY_SECONDS:
        raise InvalidFault(f"delay must be between 0 and {MAX_DELAY_SECONDS:g} seconds")
    if name == "status" and not 100 <= number <= 599:
        raise InvalidFault("status must be an HTTP status code (100-599)")
    if name == "retry-after" and not 0 <= number <= 86400:
        raise InvalidFault("retry-after must be between 0 and 86400 seconds")
    return number


def combine(*directive_sets: dict[str, object]) -> Fault:
    """One Fault from several directive sets, later ones winning."""
    merged: dict[str, object] = {}
    for directives in directive_sets:
        merged.update(directives)
    return Fault(**{name.replace("-", "_"): value for name, value in merged.items()})


# --- queued faults (shared through SQLite) --------------------------------------------------------

def arm(store: Store, method: str, path: str, fault: str, times: int = 1) -> dict:
    """Queue `fault` for the next `times` requests matching method and path; returns the stored row."""
    parse(fault)
    method = (method or "*").strip().upper()
    if not path.startswith("/"):
        raise InvalidFault("path must start with /")
    if not 1 <= int(times) <= MAX_TIMES:
        raise InvalidFault(f"times must be between 1 and {MAX_TIMES}")
    with store.tx() as db:
        cursor = db.execute(
            "INSERT INTO sandbox_faults(method, path, fault, remaining, created_at) VALUES (?, ?, ?, ?, ?)",
            (method, path, fault, int(times), time.time()),
        )
        row = db.execute("SELECT * FROM sandbox_faults WHERE id = ?", (cursor.lastrowid,)).fetchone()
    return _row(row)


def remove(store: Store, fault_id: int) -> bool:
    """Disarm one queued fault; False when no armed fault has that id."""
    with store.tx() as db:
        return db.execute("DELETE FROM sandbox_faults WHERE id = ? AND remaining > 0", (fault_id,)).rowcount > 0


def armed(store: Store) -> list[dict]:
    rows = store.connect().execute("SELECT * FROM sandbox_faults WHERE remaining > 0 ORDER BY id").fetchall()
    return [_row(r) for r in rows]


def clear(store: Store) -> int:
    with store.tx() as db:
        return db.execute("DELETE FROM sandbox_faults").rowcount


def take(store: Store, method: str, path: str) -> dict[str, object]:
    """Consume one use of the oldest queued fault matching this request (atomic across processes)."""
    db = store.connect()
    if db.execute("SELECT 1 FROM sandbox_faults LIMIT 1").fetchone() is None:
        return {}  # the usual case: nothing armed, no write transaction
    with store.tx() as db:
        for row in db.execute("SELECT * FROM sandbox_faults WHERE remaining > 0 ORDER BY id").fetchall():
            if row["method"] in ("*", method.upper()) and fnmatch.fnmatchcase(path, row["path"]):
                if row["remaining"] <= 1:
                    db.execute("DELETE FROM sandbox_faults WHERE id = ?", (row["id"],))
                else:
                    db.execute("UPDATE sandbox_faults SET remaining = remaining - 1 WHERE id = ?", (row["id"],))
                try:
                    return parse(row["fault"])
                except InvalidFault:
                    return {}  # armed by an older grammar: used up, ignored
    return {}


def _row(row) -> dict:
    return {"id": row["id"], "method": row["method"], "path": row["path"], "fault": row["fault"],
            "times": row["remaining"]}


# --- acting out a fault ---------------------------------------------------------------------------

class ConnectionAborted(ConnectionError):
    """Raised after the socket is dropped on purpose; werkzeug treats it as a dropped connection."""


def drop_connection(environ) -> None:
    """Close the client's connection without an answer (RST where the platform allows it)."""
    sock = environ.get(SOCKET_KEY)
    if sock is not None:
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
    raise ConnectionAborted("connection dropped by X-Sandbox-Fault")


def synthetic_response(fault: Fault, error_response) -> Response | None:
    """The answer a status / non-json / html fault stands for, or None when the route should run."""
    if fault.html:
        return html_page(fault.status or 502)
    if fault.non_json:
        code = fault.status or 200
        return Response(f"{code} {_phrase(code)}: the sandbox was told to answer text, not JSON.\n",
                        status=code, mimetype="text/plain")
    if fault.status is not None:
        response = error_response(fault.status, f"Sandbox fault: {_phrase(fault.status)}")
        if fault.status in (429, 503):
            response.headers["Retry-After"] = str(fault.retry_after if fault.retry_after is not None
                                                  else DEFAULT_RETRY_AFTER)
        return response
    return None


def html_page(status: int) -> Response:
    """A gateway's error page, like the HTML a sandbox gateway answers instead of JSON (seeds/README)."""
    phrase = _phrase(status)
    body = (f"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n"
            f"<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>sandbox-gateway</center>\r\n"
            "</body>\r\n</html>\r\n")
    return Response(body, status=status, mimetype="text/html")


def truncated(response: Response):
    """A WSGI app sending the first half of `response`'s body under its full Content-Length."""
    body = response.get_data()
    status = response.status
    headers = [(k, v) for k, v in response.headers.items() if k.lower() != "content-length"]
    headers.append(("Content-Length", str(len(body))))

    def app(environ, start_response):
        start_response(status, headers)
        return [body[: len(body) // 2]]

    return app


def generic_error(status: int, message: str) -> Response:
    """Error body for paths no provider owns."""
    return Response(json.dumps({"error": _phrase(status), "status": status, "detail": message}),
                    status=status, mimetype="application/json")


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return "Unknown"
