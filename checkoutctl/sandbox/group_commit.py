"""Small writes of many threads committed together: one transaction for all that arrive at once.

Why: every request the sandbox answers writes its request-log row (sandbox/request_log.py) before
the answer leaves. One `BEGIN IMMEDIATE … COMMIT` each meant that under 8 or 64 keep-alive clients
the threads took turns on the write lock, each paying a whole commit (issue 15). Here the first
thread to arrive commits every row waiting at that moment; threads that arrive while it commits
wait (the GIL released) and the first of them commits the next batch: the leader/follower group
commit of database logs. No thread of its own, nothing to start or stop.

What still holds, unchanged from one transaction per row:

- `write()` returns once the row is committed, so a row is in the file before its request is
  answered: `GET /_sandbox/requests`, `sandbox requests` and a test reading the file from another
  process see every answered request, in order (rows are committed in the order `write()` was called).
- A write that fails raises in its own caller, as before; the others of its batch are committed (a
  batch that fails is retried one write per transaction).

Never call `write()` inside `Store.tx()`: the thread committing the batch would wait for the lock
that caller holds.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Callable

Write = Callable[[sqlite3.Connection], None]

MAX_BATCH = 1_000  # writes per transaction: a long one would keep other processes' writers waiting


class GroupCommit:
    """Writes of any thread, committed in arrival order, all waiting ones in one `transaction()`."""

    def __init__(self, transaction: Callable) -> None:
        self._transaction = transaction  # Store.tx: a context manager yielding a connection in a write tx
        self._lock = threading.Lock()
        self._finished = threading.Condition(self._lock)
        self._pending: list[Write] = []  # writes numbered done+1 … queued, oldest first
        self._queued = 0  # writes ever queued
        self._done = 0  # writes ever committed or failed: every write numbered up to this
        self._committing = False
        self._failures: dict[int, BaseException] = {}  # number -> why that write failed, for its caller

    def write(self, write: Write) -> None:
        """Run `write(db)` inside a write transaction, maybe with other threads' writes; return once committed."""
        with self._lock:
            self._queued += 1
            mine = self._queued
            self._pending.append(write)
            while self._done < mine:
                if self._committing:
                    self._finished.wait()
                    continue
                first = self._done + 1
                batch, self._pending = self._pending[:MAX_BATCH], self._pending[MAX_BATCH:]
                self._committing = True
                self._lock.release()
                # Until `_commit` returns, say every write of the batch failed: never a success unproven.
                interrupted = sqlite3.OperationalError("the transaction of this write was interrupted")
                failures: dict[int, BaseException] = dict.fromkeys(range(len(batch)), interrupted)
                try:
                    failures = self._commit(batch)
                finally:
                    self._lock.acquire()
                    self._committing = False
                    self._done = first + len(batch) - 1
                    self._finished.notify_all()
                self._failures.update((first + index, err) for index, err in failures.items())
            failure = self._failures.pop(mine, None)
        if failure is not None:
            raise failure

    def _commit(self, batch: list[Write]) -> dict[int, BaseException]:
        """Commit `batch`; the failures by position in it (the batch's others are committed anyway)."""
        try:
            with self._transaction() as db:
                for write in batch:
                    write(db)
            return {}
        except Exception as err:  # noqa: BLE001 - handed to the write's own caller
            if len(batch) == 1:
                return {0: err}
        failures: dict[int, BaseException] = {}
        for index, write in enumerate(batch):  # one transaction each: only the bad write fails
            try:
                with self._transaction() as db:
                    write(db)
            except Exception as err:  # noqa: BLE001 - handed to the write's own caller
                failures[index] = err
        return failures
