"""`checkoutctl sandbox`: serve the local emulator, arm faults, wipe its state."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from checkoutctl.cli import provider_help
from checkoutctl.cli.options import JQ, JSON_FIELDS, chosen_output, output_option
from checkoutctl.render.output import ListFormatChoice

SERVE_EPILOG = (
    "Examples:\n\n"
    "  checkoutctl sandbox serve\n\n"
    "  checkoutctl sandbox serve --port 9000\n\n"
    "Every command already runs an embedded sandbox over the same state when no profile is configured."
)
CATALOGUE_EPILOG = (
    "Examples:\n\n"
    "  checkoutctl sandbox catalogue > my-world.yaml      # edit it, then:\n\n"
    "  checkoutctl sandbox serve --catalogue my-world.yaml\n\n"
    "  checkoutctl sandbox catalogue --output json"
)
FAULT_EPILOG = (
    "Examples:\n\n"
    f"  checkoutctl sandbox fault add --method POST --path {provider_help.sandbox_path()} --fault \"status=503\" --times 2\n\n"
    f"  checkoutctl sandbox fault add --path '{provider_help.a_prefix()}/*' --fault \"delay=2;truncate\"\n\n"
    "  checkoutctl sandbox fault list --output json\n\n"
    "  checkoutctl sandbox fault remove 3\n\n"
    "  checkoutctl sandbox fault clear\n\n"
    "Directives: delay=SECONDS, status=CODE, retry-after=N, reset, reset-after-read, truncate, non-json, html."
)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help=f"The local emulator of the providers ({provider_help.titles()}).", no_args_is_help=True)
    fault = typer.Typer(help="Queue misbehaviour for the next matching requests.", no_args_is_help=True,
                        epilog=FAULT_EPILOG)
    group.add_typer(fault, name="fault")
    app.add_typer(group, name="sandbox")
    from checkoutctl.cli import sandbox_lifecycle

    sandbox_lifecycle.register(group)

    @group.command("serve", epilog=SERVE_EPILOG)
    def serve(
        host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (loopback only unless --allow-remote)."),
        port: int = typer.Option(8765, "--port", min=0, max=65535, help="Port to listen on (0: any free port)."),
        allow_remote: bool = typer.Option(False, "--allow-remote", help="Allow a non-loopback --host (with a warning)."),
        notify_anywhere: bool = typer.Option(False, "--notify-anywhere",
                                             help="Send notifications to non-loopback URLs too (default: loopback only)."),
        catalogue: Path = typer.Option(None, "--catalogue", help="YAML of your own products, shops, customers "
                                       "(see `sandbox catalogue`): only its ids exist."),
        all_cpus: bool = typer.Option(False, "--all-cpus", help="Let its threads run on every CPU (default: one; "
                                      "Python runs one thread at a time, and passing that turn between cores "
                                      "halved the lookups/s)."),
    ) -> None:
        """Run the sandbox in the foreground until Ctrl-C."""
        from checkoutctl.sandbox_server import serve as serve_sandbox

        if catalogue is not None:
            _load_catalogue(catalogue)
        raise typer.Exit(serve_sandbox(host=host, port=port, allow_remote=allow_remote,
                                  notify_anywhere=notify_anywhere, all_cpus=all_cpus))

    @group.command("catalogue", epilog=CATALOGUE_EPILOG)
    def catalogue_show(output: ListFormatChoice = output_option(ListFormatChoice)) -> None:
        """Print the sandbox's current catalogue (YAML, or JSON), ready to edit and give to serve --catalogue."""
        from checkoutctl.render.json_text import print_json
        from checkoutctl.sandbox import own_catalogue
        from checkoutctl.sandbox_server import provider_sandboxes

        store = _store()
        try:
            current, sources = {}, []
            for provider, mount in provider_sandboxes():
                if mount.catalogue_spec is None:
                    continue
                loaded = own_catalogue.section(store, provider.name)
                current[provider.name] = loaded if loaded is not None else mount.seeded_catalogue()
                sources.append(f"{provider.name}: {'loaded with --catalogue' if loaded is not None else 'seeded'}")
        finally:
            store.close()
        if output.value == "json":
            print_json(current)
        else:
            import yaml

            typer.echo("# " + "; ".join(sources))
            # Each line within 80 columns: a terminal would wrap it, and the file is read in an editor.
            typer.echo("# seeded: ids not listed get made-up details;\n"
                       "#         reserved ids (all nines, MISSING*, NOPE*) are not found\n"
                       "# loaded: only the ids listed exist.\n"
                       "# Give it back: checkoutctl sandbox serve --catalogue FILE")
            typer.echo(yaml.safe_dump(current, sort_keys=False, allow_unicode=True), nl=False)

    @fault.command("add", epilog=FAULT_EPILOG)
    def fault_add(
        path: str = typer.Option(..., "--path", help=f"Request path, shell wildcards allowed ({provider_help.sandbox_path()}/*)."),
        fault_text: str = typer.Option(..., "--fault", help="Directives, ';'-separated (e.g. \"status=503\")."),
        method: str = typer.Option("*", "--method", help="HTTP method, or * for any."),
        times: int = typer.Option(1, "--times", min=1, max=10_000, help="How many matching requests it applies to."),
    ) -> None:
        """Arm a fault for the next matching requests."""
        from checkoutctl.errors import UsageError
        from checkoutctl.sandbox import faults

        store = _store()
        try:
            row = faults.arm(store, method, path, fault_text, times)
        except faults.InvalidFault as err:
            raise UsageError(f"invalid fault: {err}", hint="see `checkoutctl sandbox fault add --help`") from None
        finally:
            store.close()
        typer.echo(f"armed fault {row['id']}: {row['method']} {row['path']} -> {row['fault']} (x{row['times']})", err=True)
        from checkoutctl.sandbox.route_match import unrouted_warning
        from checkoutctl.sandbox_server import routed_paths

        warning = unrouted_warning(path, routed_paths())
        if warning:
            typer.echo(f"warning: {warning}", err=True)

    @fault.command("remove", epilog=FAULT_EPILOG)
    def fault_remove(fault_id: int = typer.Argument(..., metavar="ID", help="The fault's id (see `fault list`).")) -> None:
        """Disarm one queued fault."""
        from checkoutctl.errors import UsageError
        from checkoutctl.sandbox import faults

        store = _store()
        try:
            removed = faults.remove(store, fault_id)
        finally:
            store.close()
        if not removed:
            raise UsageError(f"no armed fault {fault_id}", hint="checkoutctl sandbox fault list shows them")
        typer.echo(f"removed fault {fault_id}", err=True)

    @fault.command("list", epilog=FAULT_EPILOG)
    def fault_list(output: ListFormatChoice = output_option(ListFormatChoice), json_fields: Optional[str] = JSON_FIELDS,
                   jq: Optional[str] = JQ) -> None:
        """List the armed faults."""
        from checkoutctl.render.faults import faults_listing
        from checkoutctl.render.stdout import print_listing
        from checkoutctl.sandbox import faults

        store = _store()
        try:
            rows = faults.armed(store)
        finally:
            store.close()
        fmt, select = chosen_output(output, json_fields, jq)
        print_listing(faults_listing(rows), fmt, select=select)

    @fault.command("clear", epilog=FAULT_EPILOG)
    def fault_clear() -> None:
        """Disarm every queued fault."""
        from checkoutctl.sandbox import faults

        store = _store()
        try:
            count = faults.clear(store)
        finally:
            store.close()
        typer.echo(f"cleared {count} fault(s)", err=True)

    @group.command("reset", epilog="Example:\n\n  checkoutctl sandbox reset --yes")
    def reset(yes: bool = typer.Option(False, "--yes", "-y", help="Do it without asking.")) -> None:
        """Wipe the sandbox database: orders, checkouts, tokens, faults, request log."""
        from checkoutctl.errors import UsageError
        from checkoutctl.sandbox_server import wipe

        if not yes:
            import sys

            if not sys.stdin.isatty():
                raise UsageError("refusing to wipe the sandbox without --yes")
            typer.confirm("Wipe every order, checkout and token of the sandbox?", abort=True)
        from checkoutctl.errors import SandboxUnavailable

        try:
            typer.echo(f"wiped {wipe()}", err=True)
        except SandboxUnavailable as err:
            if err.damaged is None:
                raise
            from checkoutctl.sandbox.database import move_aside

            # Moved, not deleted: what it held may still be worth a look (sqlite3 .recover).
            typer.echo(f"moved the damaged {err.damaged} to {move_aside(err.damaged)}", err=True)
            typer.echo(f"wiped {wipe()}", err=True)


def _load_catalogue(path: Path) -> None:
    """Check FILE and make it the sandbox's world for every process of the home."""
    from checkoutctl.sandbox import own_catalogue
    from checkoutctl.sandbox_server import provider_sandboxes

    specs = {p.name: m.catalogue_spec for p, m in provider_sandboxes() if m.catalogue_spec is not None}
    sections = own_catalogue.load(path, specs)
    store = _store()
    try:
        own_catalogue.store_sections(store, sections)
    finally:
        store.close()
    typer.echo(f"catalogue: {path} ({', '.join(sections) or 'no providers'}: only its ids exist; "
               "`checkoutctl sandbox reset` goes back to the made-up world)", err=True)


def _store():
    from checkoutctl.home import state_dir
    from checkoutctl.sandbox_server import open_store

    return open_store(state_dir())
