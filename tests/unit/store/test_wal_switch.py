"""store/connection.py switches a new file to WAL even when other processes open it at the same moment:
SQLite answers one of two connections changing the mode together with "database is locked" at once
(its deadlock rule, not its busy handler), so four `order create` started together on a fresh home
lost ~6% of their journal opens. Real processes on files on disk; every wait bounded."""

from __future__ import annotations

import multiprocessing
import sqlite3
import time

import pytest

from checkoutctl.store import connection

TRIALS, PROCESSES = 25, 4


def _open_at(path: str, start: float, answers) -> None:
    while time.time() < start:  # bounded: until the common start time
        pass
    try:
        db = connection.connect(path)
        answers.put(db.execute("PRAGMA journal_mode").fetchone()[0])
        db.close()
    except sqlite3.Error as err:
        answers.put(f"{type(err).__name__}: {err}")


def test_processes_opening_a_new_file_at_the_same_moment_all_get_it_in_wal(tmp_path):
    context = multiprocessing.get_context("fork")
    seen: list[str] = []
    for trial in range(TRIALS):
        answers = context.Queue()
        start = time.time() + 0.2
        workers = [context.Process(target=_open_at, args=(str(tmp_path / f"new-{trial}.sqlite3"), start, answers))
                   for _ in range(PROCESSES)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(30)
        seen += [answers.get(timeout=10) for _ in workers]
    assert seen == ["wal"] * (TRIALS * PROCESSES), [s for s in seen if s != "wal"]


class Busy:
    """A connection whose mode switch is refused SQLITE_BUSY `times` times (then it works)."""

    def __init__(self, times: int) -> None:
        self.times, self.calls = times, 0

    def execute(self, sql: str):
        if sql == "PRAGMA journal_mode":
            return type("Row", (), {"fetchone": lambda _self: ("delete",)})()
        self.calls += 1
        if self.calls <= self.times:
            err = sqlite3.OperationalError("database is locked")
            err.sqlite_errorcode = sqlite3.SQLITE_BUSY
            raise err
        return None


def test_a_refused_switch_is_tried_again_and_given_up_at_the_busy_timeout():
    db = Busy(times=3)
    connection._use_wal(db, 5_000)
    assert db.calls == 4
    started = time.monotonic()
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        connection._use_wal(Busy(times=10**9), 200)
    assert 0.1 < time.monotonic() - started < 2


def test_another_error_is_not_retried():
    class ReadOnly(Busy):
        def execute(self, sql: str):
            if sql != "PRAGMA journal_mode":
                self.calls += 1
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return super().execute(sql)

    db = ReadOnly(times=0)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        connection._use_wal(db, 5_000)
    assert db.calls == 1
