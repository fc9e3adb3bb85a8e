"""`checkoutctl providers`: what checkoutctl speaks."""

from __future__ import annotations

from typing import Optional

import typer

from checkoutctl.cli.options import JQ, JSON_FIELDS, chosen_output, output_option
from checkoutctl.render.output import ListFormatChoice


def register(app: typer.Typer) -> None:
    @app.command("providers", epilog="Example:\n\n  checkoutctl providers --output json")
    def providers(output: ListFormatChoice = output_option(ListFormatChoice), json_fields: Optional[str] = JSON_FIELDS,
                  jq: Optional[str] = JQ) -> None:
        """List the providers, their operations and endpoints."""
        from checkoutctl.providers import registry
        from checkoutctl.render.stdout import print_listing
        from checkoutctl.render.providers import providers_listing

        fmt, select = chosen_output(output, json_fields, jq)
        print_listing(providers_listing(registry.all_infos()), fmt, select=select)
