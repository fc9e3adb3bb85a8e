"""`<state dir>/journal-recovery.jsonl`: provider answers the journal could not take (CONTRACT §7).

When an order was answered and the journal cannot record it (locked by another process past the busy
timeout, read-only, disk full, damaged), `keep` appends one JSON line naming the order (its journal
entry's `uid`, provider, file, id, token…) and fsyncs it; the caller also prints it on stderr, the last
resort when even this file cannot be written. Every open of the journal folds the file back in
(`fold_into`): all lines in one journal transaction, then the file is emptied, both under an exclusive
lock on it, so two processes folding at once apply each line once, and a line appended meanwhile
waits for the lock and is never emptied away unread. A line applied twice (a crash between commit
and emptying) settles the same entry to the same values: folding is idempotent.

A full disk: `reserve` (called before the request is sent, while there is room) sets aside space
for the file without growing it (Linux fallocate KEEP_SIZE), so the answer's line still fits; SQLite,
which needs whole new pages for its write-ahead log, is the one that fails.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Callable, Collection

FILE_NAME = "journal-recovery.jsonl"
RESERVE_BYTES = 64 * 1024
MAX_FOLD_BYTES = 16 * 1024 * 1024  # a file bigger than this is not one we wrote: leave it for a person
_FALLOC_FL_KEEP_SIZE = 0x01  # linux/falloc.h


def path_in(home: Path) -> Path:
    return Path(home) / FILE_NAME


def reserve(home: Path) -> None:
    """Best effort: make sure a line can be appended later even if the disk fills up meanwhile."""
    try:
        fd = _open(path_in(home))
    except OSError:
        return
    try:
        if os.fstat(fd).st_size == 0 and sys.platform.startswith("linux"):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.fallocate.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_longlong, ctypes.c_longlong)
            libc.fallocate(fd, _FALLOC_FL_KEEP_SIZE, 0, RESERVE_BYTES)
    except (OSError, AttributeError):
        pass
    finally:
        os.close(fd)


def record_of(entry, values: dict) -> dict:
    """The line that stands for `journal.settle(entry.entry_id, **values)` until the journal takes it:
    what names the entry (its uid, and all `_fold_one` needs to record it anew), then the values, the
    message redacted and bounded as the journal would keep it."""
    from datetime import datetime, timezone

    if values.get("message") is not None:
        from checkoutctl.journal.stored_text import storable_message

        values = {**values, "message": storable_message(values["message"])}
    return {"uid": entry.uid, "entry_id": entry.entry_id, "at": entry.at, "provider": entry.provider,
            "profile": entry.profile, "file": entry.file, "document": entry.document,
            "content_hash": entry.content_hash, "idempotency_key": entry.idempotency_key,
            "operation": entry.operation,
            "recorded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), **values}


def keep(home: Path, record: dict) -> Path:
    """Append `record` as one line and fsync it; OSError if even that fails (stderr is then the record)."""
    path = path_in(home)
    line = (json.dumps(record, ensure_ascii=True, sort_keys=True) + "\n").encode("ascii")
    fd = _open(path)
    try:
        _lock(fd)
        written = os.write(fd, line)
        if written != len(line):  # a short write on a full disk: the line is not whole, say it failed
            raise OSError(28, "short write: the disk is full")
        os.fsync(fd)
    finally:
        os.close(fd)  # closing releases the lock
    return path


def fold_into(home: Path, apply: Callable[[list[dict]], int], journal_path: Path, states: Collection[str]) -> int:
    """Fold the recovery file in `home` into the journal through `apply` (Journal.fold: one transaction),
    keeping only records whose state is one of `states`; how many it applied (notes on stderr)."""
    path = path_in(home)
    try:
        if path.stat().st_size == 0:
            return 0
    except OSError:
        return 0
    from checkoutctl.errors import JournalUnavailable

    try:
        fd = os.open(path, os.O_RDWR)
    except OSError:
        return 0
    try:
        _lock(fd)
        size = os.fstat(fd).st_size
        if size == 0 or size > MAX_FOLD_BYTES:
            return 0
        data = os.pread(fd, size, 0)
        records, damaged = _records(data, states)
        try:
            applied = apply(records) if records else 0
        except JournalUnavailable as err:
            _note(f"{len(records)} answered order(s) kept in {path} could not be added to the journal yet "
                  f"({err.cause}); they stay there until it can take them")
            return 0
        if damaged:
            # Keep what could not be read, for a person to look at; the good lines are in the journal.
            aside = path.with_name(path.name + ".unreadable")
            with open(aside, "ab") as out:
                out.write(b"".join(damaged))
        os.ftruncate(fd, 0)
        os.fsync(fd)
    finally:
        os.close(fd)
    if applied:
        _note(f"added {applied} answered order(s) kept in {path} to the journal {journal_path}")
    if damaged:
        _note(f"{len(damaged)} unreadable line(s) of {path} were moved to {path.name}.unreadable")
    return applied


_REQUIRED = ("uid", "state", "at", "provider", "profile", "file", "content_hash")


def _records(data: bytes, states: Collection[str]) -> tuple[list[dict], list[bytes]]:
    records, damaged = [], []
    for raw in data.split(b"\n"):
        if not raw.strip(b"\x00 \t\r"):
            continue  # blank, or the zero bytes of a reservation
        try:
            record = json.loads(raw.strip(b"\x00"))
        except ValueError:
            damaged.append(raw + b"\n")
            continue
        if not isinstance(record, dict) or any(k not in record for k in _REQUIRED) or record["state"] not in states:
            damaged.append(raw + b"\n")
            continue
        records.append(record)
    return records, damaged


def _open(path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    return os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)


def _lock(fd: int) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: no flock; one process at a time is the common case there
        return
    fcntl.flock(fd, fcntl.LOCK_EX)


def _note(text: str) -> None:
    from checkoutctl.safe_text import clean

    sys.stderr.write(clean(f"note: {text}", inline=True) + "\n")
