"""`checkoutctl sandbox trigger`, `sandbox clock` and `sandbox requests`: move sandbox orders through
their life and time, and see what the sandbox received."""

from __future__ import annotations

from typing import Optional

import typer

from checkoutctl.cli.options import JQ, JSON_FIELDS, chosen_output, output_option
from checkoutctl.render.output import ListFormatChoice

TRIGGER_EPILOG = (
    "Examples:\n\n"
    "  checkoutctl sandbox trigger --list\n\n"
    "  checkoutctl sandbox trigger pagbank.paid CHEC_6A4B…\n\n"
    "  checkoutctl sandbox trigger gestaoplus.installment_paid 12 --installment 1\n\n"
    "  checkoutctl sandbox trigger bakeronline.approved 7\n\n"
    "EVENT is PROVIDER.EVENT, or the event alone when one provider has it. An ID that starts with -\n"
    "goes after -- (which ends the options): checkoutctl sandbox trigger installment_paid -- -Xy3…"
)
CLOCK_EPILOG = (
    "Examples:\n\n"
    "  checkoutctl sandbox clock advance 3h\n\n"
    "  checkoutctl sandbox clock show\n\n"
    "  checkoutctl sandbox clock reset\n\n"
    "Durations: 90 (seconds), 45s, 15m, 2h30m, 3d, 1w."
)


REQUESTS_EPILOG = (
    "Examples:\n\n"
    "  checkoutctl sandbox requests\n\n"
    "  checkoutctl sandbox requests --follow\n\n"
    "  checkoutctl sandbox requests --output json | jq '.[] | select(.status >= 500)'\n\n"
    "A status of '-' is a connection the sandbox dropped on purpose (reset faults), or a notification\n"
    "receiver it could not reach; '-> POST URL' lines are notifications it sent."
)
FOLLOW_POLL_SECONDS = 0.25


def register(group: typer.Typer) -> None:
    clock = typer.Typer(help="Move the sandbox's time forward, so expirations and due dates pass.",
                        no_args_is_help=True, epilog=CLOCK_EPILOG)
    group.add_typer(clock, name="clock")

    @group.command("trigger", epilog=TRIGGER_EPILOG)
    def trigger(
        event: str = typer.Argument(None, help="PROVIDER.EVENT, e.g. pagbank.paid (see --list)."),
        order_id: str = typer.Argument(None, metavar="ID", help="The order's id (Gestão Plus: id or token)."),
        installment: int = typer.Option(None, "--installment", min=1, help="Gestão Plus: which installment."),
        list_events: bool = typer.Option(False, "--list", help="List every provider's events and stop."),
        output: ListFormatChoice = output_option(ListFormatChoice),
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
    ) -> None:
        """Move a sandbox order through its life (paid, declined, expired, cancelled, …)."""
        from checkoutctl.errors import UsageError
        from checkoutctl.home import state_dir
        from checkoutctl import sandbox_client as core_client

        with core_client.reached(state_dir()) as url:
            _, events = core_client.ask(url, "GET", "/_sandbox/events")
            if list_events:
                from checkoutctl.render.listing import Column, Listing
                from checkoutctl.render.stdout import print_listing

                fmt, select = chosen_output(output, json_fields, jq)
                print_listing(Listing("Sandbox events", (Column("event", "key"), Column("description", wrap=True)),
                                      [(e["event"], e["description"]) for e in events], events,
                                      fields=("event", "description")), fmt, select=select)
                return
            if not event or not order_id:
                raise UsageError("sandbox trigger needs an EVENT and an order ID",
                                 hint="checkoutctl sandbox trigger --list shows the events")
            name = _resolve(event, order_id, [e["event"] for e in events])
            body = {"event": name, "id": order_id, **({"installment": installment} if installment else {})}
            status, answer = core_client.ask(url, "POST", "/_sandbox/trigger", body)
        if status != 200:
            detail = answer.get("detail") if isinstance(answer, dict) else answer
            raise UsageError(f"{name} on {order_id}: {detail}", hint="checkoutctl order show shows where it stands")
        if output.value == "json":
            from checkoutctl.render.json_text import print_json

            print_json(answer)
        typer.echo(f"triggered {name} on {order_id}: now {answer['state']}", err=True)

    @group.command("requests", epilog=REQUESTS_EPILOG)
    def requests_log(
        follow: bool = typer.Option(False, "--follow", "-f", help="Keep printing new requests until Ctrl-C."),
        limit: int = typer.Option(50, "--limit", "-n", min=1, max=10_000, help="How many of the newest to show first."),
        output: ListFormatChoice = output_option(ListFormatChoice),
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
    ) -> None:
        """What the sandbox received and answered, newest last."""
        import time

        from checkoutctl.home import state_dir
        from checkoutctl.sandbox import request_log
        from checkoutctl.sandbox_server import open_store

        fmt, select = chosen_output(output, json_fields, jq)
        store = open_store(state_dir())
        try:
            rows = request_log.entries(store, direction=None)[-limit:]
            _print_requests(rows, fmt, follow, select)
            last = rows[-1]["id"] if rows else 0
            while follow:  # until Ctrl-C (exit 130 at the boundary), like `tail -f`
                time.sleep(FOLLOW_POLL_SECONDS)
                rows = request_log.entries(store, after=last, direction=None)
                store.release()
                if rows:
                    _print_requests(rows, fmt, follow, select)
                    last = rows[-1]["id"]
        finally:
            store.close()

    @clock.command("advance", epilog=CLOCK_EPILOG)
    def clock_advance(duration: str = typer.Argument(..., help="How far: 90, 45s, 15m, 2h30m, 3d, 1w.")) -> None:
        """Move the sandbox's clock forward."""
        _clock("POST", {"advance": duration})

    @clock.command("show", epilog=CLOCK_EPILOG)
    def clock_show() -> None:
        """Print the sandbox's time and how far it is ahead."""
        _clock("GET", None)

    @clock.command("reset", epilog=CLOCK_EPILOG)
    def clock_reset() -> None:
        """Put the sandbox's clock back to real time."""
        _clock("DELETE", None)


