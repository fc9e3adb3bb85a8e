"""Draws a `Listing`: a table fitted to a terminal, or tab-separated rows (render/tsv.py) for anything else (CONTRACT §3).

On a terminal no id, token, code or URL is broken across lines (render/fit.py decides the widths; a
table wider than the terminal is drawn whole rather than cut).
Every value is `clean(…, inline=True)` and wrapped in `rich.text.Text`, never a markup string; a cell
links (OSC 8) only to the http(s) URL it shows (CONTRACT §7). Imported only when a table is drawn.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.style import Style
from rich.table import Table
from rich.text import Text

from checkoutctl.render.fit import fit_columns
from checkoutctl.render.listing import Listing
from checkoutctl.render.tsv import cell_text, state_colour, write_tsv
from checkoutctl.render.web_url import is_web_url
from checkoutctl.safe_text import clean

ELLIPSIS = "…"


def print_listing_table(listing: Listing, console=None) -> None:
    """`listing` on `console`, or on stdout: a table on a terminal, TSV otherwise."""
    if console is None:
        from checkoutctl.render.console import is_terminal, stdout_console, wants_colour

        if not is_terminal():
            write_tsv(listing, colour=wants_colour())
            return
        console = stdout_console()
    draw(listing, console)


def draw(listing: Listing, console, *, rich_rows: bool = False) -> None:
    """`listing` as a table on `console`; `rich_rows`: every row through rich's own Table, the reference
    that render/plain_rows.py is pinned against (tests/unit/render/test_plain_rows.py)."""
    if listing.grid:
        _draw_grid(listing, console)
        return
    times = [i for i, c in enumerate(listing.columns) if c.kind == "time"]
    cells = [tuple(local_time(cell_text(v)) if i in times else cell_text(v) for i, v in enumerate(row))
             for row in listing.rows]
    url_columns = [i for i, c in enumerate(listing.columns) if c.kind == "url"]
    urls = sum(1 for row in cells for i in url_columns if _is_link(row[i]))
    fit = fit_columns(listing.columns, cells, console.width, link_refs=urls)
    table = Table(title=clean(listing.title, inline=True) or None, title_justify="left",
                  show_header=listing.show_header)
    shown = [i for i, w in enumerate(fit.widths) if w is not None]
    for i in shown:
        column = listing.columns[i]
        wraps = column.kind == "text" and column.wrap
        table.add_column(column.header, width=fit.widths[i], no_wrap=not wraps, overflow="fold" if wraps else "ellipsis",
                         justify="right" if column.kind == "number" else "left")
    below: list[str] = []
    shown_rows = []  # each row's shown cells as (value, kind); a link that leaves the table becomes [n]
    for row in cells:
        shown_cells = []
        for i in shown:
            value, kind = row[i], listing.columns[i].kind
            if kind == "url" and fit.links_below and _is_link(value):
                below.append(value)
                value, kind = f"[{len(below)}]", "key"
            shown_cells.append((value, kind))
        shown_rows.append(shown_cells)
    # Rows of single-line cells skip rich's per-cell measuring (render/plain_rows.py, the same bytes).
    wrapping = any(listing.columns[i].kind == "text" and listing.columns[i].wrap for i in shown)
    if not rich_rows and shown and not wrapping and all(fit.widths[i] >= 1 for i in shown):
        from checkoutctl.render.plain_rows import PlainRows

        styled = [[_cell_style(value, kind, console) for value, kind in row] for row in shown_rows]
        table = PlainRows(table, [fit.widths[i] for i in shown],
                          [listing.columns[i].kind == "number" for i in shown], styled, listing.section_ends)
    else:
        for index, row in enumerate(shown_rows):
            table.add_row(*(_styled(value, kind, console) for value, kind in row))
            if index in listing.section_ends:
                table.add_section()
    _print_wide(console, table, fit.total)
    for number, url in enumerate(below, 1):
        console.print(Text(f"[{number}] ") + url_text(url), crop=False, soft_wrap=True)
    for line in listing.footer:
        console.print(Text(clean(line, inline=True)), crop=False, soft_wrap=True)


def _print_wide(console, renderable, width: int) -> None:
    """Print at `width` even when that is wider than the console: an id longer than the terminal is drawn
    whole (the terminal folds the line; the bytes keep the id in one piece) rather than cut."""
    if width <= console.width:
        console.print(renderable, crop=False)
        return
    saved = console.width
    console.width = width
    try:
        console.print(renderable, crop=False)
    finally:
        console.width = saved


def _draw_grid(listing: Listing, console) -> None:
    """Label/value lines: identifiers and URLs whole on their line, free text cut with … to the width."""
    label_width = max((cell_len(cell_text(row[0])) for row in listing.rows), default=0)
    room = max(console.width - label_width - 2, 8)
    for index, row in enumerate(listing.rows):
        label, value = cell_text(row[0]), cell_text(row[1])
        kind = listing.row_kinds[index] if index < len(listing.row_kinds) else listing.columns[1].kind
        if kind == "time":  # the user's zone on a terminal (issue 11); TSV keeps RFC 3339
            value = local_time(value)
        if kind == "text" and cell_len(value) > room:
            value = _cut(value, room)
        line = Text(label + " " * (label_width - cell_len(label) + 2)) + _styled(value, kind, console)
        console.print(line, crop=False, soft_wrap=True)


def local_time(value: str) -> str:
    """An RFC 3339 time as the user's local "YYYY-MM-DD HH:MM"; anything else as it is."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return value
    if moment.tzinfo is not None:
        moment = moment.astimezone()
    return moment.strftime("%Y-%m-%d %H:%M")


def url_text(url: str) -> Text:
    """The URL as text; a hyperlink to that same text only when it is http(s) (CONTRACT §7)."""
    return Text(url, style=Style(link=url)) if is_web_url(url) else Text(url)


def _styled(value: str, kind: str, console) -> Text:
    value, style = _cell_style(value, kind, console)
    return Text(value, style=style) if style else Text(value)


def _cell_style(value: str, kind: str, console) -> tuple[str, Style | None]:
    """(value, style) of a cell as `_styled` would make it: a link only to an http(s) URL, a state's colour."""
    if kind == "url":
        return value, Style(link=value) if is_web_url(value) else None
    if kind == "state":
        colour = state_colour(value)
        return value, console.get_style(colour) if colour else None
    return value, None


def _is_link(value: str) -> bool:
    return bool(value) and value != "-" and len(value) > 3


def _cut(value: str, room: int) -> str:
    out, used = [], 0
    for ch in value:
        if used + cell_len(ch) > room - 1:
            break
        out.append(ch)
        used += cell_len(ch)
    return "".join(out) + ELLIPSIS
