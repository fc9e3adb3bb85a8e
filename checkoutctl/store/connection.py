"""Opening a SQLite file the one way checkoutctl does (see the package docstring) and writing to it."""

from __future__ import annotations

import os
import sqlite3
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
        # A read-only file cannot switch to WAL; it stays readable in the mode it has.
        if db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
            db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: durable across a crash of the process
    except BaseException:
        db.close()
        raise
    return db


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
