"""Every request the sandbox answered (or dropped), so tests can count exactly what a client sent.

`GET /_sandbox/requests` lists it (oldest first; `?path=/pagbank/checkouts` keeps only that exact path,
`?method=POST` that method); `DELETE /_sandbox/requests` empties it. `status` is null when the
connection was dropped without an answer (`reset`, `reset-after-read`). Requests to `/_sandbox/`
itself are not logged. Bounded: only the newest KEEP_ROWS rows are kept.

A row is committed before its request is answered, with the rows of other requests answered at the
same moment in one transaction (`Store.batched`, sandbox/group_commit.py): one commit per burst, not
per request (issue 15), and still every answered request in the file, in order, for any reader.
"""

from __future__ import annotations

import time

from checkoutctl.sandbox.store import Store

KEEP_ROWS = 10_000
PRUNE_EVERY = 100  # prune when the new row's id is a multiple of this: one cheap DELETE per 100 rows

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS sandbox_requests (id INTEGER PRIMARY KEY AUTOINCREMENT, at REAL NOT NULL,"
    " method TEXT NOT NULL, path TEXT NOT NULL, idempotency_key TEXT, status INTEGER)",
    # "in": a request it answered; "out": a notification it delivered (path: the URL, status: the
    # receiver's, null when unreachable); "skipped": a notification URL it would not call (not loopback).
    "ALTER TABLE sandbox_requests ADD COLUMN direction TEXT NOT NULL DEFAULT 'in'",
]


def record(store: Store, method: str, path: str, idempotency_key: str | None, status: int | None,
           direction: str = "in") -> None:
    """Log one request (or delivery); committed when this returns."""
    row = (time.time(), method, path, idempotency_key, status, direction)

    def write(db) -> None:
        row_id = db.execute(
            "INSERT INTO sandbox_requests(at, method, path, idempotency_key, status, direction) VALUES (?, ?, ?, ?, ?, ?)",
            row,
        ).lastrowid
        if row_id % PRUNE_EVERY == 0:
            db.execute("DELETE FROM sandbox_requests WHERE id <= ?", (row_id - KEEP_ROWS,))

    store.batched(write)


def entries(store: Store, method: str | None = None, path: str | None = None, after: int = 0,
            direction: str | None = "in") -> list[dict]:
    """Logged requests, oldest first; `after`: only those with a greater id (`sandbox requests --follow`);
    `direction` None: deliveries too."""
    sql, args = "SELECT * FROM sandbox_requests WHERE id > ?", [after]
    if direction:
        sql, args = sql + " AND direction = ?", [*args, direction]
    if method:
        sql, args = sql + " AND method = ?", [*args, method.upper()]
    if path:
        sql, args = sql + " AND path = ?", [*args, path]
    rows = store.connect().execute(sql + " ORDER BY id", args).fetchall()
    return [{"id": r["id"], "at": r["at"], "method": r["method"], "path": r["path"],
             "idempotency_key": r["idempotency_key"], "status": r["status"], "direction": r["direction"]}
            for r in rows]


def clear(store: Store) -> None:
    with store.tx() as db:
        db.execute("DELETE FROM sandbox_requests")
