"""`checkoutctl auth login|status|logout`: a profile's credentials kept in the OS keyring (or a 0600 file)."""

from __future__ import annotations

import os
import sys
from typing import Optional

import typer

from checkoutctl.cli.options import VERBOSE

PROFILE = typer.Option(None, "--profile", "-p", help="Profile from config.yaml (default: CHECKOUTCTL_PROFILE).")
EPILOG = (
    "Examples:\n\n"
    "  echo \"$PAGBANK_TOKEN\" | checkoutctl auth login --profile pagbank --with-token\n\n"
    "  checkoutctl auth login --profile gestaoplus     (the profile's password grant)\n\n"
    "  printf '%s\\n' \"$GP_PASSWORD\" | checkoutctl auth login --profile gestaoplus --password-stdin\n\n"
    "  checkoutctl auth status\n\n"
    "An environment token (CHECKOUTCTL_TOKEN, the profile's token_env) still wins, for CI."
)


def register(app: typer.Typer) -> None:
    group = typer.Typer(help="Store, show and remove a profile's credentials (OS keyring, else a 0600 file).",
                        epilog=EPILOG, no_args_is_help=True, rich_markup_mode=None)

    @group.command("login", epilog=EPILOG)
    def login(
        profile: Optional[str] = PROFILE,
        with_token: bool = typer.Option(False, "--with-token", help="Read the token from standard input."),
        password_stdin: bool = typer.Option(False, "--password-stdin",
                                            help="Read the password of the profile's password grant from standard input."),
        verbose: bool = VERBOSE,
    ) -> None:
        """Obtain a profile's token (from stdin, a prompt, or its password grant) and store it."""
        from checkoutctl.credentials import CredentialStore, Grant
        from checkoutctl.errors import UsageError
        from checkoutctl.ordering import progress
        from checkoutctl.ordering.endpoint import profile_named
        from checkoutctl.settings import load_settings

        if with_token and password_stdin:
            raise UsageError("--with-token and --password-stdin both read standard input: give one of them")
        # No --password-stdin: the profile's password_env, else a hidden prompt on a terminal (`_ask_password`);
        # --with-token: no password grant, whatever the profile names.
        password = (_read_password() if password_stdin else (lambda *_: None) if with_token
                    else lambda username, name: _ask_password(username, name, given=profile))
        settings = load_settings(profile=profile, credentials=False, password=password)
        if settings.is_sandbox:
            raise UsageError("the built-in sandbox profile needs no login (its token is `sandbox`)")
        if password_stdin and settings.login is None:
            raise UsageError(f"profile {profile_named(settings)} has no password grant (no `username:`)",
                             hint="--password-stdin is for Gestão Plus and Crayon profiles; give a token with --with-token")
        if with_token or settings.login is None:
            stored = Grant(_read_token(with_token, _token_prompt(settings)))
        else:
            stored = _password_grant(settings)
        store = CredentialStore(settings.home)
        store.save(settings.profile, stored)
        if store.where == "file":
            progress.warn(f"no OS keyring works here: the token is in {store.file} (mode 0600)")
        progress.say(f"logged in: profile {profile_named(settings)}, token stored in {store.describe()}"
                     + (f", expires {_when(stored.expires_at)}" if stored.expires_at else ""))

    @group.command("status", epilog="Example:\n\n  checkoutctl auth status")
    def status() -> None:
        """Show each profile's credential: where it comes from and when it expires."""
        from checkoutctl.credentials import CredentialStore
        from checkoutctl.settings import load_settings

        settings = load_settings(credentials=False)
        store = CredentialStore(settings.home)
        for name in settings.profiles:
            typer.echo(f"{name}\t{_describe(name, store)}")

    @group.command("logout", epilog="Example:\n\n  checkoutctl auth logout --profile pagbank")
    def logout(profile: Optional[str] = PROFILE) -> None:
        """Remove a profile's stored token."""
        from checkoutctl.credentials import CredentialStore
        from checkoutctl.ordering import progress
        from checkoutctl.ordering.endpoint import profile_named
        from checkoutctl.settings import load_settings

        settings = load_settings(profile=profile, credentials=False)
        store = CredentialStore(settings.home)
        if store.delete(settings.profile):
            progress.say(f"logged out: the token of profile {profile_named(settings)} is removed from {store.describe()}")
        else:
            progress.say(f"profile {profile_named(settings)} has no stored token")

    app.add_typer(group, name="auth")


def _token_prompt(settings) -> str:
    """What the hidden prompt asks: whose token, for which provider (a bare `token:` said neither)."""
    from checkoutctl.providers import registry
    from checkoutctl.safe_text import clean

    provider = registry.find(settings.provider)
    title = provider.title if provider is not None else None
    return clean(f"Token for profile {settings.profile!r}" + (f" ({title})" if title else "") + ": ", inline=True)


