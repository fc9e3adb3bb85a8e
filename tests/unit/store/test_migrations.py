"""checkoutctl/store: files created private, numbered migrations applied once, atomically, also by two
processes opening the same old file at once."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from checkoutctl.store import connection, migrations
from checkoutctl.store.migrations import Migrations

ROOT = Path(__file__).resolve().parents[3]


def _history(*extra: str) -> Migrations:
    history = Migrations("things")
    history.sql("create", "CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY, name TEXT)")

    @history
    def add_colour(db):
        db.execute("ALTER TABLE things ADD COLUMN colour TEXT")

    for number, statement in enumerate(extra, 3):
        history.sql(f"extra_{number}", statement)
    return history


def test_a_new_file_is_private_from_the_start_and_in_wal_mode(tmp_path):
    path = tmp_path / "new" / "deeper" / "state.sqlite3"
    db = connection.connect(path)
    try:
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == connection.BUSY_TIMEOUT_MS
        with connection.write(db):
            db.execute("CREATE TABLE t (x)")
        assert (tmp_path / "new" / "deeper" / "state.sqlite3-wal").stat().st_mode & 0o077 == 0
    finally:
        db.close()


def test_migrations_apply_in_order_once_and_are_recorded(tmp_path):
    db = connection.connect(tmp_path / "a.sqlite3")
    assert migrations.apply(db, _history()) == ["things:create", "things:add_colour"]
    assert migrations.apply(db, _history()) == []  # nothing due: nothing done
    assert migrations.applied(db) == {("things", 1), ("things", 2)}
    db.execute("INSERT INTO things (name, colour) VALUES ('x', 'red')")
    # A later release appends a step: only that one runs, the data stays.
    assert migrations.apply(db, _history("CREATE INDEX things_name ON things (name)")) == ["things:extra_3"]
    assert db.execute("SELECT name, colour FROM things").fetchall() == [("x", "red")]


def test_a_failing_step_leaves_the_file_as_it_was(tmp_path):
    db = connection.connect(tmp_path / "a.sqlite3")
    migrations.apply(db, _history())
    with pytest.raises(sqlite3.OperationalError):
        migrations.apply(db, _history("CREATE TABLE more (x)", "this is not sql"))
    assert not db.in_transaction
    assert migrations.applied(db) == {("things", 1), ("things", 2)}
    assert db.execute("SELECT name FROM sqlite_master WHERE name = 'more'").fetchone() is None


def test_scopes_are_numbered_apart(tmp_path):
    db = connection.connect(tmp_path / "a.sqlite3")
    other = Migrations.of_statements("other", ["CREATE TABLE IF NOT EXISTS other (x)"])
    migrations.apply(db, _history(), other)
    assert migrations.applied(db) == {("things", 1), ("things", 2), ("other", 1)}


OPENER = textwrap.dedent("""
    import sys, time
    from pathlib import Path
    from checkoutctl.store import connection, migrations
    from checkoutctl.store.migrations import Migrations

    barrier = Path(sys.argv[2])
    history = Migrations("things")
    history.sql("create", "CREATE TABLE IF NOT EXISTS things (id INTEGER PRIMARY KEY, name TEXT)")
    # Not idempotent: run twice, it fails ("duplicate column"), so a double migration cannot hide.
    history.sql("colour", "ALTER TABLE things ADD COLUMN colour TEXT")
    history.sql("count", "INSERT INTO things (name) VALUES ('migrated')")
    db = connection.connect(Path(sys.argv[1]))
    deadline = time.monotonic() + 30
    while not barrier.exists() and time.monotonic() < deadline:
        time.sleep(0.005)
    print(len(migrations.apply(db, history)))
""")


def test_two_processes_opening_an_old_file_at_once_migrate_it_once(tmp_path):
    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as old:  # as a release without migrations left it
        old.execute("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
        old.execute("INSERT INTO things (name) VALUES ('old')")
    barrier = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", OPENER, str(path), str(barrier)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    barrier.touch()
    results = [proc.communicate(timeout=60) for proc in procs]
    assert all(proc.returncode == 0 for proc in procs), results
    assert sorted(int(out) for out, _ in results) == [0, 0, 0, 3]
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT name FROM things ORDER BY id").fetchall() == [("old",), ("migrated",)]
