"""`checkoutctl config path|show|init`: where the config lives, the merged settings, a starter file."""

from __future__ import annotations

from typing import Optional

import typer

from checkoutctl.cli.options import JQ, JSON_FIELDS, chosen_output, output_option
from checkoutctl.render.output import ListFormatChoice

EPILOG = (
    "Examples:\n\n"
    "  checkoutctl config init\n\n"
    "  checkoutctl config show --profile PROFILE --output json\n\n"
    "  $EDITOR \"$(checkoutctl config path)\""
)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Where the config lives, the merged settings (secrets masked), a starter file.",
                        epilog=EPILOG, no_args_is_help=True, rich_markup_mode=None)

    @group.command("path", epilog="Example:\n\n  checkoutctl config path")
    def path() -> None:
        """Print the path of the config file (it may not exist yet)."""
        from checkoutctl.home import config_file

        typer.echo(str(config_file()))

    @group.command("show", epilog="Examples:\n\n  checkoutctl config show\n\n  CHECKOUTCTL_TIMEOUT=10 checkoutctl config show -o json")
    def show(
        profile: str = typer.Option(None, "--profile", "-p", help="Profile to show (default: the current one)."),
        output: ListFormatChoice = output_option(ListFormatChoice),
        json_fields: Optional[str] = JSON_FIELDS,
        jq: Optional[str] = JQ,
    ) -> None:
        """Show the merged settings of a profile, secrets masked, and where each value came from."""
        from checkoutctl.render.settings import settings_listing
        from checkoutctl.render.stdout import print_listing
        from checkoutctl.settings import load_settings

        fmt, select = chosen_output(output, json_fields, jq)
        print_listing(settings_listing(load_settings(profile=profile)), fmt, select=select)

    @group.command("init", epilog="Examples:\n\n  checkoutctl config init\n\n  checkoutctl config init --force")
    def init(force: bool = typer.Option(False, "--force", help="Replace an existing config file.")) -> None:
        """Write a commented starter config.yaml (mode 0600)."""
        import sys

        from checkoutctl.home import config_file
        from checkoutctl.safe_text import clean
        from checkoutctl.starter_config import write_starter_config

        written = write_starter_config(config_file(), force=force)
        typer.echo(str(written))
        sys.stderr.write(clean("wrote a starter config; edit it, then `checkoutctl config show`\n"))

    app.add_typer(group, name="config")
