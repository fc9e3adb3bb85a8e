"""`checkoutctl validate`: offline checks, compiler-style messages or a CI format."""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer

from checkoutctl.cli.validate_line import CART, FORMAT, FORMATS, SKIP_OTHER_YAML

# The formats and option names are validate_line's, which reads plain lines before Typer is imported.
IssueFormat = Enum("IssueFormat", {name: name for name in FORMATS}, type=str)


def register(app: typer.Typer) -> None:
    @app.command(
        "validate",
        epilog="Examples:\n\n  checkoutctl validate samples/*.yaml\n\n"
        "  checkoutctl validate order.yaml --cart cart.yaml --format github\n\n"
        "  checkoutctl validate orders/*.yaml --format sarif > checkoutctl.sarif\n\n"
        "  checkoutctl validate --rules",
    )
    def validate(
        files: Optional[List[str]] = typer.Argument(None, metavar="FILE...", help="Order or cart files ('-' reads stdin)."),
        cart: Optional[str] = typer.Option(None, CART, metavar="FILE", help="Append this cart's items to each order."),
        fmt: IssueFormat = typer.Option(IssueFormat.text, FORMAT,
                                        help="text, json (array), github (annotations), sarif (code scanning) or junit (XML)."),
        rules: bool = typer.Option(False, "--rules", help="List every rule id and what it checks, then exit."),
        skip_other_yaml: bool = typer.Option(False, SKIP_OTHER_YAML,
                                             help="Skip YAML files with no top-level provider: key (for pre-commit hooks)."),
    ) -> None:
        """Check order files offline against every rule their provider documents."""
        if rules:
            from checkoutctl.documents.rule_catalogue import rules_table

            typer.echo(rules_table(), nl=False)
            raise typer.Exit(0)
        if not files:
            from checkoutctl.errors import UsageError

            raise UsageError("missing FILE...", hint="checkoutctl validate samples/*.yaml ('-' reads stdin)")
        from checkoutctl.ordering.validate import validate_files

        raise typer.Exit(validate_files(files, cart=cart, fmt=fmt.value, skip_other_yaml=skip_other_yaml))
