"""`checkoutctl order create|show|history` (cancel|activate|open: cli/order_lifecycle.py)."""

from __future__ import annotations

from typing import Optional

import typer

from checkoutctl.cli import provider_help
from checkoutctl.cli.options import JQ, JSON_FIELDS, VERBOSE, chosen_output, output_option
from checkoutctl.render.output import ListFormatChoice, OrderFormatChoice

PROFILE = typer.Option(None, "--profile", "-p", help="Profile from config.yaml (default: CHECKOUTCTL_PROFILE, else the built-in sandbox).")
BASE_URL = typer.Option(None, "--base-url", help="Provider base URL, overriding the profile.")
# A string, checked by settings (policy.checked_seconds): click's float would take "٣" for 3 and "nan" as is.
TIMEOUT = typer.Option(None, "--timeout", metavar="SECONDS",
                       help="Longest time each request may take in all, connect to last byte, up to 3600 "
                            "(also CHECKOUTCTL_TIMEOUT).")
MAX_INTERVAL = 3600.0
MAX_WATCH = 86400.0  # a day: longer is a forgotten terminal, not a watch


def _seconds_between(minimum: float, maximum: float):
    def check(value: str) -> float:
        from checkoutctl.http.policy import checked_seconds

        try:
            seconds = checked_seconds(value, maximum)
            if seconds < minimum:
                raise ValueError(f"{value!r} is less than {minimum:g} seconds")
        except ValueError as err:
            raise typer.BadParameter(f"{err}; give a number of seconds from {minimum:g} to {maximum:g}") from None
        return seconds
    return check


OUTPUT = output_option(OrderFormatChoice)

CREATE_EPILOG = f"""Examples:

  checkoutctl order create {provider_help.sample(1)}

  checkoutctl order create order.yaml --cart cart.yaml --output json

  checkoutctl order create order.yaml --dry-run

With no configuration the order goes to the embedded sandbox (marked SANDBOX on stderr)."""

SHOW_EPILOG = provider_help.show_examples()

HISTORY_EPILOG = """Examples:

  checkoutctl order history

  checkoutctl order history --state unknown --output json | jq '.[] | {entry_id, file, state}'

\b
Settle an entry whose outcome is unknown (the warning about it then stops):
  checkoutctl order history --resolve 593               look order 593 up at its provider
  checkoutctl order history --resolve '#7' --as failed  entry 7 never reached the provider
  checkoutctl order history --resolve '#7' --as created you checked: the provider has it"""


