"""A journal of N entries made fast (one transaction through the journal's own schema), for run.py."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from checkoutctl.journal import Journal  # noqa: E402
from checkoutctl.store.connection import connect, write  # noqa: E402


def make_journal(home: Path, entries: int) -> Path:
    """`home`/journal.sqlite3 with `entries` created orders (a Bakeronline-like group every 10th)."""
    with Journal(home) as journal:
        journal.entries(limit=1)  # creates and migrates the file
    db = connect(home / "journal.sqlite3")
    try:
        with write(db):
            for n in range(entries):
                entry_id = db.execute(
                    "INSERT INTO journal (uid, at, provider, profile, file, document, content_hash, idempotency_key,"
                    " state, http_status, settled_at) VALUES (?, ?, 'pagbank', 'sandbox', ?, 1, ?, ?, 'created', 201, ?)",
                    (f"uid-{n}", "2030-06-14T10:00:00+00:00", f"orders/order-{n}.yaml", f"hash-{n}", f"key-{n}",
                     "2030-06-14T10:00:01+00:00")).lastrowid
                ids = [f"CHEC_{n:08d}"] if n % 10 else [str(n), str(n + 1)]
                db.executemany("INSERT INTO journal_orders (entry_id, position, order_id) VALUES (?, ?, ?)",
                               [(entry_id, position, order_id) for position, order_id in enumerate(ids)])
    finally:
        db.close()
    return home / "journal.sqlite3"
