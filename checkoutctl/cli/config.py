"""`checkoutctl config path|show|init`: where the config lives, the merged settings, a starter file."""

from __future__ import annotations

from enum import Enum

import typer


class ListFormat(str, Enum):
    table = "table"
    json = "json"


EPILOG = (
    "Examples:\n\n"
    "  checkoutctl config init\n\n"
    "  checkoutctl config show --profile pagbank --output json\n\n"
    "  $EDITOR \"$(checkoutctl config path)\""
)
SHOWN = ("profile", "provider", "base_url", "origin", "token", "timeout", "connect_timeout")


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Where the config lives, the merged settings (secrets masked), a starter file.",
                        epilog=EPILOG, no_args_is_help=True, rich_markup_mode=None)

    @group.command("path", epilog="Example:\n\n  checkoutctl config path")
    def path() -> None:
        """Print the path of the config file (it may not exist yet)."""
        from checkoutctl.home import home_dir

        typer.echo(str(home_dir() / "config.yaml"))

    @group.command("show", epilog="Examples:\n\n  checkoutctl config show\n\n  CHECKOUTCTL_TIMEOUT=10 checkoutctl config show -o json")
    def show(
        profile: str = typer.Option(None, "--profile", "-p", help="Profile to show (default: the current one)."),
        output: ListFormat = typer.Option(ListFormat.table, "--output", "-o", help="table or json."),
    ) -> None:
        """Show the merged settings of a profile, secrets masked, and where each value came from."""
        from checkoutctl.settings import load_settings

        render_settings(load_settings(profile=profile), output.value)

    @group.command("init", epilog="Examples:\n\n  checkoutctl config init\n\n  checkoutctl config init --force")
    def init(force: bool = typer.Option(False, "--force", help="Replace an existing config file.")) -> None:
        """Write a commented starter config.yaml (mode 0600)."""
        import sys

        from checkoutctl.home import home_dir
        from checkoutctl.render.sanitize import clean
        from checkoutctl.starter_config import write_starter_config

        written = write_starter_config(home_dir() / "config.yaml", force=force)
        typer.echo(str(written))
        sys.stderr.write(clean("wrote a starter config; edit it, then `checkoutctl config show`\n"))

    app.add_typer(group, name="config")


def settings_view(settings) -> dict:
    """The settings as `config show -o json` prints them: the token masked, never revealed."""
    return {
        "profile": settings.profile,
        "provider": settings.provider,
        "base_url": settings.base_url,
        "origin": settings.origin,
        "token": None if settings.token is None else str(settings.token),
        "token_env": settings.token_env,
        "login": None if settings.login is None else {
            "username": settings.login.username, "password": str(settings.login.password),
            "client_id": settings.login.client_id,
            "client_secret": None if settings.login.client_secret is None else str(settings.login.client_secret)},
        "timeout": settings.timeout,
        "connect_timeout": settings.connect_timeout,
        "is_sandbox": settings.is_sandbox,
        "home": str(settings.home),
        "config_path": str(settings.config_path),
        "config_exists": settings.config_path.exists(),
        "source": dict(settings.source),
        "profiles": list(settings.profiles),
    }


def render_settings(settings, output: str) -> None:
    view = settings_view(settings)
    if output == "json":
        import json
        import sys

        sys.stdout.write(json.dumps(view, indent=2, ensure_ascii=False) + "\n")
        return
    from rich.table import Table

    from checkoutctl.render.console import stdout_console
    from checkoutctl.render.sanitize import clean

    table = Table(title=f"Profile {clean(settings.profile, inline=True)}", title_justify="left")
    for column in ("setting", "value", "from"):
        table.add_column(column, overflow="fold")  # a path or URL is shown whole, never cut with "…"
    for key in SHOWN:
        value = view[key]
        if key == "token" and value is None and settings.login is not None:
            value = f"(logs in as {settings.login.username}; password ****)"
        elif key == "token" and value is None:
            value = f"(not set: ${settings.token_env} is empty)" if settings.token_env else "(none)"
        elif key == "base_url" and value is None and settings.is_sandbox:
            value = "(the embedded sandbox)"
        elif key == "provider" and value is None:
            value = "(any: the order file says)"
        source = settings.source.get(key, "default")
        if key == "token" and settings.token_env:
            source = f"{source} (token_env {settings.token_env})"
        table.add_row(key, clean("" if value is None else value, inline=True), source)
    table.add_row("sandbox", "yes" if settings.is_sandbox else "no", "")
    table.add_row("config", f"{settings.config_path}{'' if view['config_exists'] else ' (absent)'}", "")
    console = stdout_console()
    console.print(table)
    marks = [f"{name} (current)" if name == settings.profile else name for name in settings.profiles]
    console.print("Profiles: " + clean(", ".join(marks), inline=True))
