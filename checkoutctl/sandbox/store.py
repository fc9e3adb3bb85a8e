"""Sandbox state in SQLite in the state folder: survives restarts, shared by processes.

Opened through checkoutctl/store/ (the journal's store too): WAL, busy timeout, a 0600 file, and the
numbered migrations of every part (core, faults, request log, each provider's tables) applied on open.
Every write goes through `tx()` (BEGIN IMMEDIATE), so two processes or threads never interleave a
read-modify-write. One connection per thread: sqlite3 connections must not cross threads. Small
writes of many threads at once (the request log) go through `batched()`: committed together, one
transaction for all that wait at that moment (sandbox/group_commit.py).
"""

from __future__ import annotations

import sqlite3
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from checkoutctl.sandbox.group_commit import GroupCommit, Write
from checkoutctl.store import connection, migrations
from checkoutctl.store.migrations import Migrations

# Idle connections kept for reuse. werkzeug's threaded server runs each request on a new thread, so
# without `release()` every request would open (and leak) one connection.
IDLE_CONNECTIONS = 16


class Store:
    def __init__(self, path: Path, histories: Sequence[Migrations]) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        # Writers of this process queue here, woken the moment the lock is free, instead of in
        # SQLite's busy handler, which sleeps (1, 2, 5, 10… ms) and retries: under 64 clients each
        # lookup's request-log write waited there (issue 15). Other processes still meet busy_timeout.
        self._writer = threading.RLock()
        self._all: list[sqlite3.Connection] = []
        self._idle: list[sqlite3.Connection] = []
        self._batches = GroupCommit(self.tx)
        migrations.apply(self.connect(), *histories)

    def connect(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            with self._lock:
                db = self._idle.pop() if self._idle else None
            if db is not None:
                self._local.db = db
                return db
            db = connection.connect(self.path, check_same_thread=False)
            db.row_factory = sqlite3.Row
            self._local.db = db
            with self._lock:
                self._all.append(db)
        return db

    @contextmanager
    def tx(self) -> Iterator[sqlite3.Connection]:
        """A write transaction: taken at once (IMMEDIATE), committed on success, rolled back on error."""
        db = self.connect()
        with self._writer, connection.write(db):
            yield db

    def batched(self, write: Write) -> None:
        """`write(db)` in a write transaction shared with other threads' (group_commit.py); returns once committed."""
        self._batches.write(write)

    def release(self) -> None:
        """Hand this thread's connection back for reuse by another thread (or close it if enough idle)."""
        db = getattr(self._local, "db", None)
        if db is None:
            return
        self._local.db = None
        if db.in_transaction:  # never hand on a half-done transaction
            db.execute("ROLLBACK")
        with self._lock:
            if len(self._idle) < IDLE_CONNECTIONS:
                self._idle.append(db)
                return
            self._all.remove(db)
        db.close()

    def close(self) -> None:
        with self._lock:
            for db in self._all:
                try:
                    db.close()
                except sqlite3.Error:
                    pass
            self._all.clear()
            self._idle.clear()
        self._local = threading.local()
