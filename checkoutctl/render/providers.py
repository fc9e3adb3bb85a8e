"""The `providers` listing as a table or JSON."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict

from checkoutctl.providers import registry


def render_providers(output: str) -> None:
    infos = registry.all_infos()
    if output == "json":
        sys.stdout.write(json.dumps([asdict(i) for i in infos], indent=2, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    from checkoutctl.render.console import stdout_console

    # Readable at 80 columns: the base URL heads each provider's rows; the paths stay short.
    table = Table(title="Providers", title_justify="left")
    table.add_column("provider", no_wrap=True)
    table.add_column("operation", no_wrap=True)
    table.add_column("request", overflow="fold")
    table.add_column("what", overflow="fold")
    for info in infos:
        table.add_row(info.name, "", info.base_url, info.title)
        for op in info.operations:
            table.add_row("", op.name, f"{op.method} {op.path}", op.description)
        table.add_section()
    stdout_console().print(table)
