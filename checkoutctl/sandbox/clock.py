"""The sandbox's clock: real time plus an offset kept in its database, so every process agrees.

`checkoutctl sandbox clock advance 3h` moves it forward: a PagBank checkout past its expiration_date
reads EXPIRED, Gestão Plus due dates pass, without waiting (CONTRACT §6). `reset` goes back to real
time; it never runs backwards otherwise.
"""

from __future__ import annotations

import re
import time

from checkoutctl.sandbox.store import Store

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
MAX_OFFSET_SECONDS = 100 * 365 * 86400  # a century: far enough for any expiry, still a valid datetime
_PART = re.compile(r"(\d{1,9})([smhdw])")


def parse_duration(text: str) -> int:
    """Seconds in `90`, `45s`, `90m`, `2h30m`, `3d`, `1w`; ValueError otherwise."""
    spec = text.strip().lower()
    if spec.isascii() and spec.isdigit():
        return int(spec)
    parts = _PART.findall(spec)
    if not spec or "".join(n + u for n, u in parts) != spec:
        raise ValueError(f"{text!r} is not a duration like 90s, 15m, 2h30m, 3d or 1w")
    return sum(int(n) * UNITS[u] for n, u in parts)


def offset(store: Store) -> float:
    row = store.connect().execute("SELECT offset_seconds FROM sandbox_clock WHERE id = 1").fetchone()
    return float(row["offset_seconds"]) if row else 0.0


def now(store: Store) -> float:
    return time.time() + offset(store)


def advance(store: Store, seconds: float) -> float:
    """Move the clock forward; returns the new offset. ValueError past MAX_OFFSET_SECONDS."""
    if seconds < 0:
        raise ValueError("the sandbox clock only moves forward (use `reset` to go back to real time)")
    with store.tx() as db:
        row = db.execute("SELECT offset_seconds FROM sandbox_clock WHERE id = 1").fetchone()
        total = (float(row["offset_seconds"]) if row else 0.0) + seconds
        if total > MAX_OFFSET_SECONDS:
            raise ValueError("the sandbox clock cannot run more than a century ahead")
        db.execute("INSERT INTO sandbox_clock(id, offset_seconds) VALUES (1, ?)"
                   " ON CONFLICT(id) DO UPDATE SET offset_seconds = excluded.offset_seconds", (total,))
    return total


def reset(store: Store) -> None:
    with store.tx() as db:
        db.execute("DELETE FROM sandbox_clock")
