"""Opening a SQLite file the one way checkoutctl does (see the package docstring) and writing to it."""

from __future__ import annotations

import os
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

BUSY_TIMEOUT_MS = 15_000


def connect(path: Path, *, busy_timeout_ms: int | None = None, check_same_thread: bool = True) -> sqlite3.Connection:
    """An autocommit connection to `path` (created 0600 in a 0700 folder if missing), WAL, busy timeout set.

    Raises OSError or sqlite3.Error; callers say which file could not be used."""
    path = Path(path)
    if busy_timeout_ms is None:
        busy_timeout_ms = BUSY_TIMEOUT_MS  # read now: a test's child process may shorten it
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    if not path.exists():
        # Private from the start: created with mode 0600 here, not chmod-ed after SQLite made it 0644.
        # O_EXCL: never touch the mode or content of a file another process created meanwhile.
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            pass
    db = sqlite3.connect(path, timeout=busy_timeout_ms / 1000, isolation_level=None,
                         check_same_thread=check_same_thread)
    try:
        db.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        _use_wal(db, busy_timeout_ms)
        db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across a crash of the process
    except BaseException:
        db.close()
        raise
    return db


def _use_wal(db: sqlite3.Connection, busy_timeout_ms: int) -> None:
    """Switch a new file to WAL, waiting (up to the busy timeout) for a lock another process holds.

    SQLite answers SQLITE_BUSY at once to `PRAGMA journal_mode = WAL` while another connection holds a
    lock on the file, without calling its busy handler: four `order create` started together on a fresh
    home failed ~6% of their journal opens with "database is locked". Retried here, 1 ms doubling to
    50 ms, until the mode is WAL (another process may have switched it meanwhile). A read-only file
    cannot switch: it answers its own mode, no error, and stays readable in it."""
    deadline = time.monotonic() + busy_timeout_ms / 1000
    pause = 0.001
    while True:
        try:
            if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                db.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as err:
            busy = (getattr(err, "sqlite_errorcode", 0) or 0) & 0xFF == sqlite3.SQLITE_BUSY
            if not busy or time.monotonic() + pause > deadline:
                raise
        time.sleep(pause)  # bounded: by the deadline above
        pause = min(pause * 2, 0.05)


@contextmanager
def write(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction, its lock taken at once (IMMEDIATE), committed on success, rolled back on error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
