"""Where a provider is reached: the profile's base URL, or the embedded sandbox started for one command."""

from __future__ import annotations

from contextlib import ExitStack

from checkoutctl.errors import UsageError
from checkoutctl.providers.base import Provider
from checkoutctl.providers.call import Call
from checkoutctl.settings import Settings

EMBEDDED_PLACEHOLDER = "http://127.0.0.1:<port>"


class Endpoints:
    """Opens one Call per provider for a command, sharing one transport and at most one embedded sandbox."""

    def __init__(self, settings: Settings, *, on_retry=None, on_sandbox=None) -> None:
        self.settings = settings
        self._stack = ExitStack()
        self._transport = None
        self._sandbox_url: str | None = None
        self._embedded = None  # the RunningSandbox started for this command, if any
        self._on_retry = on_retry
        self._on_sandbox = on_sandbox

    def __enter__(self) -> "Endpoints":
        return self

    def __exit__(self, *exc) -> None:
        self._stack.close()

    def base_url(self, provider: Provider, *, start: bool = True) -> str:
        s = self.settings
        if s.provider and s.provider != provider.name:
            raise UsageError(
                f"profile {profile_named(s)} is for {s.provider}, but this order is for {provider.name}",
                hint=f"pick a {provider.name} profile with --profile, or the built-in sandbox profile",
            )
        if s.base_url:
            return s.base_url
        if not s.is_sandbox:
            raise UsageError(f"profile {profile_named(s)} has no base_url", hint="set base_url in config.yaml or pass --base-url")
        if not start:
            return EMBEDDED_PLACEHOLDER + provider.sandbox_prefix
        if self._sandbox_url is None:
            self._sandbox_url = self._sandbox(provider)
        elif self._embedded is not None:
            self._embedded.app.serve_provider(provider)
        return self._sandbox_url + provider.sandbox_prefix

    def _sandbox(self, provider: Provider) -> str:
        """A running `sandbox serve` of this home, else an embedded one whose links name serve's address.
        The embedded one serves `provider` alone (its routes, its tables: issue 15, start only what the
        command needs); `base_url` adds any other provider the command reaches."""
        from checkoutctl.sandbox import address
        from checkoutctl.sandbox_server import database_path, start_in_thread

        home = self.settings.home
        url = address.running_serve(home, database_path(home))
        served = url is not None
        if url is None:
            self._embedded = self._stack.enter_context(
                start_in_thread(home, public_url=address.public_url(home), providers=[provider]))
            url = self._embedded.url.rstrip("/")
        if self._on_sandbox:
            self._on_sandbox(url, served)
        return url

    def requests_reached(self) -> int:
        """How many requests so far may have reached a server (http/client.py `Client.reached`)."""
        return self._transport.reached if self._transport is not None else 0

    def call(self, provider: Provider, *, start: bool = True) -> Call:
        missing = missing_credential(self.settings)
        if missing is not None:  # fail before sending: an unauthenticated request would only be refused
            raise UsageError(missing[0], hint=missing[1])
        if self._transport is None:
            from checkoutctl.http.client import Client
            from checkoutctl.http.policy import Timeout
            from checkoutctl.http.routing import RoutingTransport

            timeout = Timeout(total=self.settings.timeout, connect=self.settings.connect_timeout)
            self._transport = self._stack.enter_context(
                Client(RoutingTransport(), timeout=timeout, on_retry=self._on_retry, observer=_exchange_log()))
        from checkoutctl.providers.error_answers import raise_for_status

        return Call(provider, self.base_url(provider, start=start), self.settings, self._transport, raise_for_status)


def profile_named(settings: Settings) -> str:
    """The profile's name as messages give it; one picked up from CHECKOUTCTL_PROFILE says so (whoever
    did not type it is surprised by it)."""
    return named_profile(settings.profile, from_env=settings.source.get("profile") == "env")


def named_profile(profile: str, *, from_env: bool) -> str:
    """`profile_named` before a Settings exists (auth's password prompt runs while they are read)."""
    from checkoutctl.settings import ENV

    return repr(profile) + (f" (from {ENV['profile']})" if from_env else "")


def _exchange_log():
    """The `-v` log when the command was given -v (cli/options.py), else None; without -v nothing is loaded."""
    import sys

    module = sys.modules.get("checkoutctl.http.exchange_log")
    return module.active() if module is not None else None


def missing_credential(settings: Settings) -> tuple[str, str] | None:
    """(message, hint) when the profile has no usable credential at all; None when it has one."""
    if (settings.is_sandbox or settings.token is not None or settings.login is not None
            or settings.stored_grant is not None):  # a stored login past its expiry is renewed (renewal.py)
        return None
    if settings.token_env:
        return (f"profile {profile_named(settings)} has no credential: ${settings.token_env} is not set",
                f"export {settings.token_env}=…, or `checkoutctl auth login --profile {settings.profile}`")
    return (f"profile {profile_named(settings)} has no credential",
            f"`checkoutctl auth login --profile {settings.profile}`, or set CHECKOUTCTL_TOKEN "
            "(or token_env / username+password_env in config.yaml)")

