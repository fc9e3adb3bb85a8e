"""Builds the Typer application. Not imported for `--version` (see `entry.main`)."""

from __future__ import annotations

from importlib import import_module

import typer

from checkoutctl.cli import provider_help
from checkoutctl.cli.options import VERBOSE

try:  # typer >= 0.22 ships its own copy of click; earlier ones depend on click itself
    from typer import _click as click
except ImportError:  # pragma: no cover - depends on the installed typer
    import click  # noqa: F401

# Each module has `register(app)`; heavy imports live inside the command functions.
COMMAND_MODULES = ("validate", "order", "providers", "schema", "config", "auth", "sandbox", "listen", "completion")

EPILOG = (
    "Examples:\n\n"
    f"  checkoutctl validate {provider_help.sample(1)}\n\n"
    f"  checkoutctl order create {provider_help.sample(0)}\n\n"
    "  checkoutctl order show --token TOKEN --output json\n\n"
    "With no configuration every command runs against the embedded sandbox."
)


def build_app():
    import os

    if os.environ.get("_CHECKOUTCTL_COMPLETE"):
        # The shell asks for completions (cli/completion.py's script): Typer answers once its shells are known.
        from typer._completion_classes import completion_init

        completion_init()
    app = typer.Typer(
        name="checkoutctl",
        help=f"Place and inspect orders across checkout providers: {provider_help.titles()}.",
        epilog=EPILOG,
        no_args_is_help=True,
        add_completion=False,
        pretty_exceptions_enable=False,
        rich_markup_mode=None,
        context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
    )

    @app.callback()
    def root(
        version: bool = typer.Option(False, "--version", "-V", help="Print the version and exit."),
        debug: bool = typer.Option(False, "--debug", help="Show tracebacks for internal errors."),
        verbose: bool = VERBOSE,
    ) -> None:
        """Place and inspect orders across checkout providers."""
        if version:
            from checkoutctl import __version__

            typer.echo(f"checkoutctl {__version__}")
            raise typer.Exit(0)

    for name in COMMAND_MODULES:
        try:
            module = import_module(f"checkoutctl.cli.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"checkoutctl.cli.{name}":
                raise
            continue
        module.register(app)
    return typer.main.get_command(app)
