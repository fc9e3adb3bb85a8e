"""The journal itself: `<state dir>/journal.sqlite3` (CONTRACT §3, §7), opened through checkoutctl/store/.

An order is recorded `pending` BEFORE its request is sent, then settled `created` (with the provider's
id/token), `refused` (4xx), `failed` (the request never left: placing it again is safe) or `unknown`
(the request may have been acted on, no answer says so). So an id is never lost.

No duplicate without `--again`: `begin` looks for an earlier placement of the same content in the same
IMMEDIATE transaction that records the new `pending` row, so of two processes placing the same body at
once exactly one gets to send it (the other sees the first one's `pending`).

When the journal cannot take an answer (locked past the busy timeout, read-only, disk full, damaged),
the caller keeps it in the recovery file (recovery.py); every open folds that file back in.
Nothing secret is stored: no credentials, only what the provider answered.
"""

from __future__ import annotations

import sqlite3
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from checkoutctl.errors import JournalUnavailable
from checkoutctl.journal.stored_text import storable, storable_message
from checkoutctl.store.connection import write

FILE_NAME = "journal.sqlite3"
SETTLED_STATES = ("created", "refused", "unknown", "failed")
STATES = ("pending", *SETTLED_STATES)
# States in which the order may exist at the provider: sending the same content again needs --again.
MAYBE_PLACED = ("created", "pending", "unknown")
UNRESOLVED = ("pending", "unknown")

_COLUMNS = ("entry_id, at, provider, profile, file, content_hash, idempotency_key, state, NULL, token,"
            " http_status, message, settled_at, uid, document, operation")
# What an entry records: placing an order, or an operation on one (`created` then means it was done).
OPERATIONS = ("create", "cancel", "activate")


def content_hash(content: str | bytes) -> str:
    """sha256 hex of an order's content (text as UTF-8): the same order file hashes the same."""
    import hashlib  # only when an order is placed: loading OpenSSL costs ~15 ms that history and show skip

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
    id: str | None  # the provider's order id; a group's ids joined with "," (one journal_orders row each)
    token: str | None  # the provider's public order token (Gestão Plus publicToken), not a credential
    http_status: int | None
    message: str | None = None
    settled_at: str | None = None
    uid: str | None = None  # names the entry in the recovery file (None: recorded by the first release)
    document: int | None = None  # 1-based number of the order in its file
    operation: str = "create"  # OPERATIONS

    def as_json(self) -> dict[str, Any]:
        """CONTRACT §3's keys, then entry_id, content_hash, message, settled_at, document, operation."""
        return {"at": self.at, "provider": self.provider, "profile": self.profile, "file": self.file,
                "idempotency_key": self.idempotency_key, "state": self.state, "id": self.id, "token": self.token,
                "http_status": self.http_status, "entry_id": self.entry_id, "content_hash": self.content_hash,
                "message": self.message, "settled_at": self.settled_at, "document": self.document,
                "operation": self.operation}


class AlreadyPlaced(Exception):
    """`begin` found an earlier entry of the same content that may exist at the provider."""

    def __init__(self, earlier: Entry) -> None:
        super().__init__(f"already placed as entry {earlier.entry_id} ({earlier.state})")
        self.earlier = earlier


