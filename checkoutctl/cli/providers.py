"""`checkoutctl providers`: what checkoutctl speaks."""

from __future__ import annotations

from enum import Enum

import typer


class ListFormat(str, Enum):
    table = "table"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command("providers", epilog="Example:\n\n  checkoutctl providers --output json")
    def providers(output: ListFormat = typer.Option(ListFormat.table, "--output", "-o", help="table or json.")) -> None:
        """List the providers, their operations and endpoints."""
        from checkoutctl.render.providers import render_providers

        render_providers(output.value)
