"""What a provider operation needs to talk to its endpoint, and what it hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from checkoutctl.model import Order
from checkoutctl.settings import Settings
from checkoutctl.transport import HttpRequest, HttpResponse, Transport


@dataclass
class Call:
    """One provider endpoint, reached through one transport (connections are reused across orders)."""

    provider: str
    base_url: str
    settings: Settings
    transport: Transport
    # Set by the caller before `create`; PagBank sends it as x-idempotency-key on every attempt.
    idempotency_key: str | None = None

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    # A token obtained by the provider's password grant, once per command (see `bearer`).
    _logged_in: str | None = field(default=None, repr=False)

    def bearer(self) -> dict[str, str]:
        """The Authorization header: the configured token, or one from the profile's password grant."""
        token = self.settings.token
        if token is not None:
            return {"Authorization": f"Bearer {token.reveal()}"}
        if self.settings.login is None:
            return {}
        if self.transport is None:  # --dry-run: nothing is sent, so nobody logs in
            return {"Authorization": "Bearer <from the profile's login>"}
        if self._logged_in is None:
            from importlib import import_module

            login = getattr(import_module(f"checkoutctl.providers.{self.provider}.operations"), "login", None)
            if login is None:
                from checkoutctl.errors import UsageError

                raise UsageError(f"{self.provider} has no login grant; give the profile a token_env",
                                 hint="username/password_env work for gestaoplus and crayon")
            self._logged_in = login(self)
        return {"Authorization": f"Bearer {self._logged_in}"}

    def send(self, request: HttpRequest, *, idempotent: bool = False) -> HttpResponse:
        from checkoutctl.providers.error_answers import raise_for_status

        response = self.transport.send(request, idempotent=idempotent)
        raise_for_status(response, self.provider)
        return response


# Called the moment a provider has answered with the order's id/token, before anything else is
# fetched or rendered, so the journal holds the id even if a later step fails (CONTRACT §7).
OnPlaced = Callable[[str | None, str | None, int], None]


@dataclass(frozen=True)
class Outcome:
    """Orders as the provider described them, and the bodies exactly as received (`--output raw`)."""

    orders: list[Order]
    raw: list[bytes] = field(default_factory=list)