class Journal:
    def __init__(self, home: Path) -> None:
        self.home = Path(home)
        self.path = self.home / FILE_NAME
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
              idempotency_key: str | None | Callable[[Entry | None], str | None] = None,
              guard: bool = False, document: int | None = None, operation: str = "create") -> int:
        """Record an order about to be sent (state `pending`); its entry id (`pending(entry_id)` reads it).

        `guard`: raise AlreadyPlaced, recording nothing, if the same content may already exist at the
        provider. `idempotency_key` may be a function of that earlier entry, decided in the same
        transaction (an unknown PagBank order's key is reused, so PagBank replays its first answer).
        `operation`: what is about to be sent (OPERATIONS); only creates take part in the guard."""
        if operation not in OPERATIONS:
            raise ValueError(f"operation must be one of {OPERATIONS}, not {operation!r}")
        uid = uuid.uuid4().hex
        with self._write() as db:
            earlier = self._placed(db, content_hash, provider, profile)
            if guard and earlier is not None:
                raise AlreadyPlaced(earlier)
            key = idempotency_key(earlier) if callable(idempotency_key) else idempotency_key
            cursor = db.execute(
                "INSERT INTO journal (uid, at, provider, profile, file, document, content_hash, idempotency_key, state,"
                " operation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
                (uid, _now(), provider, profile, storable(file), document, content_hash, storable(key), operation))
            return int(cursor.lastrowid)

    def settle(self, entry_id: int, *, state: str, id: str | Sequence[str] | None = None, token: str | None = None,
               http_status: int | None = None, message: str | None = None) -> None:
        """Record what became of an order; values not given keep what an earlier settle recorded.

        `id` is the provider's order id, or several (a list, or joined with "," as a group is shown)."""
        if state not in SETTLED_STATES:
            raise ValueError(f"state must be one of {SETTLED_STATES}, not {state!r}")
        with self._write() as db:
            _settle(db, "entry_id", entry_id, state=state, ids=_ids(id), token=token, http_status=http_status,
                    message=storable_message(message), settled_at=_now())

    def resolve(self, entry_id: int, *, state: str, message: str, was: str) -> bool:
        """Record what became of an entry whose outcome was not known (`order history --resolve`), only
        if it is still in state `was`: False when another process settled it meanwhile (its answer stands)."""
        if state not in SETTLED_STATES:
            raise ValueError(f"state must be one of {SETTLED_STATES}, not {state!r}")
        with self._write() as db:
            cursor = db.execute("UPDATE journal SET state = ?, message = ?, settled_at = ? WHERE entry_id = ? AND state = ?",
                                (state, storable_message(message), _now(), entry_id, was))
            return cursor.rowcount == 1

    def keep(self, entry_id: int, details: Mapping[str, str]) -> None:
        """Keep, per provider order id of a placed entry, what its lookup will not answer (a JSON text
        that ordering/placed_here.py writes and reads); a second keep of the same id replaces it."""
        with self._write() as db:
            db.executemany("INSERT OR REPLACE INTO journal_kept (entry_id, order_id, details) VALUES (?, ?, ?)",
                           [(entry_id, storable(order_id), storable(text)) for order_id, text in details.items()])

    def kept(self, provider: str, profile: str, order_ids: Sequence[str]) -> dict[str, tuple[Entry, str]]:
        """order id → (its entry, the details kept): the newest created entry of `provider` placed under
        `profile` that kept details for that id (another profile may reach another server: its order
        of the same id is another order)."""
        found: dict[str, tuple[Entry, str]] = {}
        for order_id in dict.fromkeys(order_ids):
            try:
                row = self._connect().execute(
                    "SELECT k.entry_id, k.details FROM journal_kept k JOIN journal j ON j.entry_id = k.entry_id"
                    " WHERE k.order_id = ? AND j.provider = ? AND j.profile = ? AND j.state = 'created'"
                    " AND j.operation = 'create' ORDER BY k.entry_id DESC LIMIT 1",
                    (order_id, provider, profile)).fetchone()
            except sqlite3.Error as err:
                raise self._unusable(err) from None
            if row is not None:
                found[order_id] = (self.entry(row[0]), row[1])
        return found

    def entry(self, entry_id: int) -> Entry | None:
        return self._one("WHERE entry_id = ?", (entry_id,))

    def placed(self, content_hash: str, provider: str, profile: str) -> Entry | None:
        """The latest entry of this content that may exist at the provider (created/pending/unknown)."""
        return self._placed(self._connect(), content_hash, provider, profile)

    def entries(self, limit: int | None = None) -> list[Entry]:
        """Every entry (or the latest `limit`), newest last."""
        if limit is not None:
            rows = self._all("ORDER BY entry_id DESC LIMIT ?", (max(0, int(limit)),))
            return rows[::-1]
        return self._all("ORDER BY entry_id", ())

    def count(self, states: Sequence[str] | None = None) -> int:
        """How many entries there are (in one of `states`, if given)."""
        where, params = ("", ()) if states is None else (f"WHERE state IN ({', '.join('?' * len(states))})", tuple(states))
        try:
            return int(self._connect().execute(f"SELECT count(*) FROM journal {where}", params).fetchone()[0])
        except sqlite3.Error as err:
            raise self._unusable(err) from None

    def find(self, ref: str) -> Entry | None:
        """The newest entry with this provider order id or token (or, given "14,15", that whole group)."""
        first = ref.split(",")[0] if "," in ref else ref
        for entry in self._all(
                "WHERE token = ? OR entry_id IN (SELECT entry_id FROM journal_orders WHERE order_id = ?)"
                " ORDER BY entry_id DESC", (ref, first)):
            if entry.token == ref or ref == first or entry.id == ref:
                return entry
        return None

    def unresolved(self) -> list[Entry]:
        """Entries whose outcome is not known (pending/unknown), newest last."""
        return self._all("WHERE state IN ('pending', 'unknown') ORDER BY entry_id", ())

    def _placed(self, db: sqlite3.Connection, content_hash: str, provider: str, profile: str) -> Entry | None:
        marks = ", ".join("?" * len(MAYBE_PLACED))
        rows = self._rows(db, f"WHERE content_hash = ? AND provider = ? AND profile = ? AND state IN ({marks})"
                              " AND operation = 'create' ORDER BY entry_id DESC LIMIT 1",
                          (content_hash, provider, profile, *MAYBE_PLACED))
        return rows[0] if rows else None

    def _one(self, where: str, params: tuple) -> Entry | None:
        rows = self._all(where, params)
        return rows[0] if rows else None

    def _all(self, where: str, params: tuple) -> list[Entry]:
        return self._rows(self._connect(), where, params)

    def _rows(self, db: sqlite3.Connection, where: str, params: tuple) -> list[Entry]:
        try:
            rows = db.execute(f"SELECT {_COLUMNS} FROM journal {where}", params).fetchall()
            ids: dict[int, list[str]] = {}
            if rows:
                # One query for the order ids of exactly these entries (the same WHERE, LIMIT included).
                for entry_id, order_id in db.execute(
                        "SELECT entry_id, order_id FROM journal_orders WHERE entry_id IN"
                        f" (SELECT entry_id FROM journal {where}) ORDER BY entry_id, position", params):
                    ids.setdefault(entry_id, []).append(order_id)
        except sqlite3.Error as err:
            raise self._unusable(err) from None
        return [Entry(*row[:8], ",".join(ids[row[0]]) if row[0] in ids else None, *row[9:]) for row in rows]

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        db = self._connect()
        try:
            with write(db):
                yield db
        except sqlite3.Error as err:
            raise self._unusable(err) from None

    def _connect(self) -> sqlite3.Connection:
        if self._db is not None:
            return self._db
        from checkoutctl.journal.schema import JOURNAL
        from checkoutctl.store import connection, migrations

        db = None
        try:
            db = connection.connect(self.path)
            migrations.apply(db, JOURNAL)
        except (OSError, sqlite3.Error) as err:
            if db is not None:
                db.close()
            raise self._unusable(err) from None
        self._db = db
        from checkoutctl.journal import recovery

        recovery.fold_into(self.home, self.fold, self.path, SETTLED_STATES)
        return db

    def fold(self, records: list[dict]) -> int:
        """Apply recovery-file records (recovery.py) in one transaction; how many it applied."""
        changed = 0
        with self._write() as db:
            for record in records:
                changed += _fold_one(db, record)
        return changed

    def _unusable(self, err: Exception) -> JournalUnavailable:
        return JournalUnavailable(f"the journal {self.path} cannot be used: {err}", path=self.path, cause=err,
                                  hint="check the folder's permissions and free space (CHECKOUTCTL_HOME); "
                                       "a damaged file can be moved aside")


