"""`order history`: the journal of orders placed from this machine, as a table or JSON (CONTRACT §3)."""

from __future__ import annotations

import json
import sys

from checkoutctl.journal import Journal
from checkoutctl.render.sanitize import clean
from checkoutctl.settings import Settings

COLUMNS = ("at", "provider", "profile", "file", "state", "id", "token", "http_status", "idempotency_key")


def show_history(settings: Settings, output: str, limit: int | None = None) -> int:
    entries = Journal(settings.home).entries(limit=limit)
    if output == "json":
        sys.stdout.write(json.dumps([e.as_json() for e in entries], indent=2, ensure_ascii=False) + "\n")
        return 0
    from rich.table import Table
    from rich.text import Text

    from checkoutctl.render.console import stdout_console

    table = Table(title=f"Orders placed from this machine ({len(entries)})", title_justify="left")
    for col in COLUMNS:
        table.add_column(col.replace("_", " "), overflow="fold")
    for e in entries:
        data = e.as_json()
        table.add_row(*(Text(clean("" if data.get(c) is None else str(data.get(c)), inline=True)) for c in COLUMNS))
    stdout_console().print(table)
    return 0
