"""Column widths for a terminal table that never breaks an identifier (CONTRACT §3, issue 11).

Ids, tokens, codes, keys and numbers keep their whole width. Free text gives way first: it is cut with
"…" down to a few characters; then columns are dropped, highest `priority` first (0 is never dropped);
links that still don't fit leave the table for a numbered list below it (`[1]` in the cell).
Pure arithmetic on display widths (wide characters count 2): no rich objects, testable alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.cells import cell_len

from checkoutctl.render.listing import Column

TEXT_MIN = 8  # free text is never cut narrower than this (or its own width)
# Text that wraps (a description) is never narrower than this: at 9 columns `providers` wrapped each
# description over five lines and cut words in two ("publicTok|en"); a droppable column goes first.
WRAP_MIN = 20
FIXED_KINDS = ("key", "time", "id", "url", "number", "state")


@dataclass(frozen=True)
class Fit:
    widths: tuple[int | None, ...]  # content width of each column; None: dropped
    links_below: bool  # URL cells show `[n]`; the URLs are listed under the table
    total: int  # the table's width with borders and padding


def box_width(widths) -> int:
    """A rich box table's width: each column's content plus 1 space each side and a border, plus the edge."""
    shown = [w for w in widths if w is not None]
    return sum(shown) + 3 * len(shown) + 1


def display_width(text: str) -> int:
    """`cell_len(text)`, without its per-character table lookups for printable ASCII (one cell each):
    ids, numbers and dates, most of a 10,000-row table (issue 15)."""
    return len(text) if text.isascii() and text.isprintable() else cell_len(text)


def natural_widths(columns: tuple[Column, ...], rows: list[tuple[str, ...]]) -> list[int]:
    widths = [cell_len(c.header) for c in columns]
    for index in range(len(columns)):
        widths[index] = max(widths[index], max((display_width(row[index]) for row in rows), default=0))
    return widths


def fit_columns(columns: tuple[Column, ...], rows: list[tuple[str, ...]], width: int, *,
                link_refs: int = 0) -> Fit:
    """Widths for `rows` (cleaned strings) in `width` cells. `link_refs`: how many URL cells there are,
    so a `[n]` reference's width is known."""
    natural = natural_widths(columns, rows)
    ref_width = len(f"[{max(link_refs, 1)}]")
    links_below = False
    dropped: set[int] = set()

    def floor(index: int) -> int:
        column = columns[index]
        if column.kind == "url" and links_below:
            return max(cell_len(column.header), ref_width)
        if column.kind in FIXED_KINDS:
            return natural[index]
        return min(natural[index], max(WRAP_MIN if column.wrap else TEXT_MIN, cell_len(column.header)))

    def needed() -> int:
        return box_width([None if i in dropped else floor(i) for i in range(len(columns))])

    if needed() > width and any(c.kind == "url" for c in columns):
        links_below = True
    droppable = sorted((i for i, c in enumerate(columns) if c.priority > 0),
                       key=lambda i: (-columns[i].priority, -i))
    while needed() > width and droppable:
        dropped.add(droppable.pop(0))
    widths = [None if i in dropped else floor(i) for i in range(len(columns))]
    # What is left goes to the text columns, left to right, up to their natural width.
    spare = width - box_width(widths)
    for index, column in enumerate(columns):
        if widths[index] is None or column.kind in FIXED_KINDS or spare <= 0:
            continue
        extra = min(spare, natural[index] - widths[index])
        widths[index] += extra
        spare -= extra
    return Fit(tuple(widths), links_below, box_width(widths))
