"""Builds the Typer application. Not imported for `--version` (see `entry.main`)."""

from __future__ import annotations

from collections.abc import MutableMapping
from importlib import import_module

import typer

from checkoutctl.cli import provider_help
from checkoutctl.cli.options import VERBOSE

try:  # typer >= 0.22 ships its own copy of click; earlier ones depend on click itself
    from typer import _click as click
except ImportError:  # pragma: no cover - depends on the installed typer
    import click  # noqa: F401

# Each module has `register(app)` and adds the one command named like it; heavy imports live inside
# the command functions. Listed in the order --help shows them.
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
    app = _typer(
        name="checkoutctl",
        help=f"Place and inspect orders across checkout providers: {provider_help.titles()}.",
        epilog=EPILOG,
        no_args_is_help=True,
        cls=_LazyGroup,
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

    return typer.main.get_command(app)


def _typer(**settings) -> typer.Typer:
    """A Typer app with the settings every part of the command tree is converted with."""
    return typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None, **settings)


def module_commands(name: str) -> dict:
    """The click commands `checkoutctl.cli.<name>` registers ({} when there is no such module)."""
    try:
        module = import_module(f"checkoutctl.cli.{name}")
    except ModuleNotFoundError as err:
        if err.name != f"checkoutctl.cli.{name}":
            raise
        return {}
    app = _typer()
    module.register(app)
    return dict(typer.main.get_group(app).commands)


class _Commands(MutableMapping):
    """The root's commands, each module imported and converted when its command is looked up.

    `checkoutctl order show` converts the `order` group alone: the other eight modules (their
    imports, their Typer-to-click conversion) are never loaded (issue 15). Anything that walks the
    whole mapping — `--help`, a typo's "Did you mean", shell completion — loads every module and sees
    what an eagerly built app would, in the same order.
    """

    def __init__(self, initial) -> None:
        self._loaded: dict = dict(initial)
        self._pending = [name for name in COMMAND_MODULES if name not in self._loaded]
        self._rank = {name: -1 for name in self._loaded}  # where each is listed: its module's place

    def _load(self, name: str) -> None:
        if name in self._pending:
            self._pending.remove(name)
            commands = module_commands(name)
            self._loaded.update(commands)
            self._rank.update(dict.fromkeys(commands, COMMAND_MODULES.index(name)))

    def _load_all(self) -> None:
        for name in list(self._pending):
            self._load(name)

    def __getitem__(self, name: str):
        if name not in self._loaded:
            self._load(name)
        return self._loaded[name]

    def __setitem__(self, name: str, command) -> None:
        self._loaded[name] = command
        self._rank.setdefault(name, len(COMMAND_MODULES))

    def __delitem__(self, name: str) -> None:
        self._load_all()
        del self._loaded[name]

    def __iter__(self):
        self._load_all()
        # As Typer lists an app's commands: plain commands first, then groups (`order`, `sandbox`, …).
        return iter(sorted(self._loaded, key=lambda name: (isinstance(self._loaded[name], typer.core.TyperGroup),
                                                           self._rank.get(name, len(COMMAND_MODULES)))))

    def __len__(self) -> int:
        self._load_all()
        return len(self._loaded)


class _LazyGroup(typer.core.TyperGroup):
    def __init__(self, *, commands=None, **attrs) -> None:
        super().__init__(commands=_Commands(commands or {}), **attrs)
