"""`checkoutctl order cancel|activate|open|attachments`: act on an order the provider already has."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from checkoutctl.cli.options import JQ, JSON_FIELDS, VERBOSE, chosen_output, output_option
from checkoutctl.render.output import ListFormatChoice, OrderFormatChoice

PROFILE = typer.Option(None, "--profile", "-p", help="Profile from config.yaml (default: CHECKOUTCTL_PROFILE, else the built-in sandbox).")
BASE_URL = typer.Option(None, "--base-url", help="Provider base URL, overriding the profile.")
TIMEOUT = typer.Option(None, "--timeout", metavar="SECONDS",
                       help="Longest time each request may take in all, connect to last byte, up to 3600 "
                            "(also CHECKOUTCTL_TIMEOUT).")
PROVIDER = typer.Option(None, "--provider", help="The order's provider (default: from the profile, the journal or the id).")
YES = typer.Option(False, "--yes", "-y", help="Do it without asking (needed when stdin is not a terminal).")


def register(group: typer.Typer) -> None:
    _change_command(group, "cancel", "Cancel an order where its provider can (`checkoutctl providers` lists which).",
                    "Examples:\n\n  checkoutctl order cancel ID\n\n  checkoutctl order cancel ID --provider NAME --yes")
    _change_command(group, "activate", "Make an inactive order payable again, where its provider can.",
                    "Example:\n\n  checkoutctl order activate ID --yes")

    @group.command("open", epilog="Examples:\n\n  checkoutctl order open ID\n\n"
                   "  checkoutctl order open --token TOKEN --print")
    def open_(
        ref: Optional[str] = typer.Argument(None, metavar="[ID]", help="The provider's order id."),
        token: Optional[str] = typer.Option(None, "--token", "-t", help="Look up by token instead of id."),
        print_only: bool = typer.Option(False, "--print", help="Print the link instead of opening a browser."),
        provider: Optional[str] = PROVIDER,
        profile: Optional[str] = PROFILE,
        base_url: Optional[str] = BASE_URL,
        timeout: Optional[str] = TIMEOUT,
        verbose: bool = VERBOSE,
    ) -> None:
        """Open the order's payment page or boleto in the browser."""
        from checkoutctl.ordering.lifecycle import open_order
        from checkoutctl.settings import load_settings

        settings = load_settings(profile=profile, base_url=base_url, timeout=timeout)
        raise typer.Exit(open_order(settings, ref, token, provider, print_only=print_only))

    @group.command("attachments", epilog="Examples:\n\n  checkoutctl order attachments ID\n\n"
                   "  checkoutctl order attachments --token TOKEN --download ./boletos")
    def attachments(
        ref: Optional[str] = typer.Argument(None, metavar="[ID]", help="The provider's order id."),
        token: Optional[str] = typer.Option(None, "--token", "-t", help="Look up by token instead of id."),
        download: Optional[Path] = typer.Option(None, "--download", metavar="DIR",
                                                help="Save each attachment into DIR (never overwriting a file)."),
        provider: Optional[str] = PROVIDER,
        profile: Optional[str] = PROFILE,
        base_url: Optional[str] = BASE_URL,
        output: ListFormatChoice = output_option(ListFormatChoice),
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
        timeout: Optional[str] = TIMEOUT,
        verbose: bool = VERBOSE,
    ) -> None:
        """List an order's attachments (boleto PDFs) and download them."""
        from checkoutctl.ordering.attachments import show_attachments
        from checkoutctl.ordering.show import ShowOptions
        from checkoutctl.settings import load_settings

        fmt, select = chosen_output(output, json_fields, jq)
        settings = load_settings(profile=profile, base_url=base_url, timeout=timeout)
        opts = ShowOptions(ref=ref, token=token, provider=provider, output=fmt, select=select)
        raise typer.Exit(show_attachments(settings, opts, download))


def _change_command(group: typer.Typer, operation: str, help_text: str, epilog: str) -> None:
    """`order cancel` and `order activate` take the same options and differ only in the operation."""

    @group.command(operation, help=help_text, epilog=epilog)
    def change(
        ref: str = typer.Argument(..., metavar="ID", help="The provider's order id."),
        yes: bool = YES,
        provider: Optional[str] = PROVIDER,
        profile: Optional[str] = PROFILE,
        base_url: Optional[str] = BASE_URL,
        output: OrderFormatChoice = output_option(OrderFormatChoice),
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
        timeout: Optional[str] = TIMEOUT,
        verbose: bool = VERBOSE,
    ) -> None:
        fmt, select = chosen_output(output, json_fields, jq)
        raise typer.Exit(_change(operation, ref, yes, provider, profile, base_url, fmt, timeout, select))


def _change(operation: str, ref: str, yes: bool, provider, profile, base_url, output, timeout, select) -> int:
    import sys

    from checkoutctl.errors import UsageError
    from checkoutctl.ordering.lifecycle import ChangeOptions, change_order
    from checkoutctl.settings import load_settings

    settings = load_settings(profile=profile, base_url=base_url, timeout=timeout)
    if not yes and not sys.stdin.isatty():
        raise UsageError(f"refusing to {operation} order {ref} without --yes (stdin is not a terminal)",
                         hint=f"checkoutctl order {operation} {ref} --yes")
    confirm = None if yes else (lambda question: typer.confirm(question, err=True))
    return change_order(settings, operation, ChangeOptions(ref=ref, provider=provider, output=output, confirm=confirm,
                                                               select=select))
