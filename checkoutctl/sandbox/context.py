"""What a provider's sandbox routes get: the store, auth, URLs. The seam between core and providers.

A provider that is emulated answers `Provider.sandbox()` with a `SandboxMount`: its tables (`schema`:
numbered migrations, statement N is migration N of the provider's scope; append, never edit; tables
named <provider>_*), its routes (paths relative to `Provider.sandbox_prefix`, e.g. "/gestaoplus",
CONTRACT §6) and, optionally, its error format. A handler is
`handler(ctx, request, **url_values) -> werkzeug Response`.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Callable

from werkzeug.wrappers import Request, Response

from checkoutctl.sandbox.store import Store

# The built-in `sandbox` profile's token (CONTRACT §6): always valid here, nowhere else.
SANDBOX_TOKEN = "sandbox"


@dataclass(frozen=True)
class Route:
    rule: str  # werkzeug rule, e.g. "/checkouts/<id>"
    methods: tuple[str, ...]
    handler: Callable[..., Response]


@dataclass(frozen=True)
class SandboxMount:
    """A provider's part of the sandbox."""

    schema: tuple[str, ...]  # CREATE TABLE IF NOT EXISTS …, tables named <provider>_*
    routes: tuple[Route, ...]
    # Its own error format, for 404/405/500 under its prefix and for `status=` faults (None: generic).
    error_response: Callable[[int, str], Response] | None = None
    # What `checkoutctl sandbox trigger <provider>.<event> ID` can do to its orders.
    events: tuple["Event", ...] = ()
    # Its part of `--catalogue FILE` (sandbox/own_catalogue.py: list name -> fields), and the seeded
    # catalogue in that shape (what `sandbox catalogue` prints when no file was loaded).
    catalogue_spec: dict | None = None
    seeded_catalogue: Callable[[], dict] | None = None


class EventRefused(Exception):
    """A trigger that does not apply: no such order (404), or its state forbids it (409)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass(frozen=True)
class Event:
    """A move through an order's life, as the provider would make it (`sandbox trigger`)."""

    name: str  # "paid": triggered as "<provider>.paid"
    description: str
    # apply(ctx, order id, options) -> what the order is now (a short state text); EventRefused otherwise.
    # options: {"installment": N} for events that take one.
    apply: Callable[["SandboxContext", str, dict], str]


@dataclass
class SandboxContext:
    store: Store
    # The base URL links name (sandbox/address.py: serve's, so they outlast an embedded sandbox);
    # None: this very server, as the client reached it.
    public_url: str | None = None
    notifier: object | None = None  # sandbox/notifications.Notifier; None: notifications are not sent

    def notify(self, urls: list[str], body: bytes) -> None:
        """Send a provider's notification (webhook) to `urls` and every registered `checkoutctl listen`."""
        if self.notifier is not None:
            self.notifier.notify(urls, body)

    def catalogue(self, provider: str) -> dict | None:
        """The provider's section of a loaded `--catalogue FILE`, or None: the seeded, made-up world."""
        from checkoutctl.sandbox import own_catalogue

        return own_catalogue.section(self.store, provider)

    def now(self) -> float:
        """The sandbox's time (sandbox/clock.py): real time moved by `sandbox clock advance`."""
        from checkoutctl.sandbox import clock

        return clock.now(self.store)

    def external_url(self, request: Request | None, path: str) -> str:
        """An absolute URL for links the sandbox hands out (boleto PDFs, PAY pages)."""
        base = self.public_url or (request.host_url if request is not None else "http://127.0.0.1")
        return base.rstrip("/") + path

    def bearer(self, request: Request) -> str | None:
        header = request.headers.get("Authorization", "")
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None

    def bearer_ok(self, request: Request) -> bool:
        token = self.bearer(request)
        if token is None:
            return False
        if token == SANDBOX_TOKEN:
            return True
        # Issued tokens expire on the sandbox's clock: `sandbox clock advance 13h` outlives a 12 h token.
        row = self.store.connect().execute(
            "SELECT 1 FROM sandbox_tokens WHERE token = ? AND expires_at > ?", (token, self.now())
        ).fetchone()
        return row is not None

    def issue_token(self, provider: str, ttl_seconds: int = 43200) -> str:
        token = f"sbx_{provider}_{secrets.token_urlsafe(24)}"
        with self.store.tx() as db:
            db.execute("INSERT INTO sandbox_tokens(token, provider, expires_at) VALUES (?, ?, ?)",
                       (token, provider, self.now() + ttl_seconds))
        return token


def random_token(nbytes: int = 32) -> str:
    """`secrets.token_urlsafe(nbytes)` that never starts with `-`: a token is typed as a command's argument
    (`sandbox trigger EVENT TOKEN`), where a leading `-` reads as an option (1 token in 64 did, and
    test_lifecycle.py failed that often). The first character is then drawn again from the letters and
    digits: 6 bits in 256 are still random, the alphabet and length are the same."""
    import string

    token = secrets.token_urlsafe(nbytes)
    if token.startswith("-"):
        token = secrets.choice(string.ascii_letters + string.digits) + token[1:]
    return token


CORE_SCHEMA = [  # append-only: statement N is migration N of scope sandbox_core
    "CREATE TABLE IF NOT EXISTS sandbox_tokens (token TEXT PRIMARY KEY, provider TEXT NOT NULL, expires_at REAL NOT NULL)",
    # sandbox/clock.py: the offset of `sandbox clock advance`
    "CREATE TABLE IF NOT EXISTS sandbox_clock (id INTEGER PRIMARY KEY CHECK (id = 1), offset_seconds REAL NOT NULL)",
    # sandbox/notifications.py: every running `checkoutctl listen` of the home
    "CREATE TABLE IF NOT EXISTS sandbox_listeners (url TEXT PRIMARY KEY, pid INTEGER NOT NULL, created_at REAL NOT NULL)",
    # sandbox/own_catalogue.py: the world of `sandbox serve --catalogue FILE`, one row per provider
    "CREATE TABLE IF NOT EXISTS sandbox_catalogue (provider TEXT PRIMARY KEY, document TEXT NOT NULL)",
]
