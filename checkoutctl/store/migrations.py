"""Numbered schema migrations, applied when a database is opened (llm's migrations.py is the model).

A `Migrations` is the append-only history of one part of a database (its `scope`: "journal", "faults",
a provider's sandbox tables…). Migration N is the N-th step ever added: a step is never edited or
removed once released, only new ones appended. Each database records in `_migrations` which steps of
which scope it has had; opening it applies the missing ones, oldest first, all in one IMMEDIATE
transaction, so two processes opening an old file at once migrate it exactly once and a step that fails
leaves the file as it was.

Files written before migrations existed have no `_migrations` table; their first steps are the
`CREATE … IF NOT EXISTS` statements that release used, which find the tables already there.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable

Step = Callable[[sqlite3.Connection], None]

_TABLE = ("CREATE TABLE IF NOT EXISTS _migrations (scope TEXT NOT NULL, number INTEGER NOT NULL,"
          " name TEXT NOT NULL, applied_at TEXT NOT NULL, PRIMARY KEY (scope, number))")


@dataclass(frozen=True)
class Migration:
    number: int
    name: str
    step: Step


class Migrations:
    """The ordered steps of one scope: `@migrations` registers a function, `.sql(...)` plain statements."""

    def __init__(self, scope: str) -> None:
        self.scope = scope
        self.steps: list[Migration] = []

    def __call__(self, step: Step) -> Step:
        self.steps.append(Migration(len(self.steps) + 1, step.__name__, step))
        return step

    def sql(self, name: str, *statements: str) -> None:
        def run(db: sqlite3.Connection) -> None:
            for statement in statements:
                db.execute(statement)

        self.steps.append(Migration(len(self.steps) + 1, name, run))

    @classmethod
    def of_statements(cls, scope: str, statements: Iterable[str]) -> Migrations:
        """Statement N of an append-only list is migration N (a provider sandbox's `SCHEMA`)."""
        migrations = cls(scope)
        for number, statement in enumerate(statements, 1):
            migrations.sql(f"{scope}_{number}", statement)
        return migrations


def apply(db: sqlite3.Connection, *histories: Migrations) -> list[str]:
    """Bring `db` up to date with every history; the names of the steps applied now (empty: none due)."""
    if not _due(db, histories):
        return []  # the common case: one read, no write lock
    from checkoutctl.store.connection import write

    applied_now: list[str] = []
    with write(db):
        db.execute(_TABLE)
        done = _applied(db)  # again, under the lock: another process may have migrated meanwhile
        for history in histories:
            for migration in history.steps:
                if (history.scope, migration.number) in done:
                    continue
                migration.step(db)
                db.execute("INSERT INTO _migrations (scope, number, name, applied_at) VALUES (?, ?, ?, ?)",
                           (history.scope, migration.number, migration.name,
                            datetime.now(timezone.utc).isoformat(timespec="seconds")))
                applied_now.append(f"{history.scope}:{migration.name}")
    return applied_now


def applied(db: sqlite3.Connection) -> set[tuple[str, int]]:
    """(scope, number) of every step this database has had."""
    return _applied(db)


def _due(db: sqlite3.Connection, histories: Iterable[Migrations]) -> bool:
    done = _applied(db)
    return any((h.scope, m.number) not in done for h in histories for m in h.steps)


def _applied(db: sqlite3.Connection) -> set[tuple[str, int]]:
    if db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_migrations'").fetchone() is None:
        return set()  # a file from before migrations, or a new one
    return {(scope, number) for scope, number in db.execute("SELECT scope, number FROM _migrations")}
