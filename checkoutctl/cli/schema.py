"""`checkoutctl schema PROVIDER`: the JSON Schema of an order file."""

from __future__ import annotations

import typer

from checkoutctl.cli import provider_help


def register(app: typer.Typer) -> None:
    @app.command(
        "schema",
        epilog="Example:\n\n  checkoutctl schema PROVIDER > order.schema.json\n\n"
        "  check-jsonschema --schemafile order.schema.json order.yaml",
    )
    def schema(provider: str = typer.Argument(..., help=provider_help.names() + ".")) -> None:
        """Print the JSON Schema of a provider's order file (for editors and check-jsonschema)."""
        from checkoutctl.documents.schema import file_schema
        from checkoutctl.render.json_text import print_json

        print_json(file_schema(provider))
