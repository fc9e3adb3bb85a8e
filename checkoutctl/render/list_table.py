"""Draws a `Listing` as a rich table. Imported only when a table is drawn: rich stays out of `validate`.

Every value is `clean(…, inline=True)` and wrapped in `rich.text.Text`, never a markup string (CONTRACT §7).
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from checkoutctl.render.listing import Column, Listing
from checkoutctl.render.sanitize import clean


def print_listing_table(listing: Listing, console=None) -> None:
    if console is None:
        from checkoutctl.render.console import stdout_console

        console = stdout_console()
    table = Table(title=clean(listing.title, inline=True), title_justify="left")
    for column in listing.columns:
        table.add_column(column.header, **_column_style(column))
    for index, row in enumerate(listing.rows):
        table.add_row(*(Text("" if value is None else clean(value, inline=True)) for value in row))
        if index in listing.section_ends:
            table.add_section()
    console.print(table)
    for line in listing.footer:
        console.print(Text(clean(line, inline=True)))


def _column_style(column: Column) -> dict:
    if column.kind == "number":
        return {"justify": "right", "no_wrap": True}
    if column.kind == "key":
        return {"no_wrap": True}
    return {"overflow": "fold"}  # a path, id or URL is shown whole, folded, never cut with "…"
