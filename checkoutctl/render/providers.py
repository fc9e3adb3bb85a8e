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

    table = Table(title="Providers", title_justify="left")
    for col in ("provider", "name", "operation", "method", "path", "what"):
        table.add_column(col)
    for info in infos:
        for i, op in enumerate(info.operations):
            first = i == 0
            table.add_row(info.name if first else "", info.title if first else "", op.name, op.method,
                          info.base_url + op.path if first else op.path, op.description)
        table.add_section()
    stdout_console().print(table)
