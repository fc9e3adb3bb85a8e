"""Opening the sandbox database, and telling the user what to do when the file is damaged.

A file that is not SQLite, a truncated one or a corrupted page must not become a traceback or a
500 in the middle of an order: it is found when the sandbox starts (the open, the schema, then
`PRAGMA quick_check`, which reads every page: a few milliseconds for the bounded sandbox file) and
reported as `SandboxUnavailable` (exit 2) naming the file, with the way out.
"""

from __future__ import annotations

import shlex
import sqlite3
import time
from pathlib import Path
from typing import Sequence

from checkoutctl.errors import SandboxUnavailable
from checkoutctl.sandbox.store import Store
from checkoutctl.store.migrations import Migrations

# sqlite3 result codes (primary code: the low byte), https://www.sqlite.org/rescode.html
DAMAGED_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB


def open_checked(path: Path, histories: Sequence[Migrations]) -> Store:
    """The store at `path`, migrated, or SandboxUnavailable when the file is unusable."""
    store = None
    try:
        store = Store(path, histories)
        problems = [row[0] for row in store.connect().execute("PRAGMA quick_check").fetchall()]
        if problems != ["ok"]:
            raise sqlite3.DatabaseError(problems[0] if problems else "quick_check found nothing")
        store.release()
        return store
    except (sqlite3.DatabaseError, OSError) as err:
        if store is not None:
            store.close()
        raise unusable(path, err) from None


def is_damaged(err: Exception) -> bool:
    if not isinstance(err, sqlite3.DatabaseError):
        return False  # OSError: the folder or file cannot be made or opened
    code = getattr(err, "sqlite_errorcode", None)
    # quick_check's own findings carry no code, and neither does an unreadable page on old SQLite
    return code is None or (code & 0xFF) in DAMAGED_CODES


def unusable(path: Path, err: Exception) -> SandboxUnavailable:
    if is_damaged(err):
        return SandboxUnavailable(
            f"the sandbox database {path} is damaged ({err})",
            hint=f"`checkoutctl sandbox reset --yes` moves it aside and starts afresh, or move it yourself: "
                 f"mv {shlex.quote(str(path))} {shlex.quote(str(path) + '.damaged')}",
            damaged=path,
        )
    return SandboxUnavailable(f"cannot use the sandbox database {path}: {err}",
                              hint="check the file's permissions and that no other process holds it locked")


def move_aside(path: Path) -> Path:
    """Rename a damaged database (and its -wal/-shm) to `NAME.damaged-TIMESTAMP`; returns the new name."""
    target = path.with_name(f"{path.name}.damaged-{time.strftime('%Y%m%dT%H%M%S')}")
    path.rename(target)
    for suffix in ("-wal", "-shm"):
        side = path.with_name(path.name + suffix)
        if side.exists():
            side.rename(target.with_name(target.name + suffix))
    return target