def _settle(db: sqlite3.Connection, key: str, value: object, *, state: str, ids: list[str] | None,
            token: str | None, http_status: int | None, message: str | None, settled_at: str) -> int:
    cursor = db.execute(
        "UPDATE journal SET state = ?, token = COALESCE(?, token), http_status = COALESCE(?, http_status),"
        f" message = COALESCE(?, message), settled_at = ? WHERE {key} = ?",
        (state, storable(token), http_status, message, settled_at, value))
    if cursor.rowcount != 1:
        if key == "entry_id":
            raise LookupError(f"no journal entry {value}")
        return 0
    if ids is not None:
        entry_id = value if key == "entry_id" else db.execute("SELECT entry_id FROM journal WHERE uid = ?", (value,)).fetchone()[0]
        db.execute("DELETE FROM journal_orders WHERE entry_id = ?", (entry_id,))
        db.executemany("INSERT INTO journal_orders (entry_id, position, order_id) VALUES (?, ?, ?)",
                       [(entry_id, position, storable(part)) for position, part in enumerate(ids)])
    return 1


def _fold_one(db: sqlite3.Connection, record: dict) -> int:
    """Settle the entry the record names; an entry the journal no longer has (a damaged file moved
    aside) is recorded anew under the same uid, so folding the same record twice changes nothing."""
    uid = str(record["uid"])
    settled = dict(state=str(record["state"]), ids=_ids(record.get("id")), token=record.get("token"),
                   http_status=record.get("http_status"), message=storable_message(record.get("message")),
                   settled_at=str(record.get("recorded_at") or _now()))
    if db.execute("SELECT 1 FROM journal WHERE uid = ?", (uid,)).fetchone() is not None:
        return _settle(db, "uid", uid, **settled)
    operation = record.get("operation") if record.get("operation") in OPERATIONS else "create"  # older lines: creates
    db.execute("INSERT INTO journal (uid, at, provider, profile, file, document, content_hash, idempotency_key, state,"
               " operation) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
               (uid, str(record["at"]), str(record["provider"]), str(record["profile"]), storable(str(record["file"])),
                record.get("document"), str(record["content_hash"]), storable(record.get("idempotency_key")),
                operation))
    _settle(db, "uid", uid, **settled)
    return 1


def _ids(value: str | Sequence[str] | None) -> list[str] | None:
    if value is None:
        return None
    return str(value).split(",") if isinstance(value, str) else [str(v) for v in value]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
