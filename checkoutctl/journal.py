"""The local journal of orders placed from this machine (`<home>/journal.sqlite3`, CONTRACT §3, §7).

An order is recorded `pending` BEFORE its request is sent, then settled `created` (with the provider's
id/token), `refused` (4xx) or `unknown` (the request may have been acted on, no answer says so). So an
id is never lost, and a file whose content was already placed is noticed (`placed`) before it is sent
again.

Several checkoutctl processes may write at once: WAL lets readers run beside the writer, every write is
its own `BEGIN IMMEDIATE` transaction, and `busy_timeout` makes writers queue instead of failing (as in
sandbox/store.py). Nothing secret is stored: no credentials, only what the provider answered.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

from checkoutctl.errors import UsageError

FILE_NAME = "journal.sqlite3"
BUSY_TIMEOUT_MS = 15_000
SETTLED_STATES = ("created", "refused", "unknown")
STATES = ("pending", *SETTLED_STATES)
# States in which the order may exist at the provider: sending the same content again needs --again.
MAYBE_PLACED = ("created", "pending", "unknown")
MAX_MESSAGE = 500

_SCHEMA = (
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
_COLUMNS = ("entry_id, at, provider, profile, file, content_hash, idempotency_key, state, id, token,"
            " http_status, message, settled_at")


def content_hash(content: str | bytes) -> str:
    """sha256 hex of an order's content (text as UTF-8): the same order file hashes the same."""
    return hashlib.sha256(content.encode("utf-8") if isinstance(content, str) else content).hexdigest()


@dataclass(frozen=True)
class Entry:
    entry_id: int
    at: str  # ISO 8601, UTC, when it was recorded (before sending)
    provider: str
    profile: str
    file: str
    content_hash: str
    idempotency_key: str | None
    state: str
    id: str | None  # the provider's order id
    token: str | None  # the provider's public order token (Gestão Plus publicToken), not a credential
    http_status: int | None
    message: str | None = None
    settled_at: str | None = None

    def as_json(self) -> dict[str, Any]:
        """CONTRACT §3's keys, then entry_id, content_hash, message, settled_at."""
        return {"at": self.at, "provider": self.provider, "profile": self.profile, "file": self.file,
                "idempotency_key": self.idempotency_key, "state": self.state, "id": self.id, "token": self.token,
                "http_status": self.http_status, "entry_id": self.entry_id, "content_hash": self.content_hash,
                "message": self.message, "settled_at": self.settled_at}


class Journal:
    def __init__(self, home: Path) -> None:
        self.path = Path(home) / FILE_NAME
        self._db: sqlite3.Connection | None = None

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def begin(self, *, file: str, content_hash: str, provider: str, profile: str,
              idempotency_key: str | None) -> int:
        """Record an order about to be sent (state `pending`); its entry id."""
        with self._write() as db:
            cursor = db.execute(
                "INSERT INTO journal (at, provider, profile, file, content_hash, idempotency_key, state)"
                " VALUES (?, ?, ?, ?, ?, ?, 'pending')",
                (_now(), provider, profile, _storable(file), content_hash, _storable(idempotency_key)))
            return int(cursor.lastrowid)

    def settle(self, entry_id: int, *, state: str, id: str | None = None, token: str | None = None,
               http_status: int | None = None, message: str | None = None) -> None:
        """Record what became of an order; values not given keep what an earlier settle recorded."""
        if state not in SETTLED_STATES:
            raise ValueError(f"state must be one of {SETTLED_STATES}, not {state!r}")
        if message is not None:
            from checkoutctl.render.sanitize import clean

            message = clean(message, inline=True)[:MAX_MESSAGE]
        with self._write() as db:
            cursor = db.execute(
                "UPDATE journal SET state = ?, id = COALESCE(?, id), token = COALESCE(?, token),"
                " http_status = COALESCE(?, http_status), message = COALESCE(?, message), settled_at = ?"
                " WHERE entry_id = ?",
                (state, _storable(id), _storable(token), http_status, message, _now(), entry_id))
            if cursor.rowcount != 1:
                raise LookupError(f"no journal entry {entry_id}")

    def placed(self, content_hash: str, provider: str, profile: str) -> Entry | None:
        """The latest entry of this content that may exist at the provider (created/pending/unknown)."""
        marks = ", ".join("?" * len(MAYBE_PLACED))
        return self._one(f"WHERE content_hash = ? AND provider = ? AND profile = ? AND state IN ({marks})"
                         " ORDER BY entry_id DESC LIMIT 1", (content_hash, provider, profile, *MAYBE_PLACED))

    def entries(self, limit: int | None = None) -> list[Entry]:
        """Every entry (or the latest `limit`), newest last."""
        if limit is not None:
            rows = self._all("ORDER BY entry_id DESC LIMIT ?", (max(0, int(limit)),))
            return rows[::-1]
        return self._all("ORDER BY entry_id", ())

    def find(self, ref: str) -> Entry | None:
        """The newest entry whose provider id or token is `ref` (or holds it: Bakeronline groups "14,15")."""
        return self._one("WHERE id = ? OR token = ? OR instr(',' || id || ',', ',' || ? || ',') > 0"
                         " ORDER BY entry_id DESC LIMIT 1", (ref, ref, ref))

    def unresolved(self) -> list[Entry]:
        """Entries whose outcome is not known (pending/unknown), newest last."""
        return self._all("WHERE state IN ('pending', 'unknown') ORDER BY entry_id", ())

    def _one(self, where: str, params: tuple) -> Entry | None:
        rows = self._all(where, params)
        return rows[0] if rows else None

    def _all(self, where: str, params: tuple) -> list[Entry]:
        try:
            rows = self._connect().execute(f"SELECT {_COLUMNS} FROM journal {where}", params).fetchall()
        except sqlite3.Error as err:
            raise self._unusable(err) from None
        return [Entry(*row) for row in rows]

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        except sqlite3.Error as err:
            raise self._unusable(err) from None

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        db = None
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            # Private to the user from the start; SQLite gives its -wal/-shm files the same mode.
            os.close(os.open(self.path, os.O_WRONLY | os.O_CREAT, 0o600))
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("BEGIN IMMEDIATE")
            for statement in _SCHEMA:
                db.execute(statement)
            db.execute("COMMIT")
        except (OSError, sqlite3.Error) as err:
            if db is not None:
                db.close()
            raise self._unusable(err) from None
        self._db = db
        return db

    def _unusable(self, err: Exception) -> UsageError:
        return UsageError(f"the journal {self.path} cannot be used: {err}",
                          hint="check the folder's permissions (CHECKOUTCTL_HOME); a damaged file can be moved aside")


def _storable(value: str | None) -> str | None:
    """`value` as SQLite can store it: a lone surrogate (a server's JSON "\\udc00", an undecodable file
    name) would make the write raise and leave a placed order `pending`; it is kept as its escape."""
    if value is None:
        return None
    return value.encode("utf-8", "backslashreplace").decode("utf-8")


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
