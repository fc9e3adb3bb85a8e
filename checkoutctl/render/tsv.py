"""Tab-separated rows of a `Listing` for anything that is not a terminal (CONTRACT §3), without rich.

Piped, each row is one line of tab-separated whole values, no header, borders or padding, like gh.
Every value is `clean(…, inline=True)`: no control character, tab or newline of a value reaches the
output. Kept apart from render/list_table.py so a pipe never imports rich (~30 ms, issue 15).
"""

from __future__ import annotations

import sys

from checkoutctl.safe_text import clean

# State words by colour: created/paid green, refused/declined/cancelled red, pending/unknown yellow.
# "active" is a live order (PagBank ACTIVE, Gestão Plus status 1: as placed, seed 001), like "created";
# the phrases are the meanings a provider's codes are shown with ("CONCLUIDO (paid in full)",
# gestaoplus/info.py PAYMENT_STATUS_MEANINGS).
GREEN = ("created", "paid", "approved", "authorized", "completed", "success", "succeeded", "settled", "active",
         "paid in full")
RED = ("refused", "declined", "denied", "failed", "canceled", "cancelled", "expired", "error", "rejected")
YELLOW = ("pending", "unknown", "waiting", "processing", "in_analysis", "open", "awaiting payment")
# Rows are written this many at a time: one write (and one pass of the redacting stream) per batch
# instead of per row, with memory bounded by the batch rather than the listing.
BATCH = 1000


def write_tsv(listing, *, colour: bool = False, stream=None, prefix: tuple[str, ...] = ()) -> None:
    out = sys.stdout if stream is None else stream
    states = [i for i, c in enumerate(listing.columns) if c.kind == "state"] if colour else []
    # A grid (an order's summary) says its value's kind row by row: its state rows are coloured too.
    state_rows = {n for n, kind in enumerate(listing.row_kinds) if kind == "state"} if colour else set()
    lines: list[str] = []
    for number, row in enumerate(listing.rows):
        values = [cell_text(v) for v in row]
        for i in (*states, 1) if number in state_rows else states:  # a grid's value is its column 1
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
    """The colour of a state: of its word, or for a code shown with its meaning ("0 (cancelled)",
    order_table.with_meaning) of the code, else of the meaning, so a worded state is coloured as the
    plain state it is."""
    word = value.strip().lower()
    colour = _word_colour(word)
    if colour is None and word.endswith(")") and " (" in word:
        code, _, meaning = word[:-1].partition(" (")
        colour = _word_colour(code.strip()) or _word_colour(meaning.strip())
    return colour


def _word_colour(word: str) -> str | None:
    for colour, words in (("green", GREEN), ("red", RED), ("yellow", YELLOW)):
        if word in words:
            return colour
    return None


def _ansi(value: str) -> str:
    code = {"green": "32", "red": "31", "yellow": "33"}.get(state_colour(value) or "")
    return f"\x1b[{code}m{value}\x1b[0m" if code else value