def _read_token(from_stdin: bool, prompt: str) -> str:
    from checkoutctl import redaction
    from checkoutctl.errors import UsageError

    if from_stdin or not sys.stdin.isatty():
        token = sys.stdin.readline(64 * 1024).strip()
    else:
        import getpass

        token = getpass.getpass(prompt).strip()
    if not token or any(c.isspace() or not c.isprintable() for c in token):
        raise UsageError("no usable token was given (one line, no spaces)",
                         hint="echo \"$TOKEN\" | checkoutctl auth login --profile P --with-token")
    redaction.register(token)
    return token


def _read_password():
    """One line of stdin, as `docker login --password-stdin` reads it: only the line ending is dropped."""
    from checkoutctl.errors import UsageError
    from checkoutctl.settings import Secret

    password = sys.stdin.readline(64 * 1024).rstrip("\r\n")
    if not password:
        raise UsageError("no password was given on standard input",
                         hint="printf '%s\\n' \"$PASSWORD\" | checkoutctl auth login --profile P --password-stdin")
    return Secret(password)  # registered with redaction.py from here on


def _ask_password(username: str, profile: str, *, given: str | None):
    """The password, asked with a hidden prompt (getpass: not echoed) when stdin is a terminal; in a
    script, where nothing can be asked, exit 2 naming the two ways to give it. `given`: the --profile
    flag; without it, a profile named by CHECKOUTCTL_PROFILE says so (ordering/endpoint.named_profile:
    the settings are still being read, so there is no Settings to hand profile_named yet)."""
    import getpass

    from checkoutctl.errors import UsageError
    from checkoutctl.ordering.endpoint import named_profile
    from checkoutctl.safe_text import clean
    from checkoutctl.settings import ENV, Secret

    named = named_profile(profile, from_env=given is None and (os.environ.get(ENV["profile"]) or "").strip() == profile)
    if not sys.stdin.isatty():
        raise UsageError(f"profile {named} needs the password of {username!r}, and stdin is not a terminal "
                         "to ask for it",
                         hint=f"pipe it in: printf '%s\\n' \"$PASSWORD\" | checkoutctl auth login --profile {profile} "
                              "--password-stdin, or name its variable with password_env: in config.yaml")
    try:
        password = getpass.getpass(clean(f"Password for {username} (profile {profile}): ", inline=True))
    except (EOFError, KeyboardInterrupt):
        password = ""
    if not password:
        raise UsageError("no password was given", hint=f"checkoutctl auth login --profile {profile}")
    return Secret(password)


def _password_grant(settings):
    """Run the profile's password grant once: the provider's grant (token, expiry, refresh token)."""
    from checkoutctl.errors import UsageError
    from checkoutctl.ordering.endpoint import Endpoints, profile_named
    from checkoutctl.providers import registry

    if not settings.provider:
        raise UsageError(f"profile {profile_named(settings)} names no provider")
    provider = registry.get(settings.provider)
    if not provider.can_log_in:
        raise UsageError(f"{provider.title} has no password grant; give the token with --with-token")
    with Endpoints(settings) as endpoints:
        return provider.login(endpoints.call(provider))


def _describe(profile: str, store) -> str:
    from checkoutctl.errors import UsageError
    from checkoutctl.settings import load_settings

    try:
        settings = load_settings(profile=profile)
    except UsageError as err:
        return f"unusable: {err.message}"
    where = settings.source.get("token")
    if settings.is_sandbox:
        return "the public sandbox token"
    if where in ("keyring", "file"):
        stored = store.load(profile)
        expiry = f", expires {_when(stored.expires_at)}" if stored and stored.expires_at else ""
        if stored is not None and stored.expired():  # settings kept it: it has a refresh token
            expiry = f", token expired {_when(stored.expires_at)}; renewed with its refresh token on next use"
        return f"logged in ({'OS keyring' if where == 'keyring' else store.file}){expiry}"
    if where == "env":
        return f"token from the environment (${settings.token_env or 'CHECKOUTCTL_TOKEN'})"
    if where == "profile" and settings.token is not None:
        return "token written in the config file"
    if settings.login is not None:
        return "password grant on every command (`checkoutctl auth login` keeps its token)"
    hint = f"set ${settings.token_env} or run" if settings.token_env else "run"
    return f"not logged in: {hint} `checkoutctl auth login --profile {profile}`"


def _when(epoch: float) -> str:
    from datetime import datetime, timezone

    return datetime.fromtimestamp(epoch, timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
