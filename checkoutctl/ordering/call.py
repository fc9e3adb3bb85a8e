"""What a provider operation needs to talk to its endpoint, and what it hands back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

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

    def bearer(self) -> dict[str, str]:
        token = self.settings.token
        return {"Authorization": f"Bearer {token.reveal()}"} if token is not None else {}

    def send(self, request: HttpRequest, *, idempotent: bool = False) -> HttpResponse:
        from checkoutctl.provider_errors import raise_for_status

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
    extra: dict[str, Any] = field(default_factory=dict)