def _clock(method: str, body: dict | None) -> None:
    from checkoutctl.errors import UsageError
    from checkoutctl.home import state_dir
    from checkoutctl import sandbox_client as core_client

    with core_client.reached(state_dir()) as url:
        status, answer = core_client.ask(url, method, "/_sandbox/clock", body)
    if status != 200:
        raise UsageError(str(answer.get("detail") if isinstance(answer, dict) else answer),
                         hint="durations look like 90, 45s, 15m, 2h30m, 3d or 1w")
    typer.echo(answer["now"])
    typer.echo(f"sandbox clock {answer['offset_seconds']:+.0f}s from real time", err=True)


def _resolve(event: str, order_id: str, names: list[str]) -> str:
    """PROVIDER.EVENT; a bare EVENT when one provider has it, or when the id's shape names the provider."""
    from checkoutctl.errors import UsageError
    from checkoutctl.providers import registry

    if event in names:
        return event
    matches = [n for n in names if n.split(".", 1)[1] == event]
    if len(matches) > 1:  # PagBank's CHEC_… ids say whose they are
        owners = {p.name for p in registry.providers() if p.lookup.owns_id(order_id)}
        matches = [n for n in matches if n.split(".", 1)[0] in owners] or matches
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UsageError(f"several providers have the event {event!r}: {', '.join(matches)}",
                         hint=f"name one of them, e.g. checkoutctl sandbox trigger {matches[0]} {order_id}")
    raise UsageError(f"no sandbox event {event!r}", hint="checkoutctl sandbox trigger --list shows them")


REQUEST_FIELDS = ("id", "at", "method", "path", "idempotency_key", "status", "direction")


def _print_requests(rows: list[dict], fmt: str, follow: bool, select=None) -> None:
    """A table (tab-separated off a terminal) or JSON; with --follow, one line per request (JSON lines)."""
    import sys
    from datetime import datetime

    from checkoutctl.render.json_text import print_json
    from checkoutctl.safe_text import clean

    if select is not None:
        from checkoutctl.render.json_select import print_selected

        print_selected(rows, select, REQUEST_FIELDS)
        return
    if fmt == "json" and not follow:
        print_json(rows)
        return
    for row in rows:
        if fmt == "json":
            print_json(row)
            continue
        at = datetime.fromtimestamp(row["at"]).strftime("%H:%M:%S")
        status = "skipped" if row["direction"] == "skipped" else "-" if row["status"] is None else str(row["status"])
        # "->": a notification the sandbox sent (path: the receiver's URL)
        method = f"-> {row['method']}" if row["direction"] != "in" else row["method"]
        fields = [at, f"[{status}]", method, row["path"]]
        if row["idempotency_key"]:
            fields.append(f"key={row['idempotency_key']}")
        sys.stdout.write("\t".join(clean(field, inline=True) for field in fields) + "\n")
    sys.stdout.flush()
