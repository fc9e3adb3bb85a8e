"""Stdout for lists: a `Listing` and a format in, the table or JSON out (CONTRACT §3).

Sanitising happens here (JSON: `render/json_text.py`; tables: `render/list_table.py`), once, at the
boundary. Rich is imported only when a table is drawn.
"""

from __future__ import annotations

import sys

from checkoutctl.render.json_text import print_json
from checkoutctl.render.listing import Listing
from checkoutctl.render.output import OutputFormat, output_format
from checkoutctl.safe_text import clean


def print_listing(listing: Listing, fmt: OutputFormat | str, console=None, select=None) -> None:
    """Print `listing` on stdout (or `console`) in the chosen format; `select` (--json FIELDS / --jq) wins."""
    fmt = output_format(fmt)
    if select is not None:
        from checkoutctl.render.json_select import print_selected

        print_selected(listing.json_value, select, listing.fields, console.file if console is not None else None)
    elif fmt is OutputFormat.json:
        print_json(listing.json_value, console.file if console is not None else None)
    elif fmt is OutputFormat.table:
        if not listing.rows and listing.empty_note:
            sys.stderr.write(clean(listing.empty_note) + "\n")
            return
        if console is None:
            from checkoutctl.render.console import is_terminal, wants_colour

            if not is_terminal():  # a pipe: TSV, without importing rich
                from checkoutctl.render.tsv import write_tsv

                write_tsv(listing, colour=wants_colour())
                return
        from checkoutctl.render.list_table import print_listing_table

        print_listing_table(listing, console)
    else:
        raise ValueError(f"a list has no {fmt.value} output")