def register(app: typer.Typer) -> None:
    from checkoutctl.cli import order_lifecycle

    group = typer.Typer(help="Place orders, look them up, cancel or reactivate them.", no_args_is_help=True)
    app.add_typer(group, name="order")

    @group.command("create", epilog=CREATE_EPILOG)
    def create(
        file: str = typer.Argument(..., metavar="FILE", help="Order file (YAML); several orders may be separated by ---."),
        cart: Optional[str] = typer.Option(None, "--cart", metavar="FILE", help="Append this cart's items to each order."),
        profile: Optional[str] = PROFILE,
        base_url: Optional[str] = BASE_URL,
        dry_run: bool = typer.Option(False, "--dry-run", help="Print the exact requests (secrets masked); send nothing."),
        output: OrderFormatChoice = OUTPUT,
        idempotency_key: Optional[str] = typer.Option(None, "--idempotency-key", metavar="K", help=f"The idempotency key of a create ({provider_help.idempotent_creates()}; default: one per order, kept in the journal)."),
        again: bool = typer.Option(False, "--again", help="Place an order the journal shows as already placed."),
        keep_going: bool = typer.Option(False, "--keep-going", help="Several orders in the file: place the rest after one fails."),
        timeout: Optional[str] = TIMEOUT,
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
        verbose: bool = VERBOSE,
    ) -> None:
        """Validate an order file, place the order(s) and show the result."""
        from checkoutctl.ordering.create import CreateOptions, create_orders
        from checkoutctl.settings import load_settings

        settings = load_settings(profile=profile, base_url=base_url, timeout=timeout)
        fmt, select = chosen_output(output, json_fields, jq)
        opts = CreateOptions(cart=cart, output=fmt, dry_run=dry_run, idempotency_key=idempotency_key, again=again, keep_going=keep_going,
                             select=select)
        raise typer.Exit(create_orders(file, settings, opts))

    @group.command("show", epilog=SHOW_EPILOG)
    def show(
        ref: Optional[str] = typer.Argument(None, metavar="[ID]", help="The provider's order id."),
        token: Optional[str] = typer.Option(None, "--token", "-t", help=f"Look up by token ({provider_help.token_lookups()})."),
        provider: Optional[str] = typer.Option(None, "--provider", help=f"{provider_help.names()} (default: from the profile, the journal or the id)."),
        profile: Optional[str] = PROFILE,
        base_url: Optional[str] = BASE_URL,
        output: OrderFormatChoice = OUTPUT,
        watch: bool = typer.Option(False, "--watch", "-w", help="Poll until the order reaches a final state."),
        interval: str = typer.Option("5", "--interval", metavar="SECONDS", callback=_seconds_between(0.2, MAX_INTERVAL),
                                     help="Seconds between polls with --watch."),
        watch_timeout: str = typer.Option("600", "--watch-timeout", metavar="SECONDS",
                                          callback=_seconds_between(1, MAX_WATCH),
                                          help="Give up watching after this many seconds."),
        exit_status: bool = typer.Option(False, "--exit-status", help="With --watch: exit 0 only on a paid/successful final state (5: gave up; 4: ended otherwise)."),
        timeout: Optional[str] = TIMEOUT,
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
        qr: bool = typer.Option(False, "--qr", help="Print the payment link as a QR code to scan, instead of the order."),
        verbose: bool = VERBOSE,
    ) -> None:
        """Look an order up by id or token and show it."""
        from checkoutctl.errors import UsageError
        from checkoutctl.ordering.show import ShowOptions, show_order
        from checkoutctl.settings import load_settings

        settings = load_settings(profile=profile, base_url=base_url, timeout=timeout)
        fmt, select = chosen_output(output, json_fields, jq)
        opts = ShowOptions(ref=ref, token=token, provider=provider, output=fmt, watch=watch,
                           interval=interval, watch_timeout=watch_timeout, exit_status=exit_status, select=select)
        if qr:
            if watch or select is not None:
                raise UsageError("--qr prints only the payment link's QR code: it takes no --watch, --json or --jq")
            from checkoutctl.ordering.lifecycle import show_qr

            raise typer.Exit(show_qr(settings, opts))
        raise typer.Exit(show_order(settings, opts))

    @group.command("history", epilog=HISTORY_EPILOG)
    def history(
        output: ListFormatChoice = output_option(ListFormatChoice),
        limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the newest N entries."),
        profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Only orders placed with this profile."),
        provider: Optional[str] = typer.Option(None, "--provider", help="Only this provider's orders."),
        state: Optional[str] = typer.Option(None, "--state", help="Only orders in this state: pending, created, refused, unknown or failed."),
        since: Optional[str] = typer.Option(None, "--since", metavar="DATE", help="Only orders placed at or after DATE (2026-12-01 or an RFC 3339 time)."),
        resolve: Optional[str] = typer.Option(None, "--resolve", metavar="ENTRY_OR_ID",
                                              help="Settle an entry whose outcome is unknown: look its order up at "
                                                   "the provider, or record what --as says (entry number, as "
                                                   "entry_id in --output json, or the order's id or token)."),
        as_state: Optional[str] = typer.Option(None, "--as", metavar="STATE",
                                               help="With --resolve: created (the provider has it) or failed (it "
                                                    "never reached the provider; placing it again is safe)."),
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
        verbose: bool = VERBOSE,
    ) -> None:
        """List the orders placed from this machine (the local journal); settle unknown outcomes."""
        from checkoutctl.ordering.history import HistoryFilter, show_history
        from checkoutctl.settings import load_settings

        fmt, select = chosen_output(output, json_fields, jq)
        if as_state is not None and resolve is None:
            from checkoutctl.errors import UsageError

            raise UsageError("--as goes with --resolve ENTRY_OR_ID", hint="checkoutctl order history --resolve 3 --as failed")
        if resolve is not None:
            from checkoutctl.ordering.resolve import resolve_entry

            raise typer.Exit(resolve_entry(load_settings(), resolve, as_state, fmt, select=select))
        only = HistoryFilter(profile=profile, provider=provider, state=state, since=since)
        raise typer.Exit(show_history(load_settings(), fmt, limit, only=only, select=select))

    order_lifecycle.register(group)
