"""Group commit of the sandbox's small writes (sandbox/group_commit.py): what arrives while one batch
commits goes in the next one together, every write is committed when its call returns, and a write
that fails fails only its own caller. Real SQLite files, no sockets."""

from __future__ import annotations

import sqlite3
import threading
import time
from contextlib import contextmanager

import pytest

from checkoutctl.sandbox import request_log
from checkoutctl.sandbox.group_commit import GroupCommit
from checkoutctl.sandbox_server import open_store

WAIT_SECONDS = 10.0


@pytest.fixture
def store(tmp_path):
    store = open_store(tmp_path)
    yield store
    store.close()


def other_process_view(store) -> list[str]:
    """The log as another process reads the file: a connection of its own, not the store's."""
    db = sqlite3.connect(store.path)
    try:
        return [row[0] for row in db.execute("SELECT path FROM sandbox_requests ORDER BY id")]
    finally:
        db.close()


def until(condition) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():  # bounded: WAIT_SECONDS
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.001)


def test_a_row_is_in_the_file_when_record_returns(store):
    seen: dict[str, bool] = {}

    def client(number: int) -> None:
        for step in range(20):
            path = f"/c{number}/{step}"
            request_log.record(store, "GET", path, None, 200)
            seen[path] = path in other_process_view(store)  # before "answering": already committed

    threads = [threading.Thread(target=client, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_SECONDS * 3)
    assert len(seen) == 160 and all(seen.values())
    assert sorted(other_process_view(store)) == sorted(seen)


class CountedTransactions:
    """Store.tx, counting transactions and what each one wrote; the first one held until released."""

    def __init__(self, store) -> None:
        self.store, self.sizes = store, []
        self.hold_first = threading.Event()

    @contextmanager
    def __call__(self):
        with self.store.tx() as db:
            before, first = db.total_changes, not self.sizes
            self.sizes.append(None)
            if first:
                assert self.hold_first.wait(WAIT_SECONDS)
            yield db
            self.sizes[-1] = db.total_changes - before


def insert(path: str):
    return lambda db: db.execute("INSERT INTO sandbox_requests(at, method, path, status) VALUES (0, 'GET', ?, 200)", (path,))


def test_writes_that_arrive_during_a_commit_share_the_next_transaction(store):
    transactions = CountedTransactions(store)
    group = GroupCommit(transactions)
    first = threading.Thread(target=group.write, args=(insert("/first"),))
    first.start()
    until(lambda: transactions.sizes)  # the first commit is under way, held
    others = [threading.Thread(target=group.write, args=(insert(f"/next/{n}"),)) for n in range(5)]
    for thread in others:
        thread.start()
        until(lambda: group._queued == 2 + others.index(thread))  # queued in this order
    transactions.hold_first.set()
    for thread in [first, *others]:
        thread.join(WAIT_SECONDS)
    assert transactions.sizes == [1, 5]  # two transactions for six writes
    assert other_process_view(store) == ["/first", *(f"/next/{n}" for n in range(5))]


def test_a_failing_write_fails_its_own_caller_only(store):
    transactions = CountedTransactions(store)
    group = GroupCommit(transactions)
    outcomes: dict[str, object] = {}

    def write(name: str, action) -> None:
        try:
            group.write(action)
            outcomes[name] = "ok"
        except sqlite3.Error as err:
            outcomes[name] = err

    first = threading.Thread(target=write, args=("first", insert("/first")))
    first.start()
    until(lambda: transactions.sizes)
    bad = threading.Thread(target=write, args=("bad", lambda db: db.execute("INSERT INTO no_such_table VALUES (1)")))
    good = threading.Thread(target=write, args=("good", insert("/good")))
    bad.start()
    until(lambda: group._queued == 2)
    good.start()
    until(lambda: group._queued == 3)
    transactions.hold_first.set()
    for thread in (first, bad, good):
        thread.join(WAIT_SECONDS)
    assert outcomes["first"] == "ok" and outcomes["good"] == "ok"
    assert isinstance(outcomes["bad"], sqlite3.OperationalError) and "no_such_table" in str(outcomes["bad"])
    assert other_process_view(store) == ["/first", "/good"]


def test_one_thread_alone_commits_its_own_write_at_once(store):
    request_log.record(store, "POST", "/alone", None, 201)
    assert other_process_view(store) == ["/alone"]
    with pytest.raises(sqlite3.OperationalError):
        store.batched(lambda db: db.execute("INSERT INTO no_such_table VALUES (1)"))
    request_log.record(store, "GET", "/after", None, 200)  # a failure leaves the next writer able to commit
    assert other_process_view(store) == ["/alone", "/after"]
