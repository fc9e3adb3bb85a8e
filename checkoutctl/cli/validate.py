"""`checkoutctl validate`: offline checks, compiler-style messages."""

from __future__ import annotations

from enum import Enum
from typing import List, Optional

import typer


class IssueFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"


def register(app: typer.Typer) -> None:
    @app.command(
        "validate",
        epilog="Examples:\n\n  checkoutctl validate samples/*.yaml\n\n"
        "  checkoutctl validate order.yaml --cart cart.yaml --format github",
    )
    def validate(
        files: List[str] = typer.Argument(..., metavar="FILE...", help="Order or cart files ('-' reads stdin)."),
        cart: Optional[str] = typer.Option(None, "--cart", metavar="FILE", help="Append this cart's items to each order."),
        fmt: IssueFormat = typer.Option(IssueFormat.text, "--format", help="text, json (array), or github (annotations)."),
    ) -> None:
        """Check order files offline against every rule their provider documents."""
        from checkoutctl.ordering.validate import validate_files

        raise typer.Exit(validate_files(files, cart=cart, fmt=fmt.value))
