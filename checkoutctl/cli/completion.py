"""`checkoutctl completion bash|zsh|fish`: the shell completion script (CONTRACT §3)."""

from __future__ import annotations

from enum import Enum

import typer

COMPLETE_VAR = "_CHECKOUTCTL_COMPLETE"  # the variable the script sets when the shell asks for completions
EPILOG = ("Examples:\n\n"
          "  eval \"$(checkoutctl completion bash)\"     # in ~/.bashrc\n\n"
          "  eval \"$(checkoutctl completion zsh)\"      # in ~/.zshrc\n\n"
          "  checkoutctl completion fish > ~/.config/fish/completions/checkoutctl.fish")


class Shell(str, Enum):
    bash = "bash"
    zsh = "zsh"
    fish = "fish"


def register(app: typer.Typer) -> None:
    @app.command("completion", epilog=EPILOG)
    def completion(ctx: typer.Context, shell: Shell = typer.Argument(..., help="bash, zsh or fish.")) -> None:
        """Print the shell completion script."""
        # Typer's own completion classes (typer is pinned below 0.29 in pyproject.toml): the script calls
        # checkoutctl back with _CHECKOUTCTL_COMPLETE set, and Typer answers with the completions.
        from typer._click.shell_completion import get_completion_class
        from typer._completion_classes import completion_init

        completion_init()
        script = get_completion_class(shell.value)(ctx.find_root().command, {}, "checkoutctl", COMPLETE_VAR)
        typer.echo(script.source())
