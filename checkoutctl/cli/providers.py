"""`checkoutctl providers`: what checkoutctl speaks."""

from __future__ import annotations

import typer

from checkoutctl.cli.options import output_option
from checkoutctl.render.output import ListFormatChoice


def register(app: typer.Typer) -> None:
    @app.command("providers", epilog="Example:\n\n  checkoutctl providers --output json")
    def providers(output: ListFormatChoice = output_option(ListFormatChoice)) -> None:
        """List the providers, their operations and endpoints."""
        from checkoutctl.providers import registry
        from checkoutctl.render.stdout import print_listing
        from checkoutctl.render.providers import providers_listing

        print_listing(providers_listing(registry.all_infos()), output.value)
