"""Tab-separated rows of a `Listing` for anything that is not a terminal (CONTRACT §3), without rich.

Piped, each row is one line of tab-separated whole values, no header, borders or padding, like gh.
Every value is `clean(…, inline=True)`: no control character, tab or newline of a value reaches the
output. Kept apart from render/list_table.py so a pipe never imports rich (~30 ms, issue 15).
"""

from __future__ import annotations

import sys

from checkoutctl.safe_text import clean

GREEN = ("created", "paid", "approved", "authorized", "completed", "success", "succeeded", "settled")
RED = ("refused", "declined", "denied", "failed", "canceled", "cancelled", "expired", "error", "rejected")
YELLOW = ("pending", "unknown", "waiting", "processing", "in_analysis", "open")
# Rows are written this many at a time: one write (and one pass of the redacting stream) per batch
# instead of per row, with memory bounded by the batch rather than the listing.
BATCH = 1000


def write_tsv(listing, *, colour: bool = False, stream=None, prefix: tuple[str, ...] = ()) -> None:
    out = sys.stdout if stream is None else stream
    states = [i for i, c in enumerate(listing.columns) if c.kind == "state"] if colour else []
    lines: list[str] = []
    for row in listing.rows:
        values = [cell_text(v) for v in row]
        for i in states:
            if i < len(values):
                values[i] = _ansi(values[i])
        lines.append("\t".join((*prefix, *values)) + "\n")
        if len(lines) >= BATCH:
            out.write("".join(lines))
            lines.clear()
    if lines:
        out.write("".join(lines))
    out.flush()


def cell_text(value: object) -> str:
    return "" if value is None else clean(value, inline=True)


def state_colour(value: str) -> str | None:
    word = value.strip().lower()
    for colour, words in (("green", GREEN), ("red", RED), ("yellow", YELLOW)):
        if word in words:
            return colour
    return None


def _ansi(value: str) -> str:
    code = {"green": "32", "red": "31", "yellow": "33"}.get(state_colour(value) or "")
    return f"\x1b[{code}m{value}\x1b[0m" if code else value
