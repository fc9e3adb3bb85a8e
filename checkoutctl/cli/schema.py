"""`checkoutctl schema PROVIDER`: the JSON Schema of an order file."""

from __future__ import annotations

from typing import Optional

import typer

from checkoutctl.cli import provider_help


def register(app: typer.Typer) -> None:
    @app.command(
        "schema",
        epilog="Example:\n\n  checkoutctl schema PROVIDER > order.schema.json\n\n"
        "  check-jsonschema --schemafile order.schema.json order.yaml\n\n"
        "  checkoutctl schema --all schemas/   # one PROVIDER.schema.json each, for editors",
    )
    def schema(
        provider: Optional[str] = typer.Argument(None, help=provider_help.names() + "."),
        all_dir: Optional[str] = typer.Option(None, "--all", metavar="DIR",
                                              help="Write every provider's schema as DIR/PROVIDER.schema.json."),
    ) -> None:
        """Print the JSON Schema of a provider's order file (for editors and check-jsonschema)."""
        from checkoutctl.errors import UsageError

        if (provider is None) == (all_dir is None):
            raise UsageError("give a PROVIDER or --all DIR", hint="checkoutctl schema pagbank, or checkoutctl schema --all schemas/")
        if all_dir is not None:
            from checkoutctl.ordering.schemas import write_all_schemas

            typer.echo("".join(f"{path}\n" for path in write_all_schemas(all_dir)), nl=False)
            return
        from checkoutctl.documents.schema import file_schema
        from checkoutctl.render.json_text import print_json

        print_json(file_schema(provider))
