"""`checkoutctl schema PROVIDER`: the JSON Schema of an order file."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    @app.command(
        "schema",
        epilog="Example:\n\n  checkoutctl schema pagbank > pagbank.schema.json\n\n"
        "  check-jsonschema --schemafile pagbank.schema.json order.yaml",
    )
    def schema(provider: str = typer.Argument(..., help="gestaoplus, pagbank, bakeronline or crayon.")) -> None:
        """Print the JSON Schema of a provider's order file (for editors and check-jsonschema)."""
        from checkoutctl.documents.schema import file_schema
        from checkoutctl.render.json_text import print_json

        print_json(file_schema(provider))
