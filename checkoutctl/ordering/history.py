"""`order history`: the journal of orders placed from this machine, as a table or JSON (CONTRACT §3)."""

from __future__ import annotations

import json
import sys

from checkoutctl.journal import Journal
from checkoutctl.render.sanitize import clean
from checkoutctl.settings import Settings



def show_history(settings: Settings, output: str, limit: int | None = None) -> int:
    entries = Journal(settings.home).entries(limit=limit)
    if output == "json":
        sys.stdout.write(json.dumps([e.as_json() for e in entries], indent=2, ensure_ascii=False) + "\n")
        return 0
    from rich.table import Table
    from rich.text import Text

    from checkoutctl.render.console import stdout_console

    # The table is for people at a terminal: short time, one reference column, the file as given.
    # Everything (idempotency keys, content hashes, messages) is in --output json.
    table = Table(title=f"Orders placed from this machine ({len(entries)})", title_justify="left")
    table.add_column("placed", no_wrap=True)
    table.add_column("provider", no_wrap=True)
    table.add_column("profile")
    table.add_column("state", no_wrap=True)
    table.add_column("id / token", overflow="fold")
    table.add_column("http", justify="right")
    table.add_column("file", overflow="fold")
    for e in entries:
        ref = " / ".join(str(v) for v in (e.id, e.token) if v) or "-"
        cells = (e.at.replace("T", " ")[:16], e.provider, e.profile, e.state, ref,
                 "" if e.http_status is None else str(e.http_status), _short(e.file))
        table.add_row(*(Text(clean(c, inline=True)) for c in cells))
    stdout_console().print(table)
    unresolved = sum(1 for e in entries if e.state in ("pending", "unknown"))
    if unresolved:
        from checkoutctl.ordering.progress import warn

        warn(f"{unresolved} order{'s' if unresolved != 1 else ''} with an unknown outcome: check with the provider "
             "(`checkoutctl order show ID`) before placing again; PagBank orders are safe to retry with --again")
    return 0


def _short(path: str) -> str:
    from checkoutctl.documents.loader import display_path

    return display_path(path or "")
