"""The journal's schema, as numbered migrations (checkoutctl/store/migrations.py): append, never edit."""

from __future__ import annotations

import sqlite3

from checkoutctl.store.migrations import Migrations

JOURNAL = Migrations("journal")

# 1: the schema of the first release (0.x, up to commit 5cbef28), statement for statement.
JOURNAL.sql(
    "first_release",
    "CREATE TABLE IF NOT EXISTS journal ("
    " entry_id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " at TEXT NOT NULL, provider TEXT NOT NULL, profile TEXT NOT NULL, file TEXT NOT NULL,"
    " content_hash TEXT NOT NULL, idempotency_key TEXT,"
    " state TEXT NOT NULL CHECK (state IN ('pending', 'created', 'refused', 'unknown')),"
    " id TEXT, token TEXT, http_status INTEGER, message TEXT, settled_at TEXT)",
    "CREATE INDEX IF NOT EXISTS journal_content ON journal (content_hash, provider, profile)",
    "CREATE INDEX IF NOT EXISTS journal_id ON journal (id)",
    "CREATE INDEX IF NOT EXISTS journal_token ON journal (token)",
)


@JOURNAL
def order_ids_normalised_failed_state_uid_document(db: sqlite3.Connection) -> None:
    """One row per provider order id (journal_orders) instead of ids packed into one text column
    ("14,15": a Bakeronline group, found with instr()); state `failed` (CONTRACT §3: it never reached
    the provider); `uid`, which names an entry in the recovery file; `document`, the order's number in
    its file (CONTRACT §3). SQLite cannot change a CHECK constraint, so the table is rebuilt."""
    db.execute(
        "CREATE TABLE journal_next ("
        " entry_id INTEGER PRIMARY KEY AUTOINCREMENT, uid TEXT UNIQUE,"
        " at TEXT NOT NULL, provider TEXT NOT NULL, profile TEXT NOT NULL, file TEXT NOT NULL, document INTEGER,"
        " content_hash TEXT NOT NULL, idempotency_key TEXT,"
        " state TEXT NOT NULL CHECK (state IN ('pending', 'created', 'refused', 'unknown', 'failed')),"
        " token TEXT, http_status INTEGER, message TEXT, settled_at TEXT)")
    db.execute(
        "INSERT INTO journal_next (entry_id, at, provider, profile, file, content_hash, idempotency_key, state,"
        " token, http_status, message, settled_at)"
        " SELECT entry_id, at, provider, profile, file, content_hash, idempotency_key, state,"
        " token, http_status, message, settled_at FROM journal ORDER BY entry_id")
    db.execute(
        "CREATE TABLE journal_orders (entry_id INTEGER NOT NULL REFERENCES journal (entry_id),"
        " position INTEGER NOT NULL, order_id TEXT NOT NULL, PRIMARY KEY (entry_id, position))")
    # The first release joined a group's ids with "," and matched any comma-separated part: split
    # every id the same way (joining the parts again gives back exactly the old text).
    rows = db.execute("SELECT entry_id, id FROM journal WHERE id IS NOT NULL").fetchall()
    db.executemany("INSERT INTO journal_orders (entry_id, position, order_id) VALUES (?, ?, ?)",
                   [(entry_id, position, part) for entry_id, packed in rows
                    for position, part in enumerate(str(packed).split(","))])
    db.execute("DROP TABLE journal")  # its indexes go with it
    db.execute("ALTER TABLE journal_next RENAME TO journal")
    db.execute("CREATE INDEX journal_content ON journal (content_hash, provider, profile)")
    db.execute("CREATE INDEX journal_token ON journal (token)")
    db.execute("CREATE INDEX journal_orders_id ON journal_orders (order_id)")


# 3: lifecycle operations (issue 14: `order cancel`, `order activate`) are journalled beside creates;
# every earlier entry was a create.
JOURNAL.sql(
    "operation",
    "ALTER TABLE journal ADD COLUMN operation TEXT NOT NULL DEFAULT 'create'",
)


# 4: what placing an order told that its provider's lookup does not answer (issue 11: Bakeronline's
# GET /orders/{id} carries no payment_url and no cart lines, seed 002 / seeds/README), one row per
# provider order id: a JSON object of normalized fields, kept so `order show` of an order placed here
# can show them (ordering/placed_here.py). Older entries have none: they show what the provider answers.
JOURNAL.sql(
    "kept_from_placing",
    "CREATE TABLE journal_kept (entry_id INTEGER NOT NULL REFERENCES journal (entry_id),"
    " order_id TEXT NOT NULL, details TEXT NOT NULL, PRIMARY KEY (entry_id, order_id))",
    "CREATE INDEX journal_kept_order ON journal_kept (order_id)",
)
