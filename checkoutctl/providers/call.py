"""What a provider operation needs to talk to its endpoint, and what it hands back.

Commands run a provider's operations through `Call.place` and `Call.look_up`: there, once for every
provider, whatever a server sent where the order's data belongs (a list for an amount, an object for an
id, 1e999999, NaN in a string) ends as ProviderFailure, "unreadable answer" (exit 5; outcome unknown
for a create), never as a crash (exit 1). Tolerant readers (model.py) make the mappings themselves
return None for what they can't read; this is the net under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, TypeVar

from checkoutctl.errors import CheckoutError, ProviderFailure, ProviderRefused
from checkoutctl.model import Order

# Annotations name Provider (base.py), Settings (settings.py), Bearer (renewal.py) and the HTTP types
# (http/message.py, http/client.py) without importing them: the provider modules import this one, and
# settings and the error reading ask the registry, which imports the providers — an import here would
# close that circle.

T = TypeVar("T")

# Called the moment a provider has answered with the order's id/token, before anything else is
# fetched or rendered, so the journal holds the id even if a later step fails (CONTRACT §7).
OnPlaced = Callable[[str | None, str | None, int], None]


@dataclass(frozen=True)
class Outcome:
    """Orders as the provider described them, and the bodies exactly as received (`--output raw`)."""

    orders: list[Order]
    raw: list[bytes] = field(default_factory=list)


@dataclass
class Call:
    """One provider endpoint, reached through one transport (connections are reused across orders)."""

    provider: Provider
    base_url: str
    settings: Settings
    transport: Transport | None  # None for --dry-run: nothing is sent
    # What turns a 4xx/5xx answer into ProviderRefused/ProviderFailure (providers/error_answers.py).
    raise_for_status: Callable[[HttpResponse, str], None]
    # Set by the caller before `create`; PagBank sends it as x-idempotency-key on every attempt.
    idempotency_key: str | None = None
    # The Authorization it sends, renewed where it expires or is refused (providers/renewal.py).
    _bearer: Bearer | None = field(default=None, repr=False)
    # The last 2xx answer `send` returned: what an operation was reading when it failed.
    _answered: HttpResponse | None = field(default=None, repr=False)

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def bearer(self) -> dict[str, str]:
        """The Authorization header: the configured token, the stored login (renewed once it has expired),
        or one from the profile's password grant (once per command)."""
        return self._bearing().header(self)

    def send(self, request: HttpRequest, *, idempotent: bool = False, check: bool = True) -> HttpResponse:
        """The answer to `request`; with `check`, a 4xx/5xx raises (`check_status`). A 401 to a request
        carrying the stored login renews it once, and repeats the request only where that is safe."""
        response = self.transport.send(request, idempotent=idempotent)
        if response.status == 401 and self._bearing().carried_by(request):
            response = self._bearer.after_refusal(self, request, response, idempotent)
        if check:
            self.check_status(response)
        if 200 <= response.status < 300:
            self._answered = response
        return response

    def check_status(self, response: HttpResponse) -> None:
        """Nothing for a 2xx; the provider's refusal (4xx) or failure (anything else) as an error."""
        try:
            self.raise_for_status(response, self.provider.name)
        except ProviderRefused as err:
            if response.status == 401 and self._bearer is not None and self._bearer.refusal_hint:
                err.hint = self._bearer.refusal_hint  # renewed, not replayed (renewal.py)
            raise

    def _bearing(self) -> Bearer:
        if self._bearer is None:
            from checkoutctl.providers.renewal import Bearer

            self._bearer = Bearer(self.settings, self.provider)
        return self._bearer

    # --- running an operation ---------------------------------------------------------------------

    def place(self, body: dict, on_placed: OnPlaced) -> Outcome:
        """`provider.create`, with its answers read under the unreadable-answer rule (module docstring)."""
        raised_by_caller: list[BaseException] = []

        def placed(order_id: str | None, token: str | None, status: int) -> None:
            try:
                on_placed(order_id, token, status)
            except BaseException as err:  # the caller's own failure (the journal): not the answer's fault
                raised_by_caller.append(err)
                raise

        return self._reading(lambda: self.provider.create(body, self, placed), placing=True,
                             passes=raised_by_caller)

    def look_up(self, ref: str) -> Outcome:
        """`provider.show`, with its answers read under the unreadable-answer rule."""
        return self._reading(lambda: self.provider.show(ref, self), placing=False, passes=[])

    def change(self, operation: str, ref: str) -> Outcome:
        """`provider.cancel` or `provider.activate`: an order changed at the provider, so an answer that
        cannot be read leaves its outcome unknown."""
        run = {"cancel": self.provider.cancel, "activate": self.provider.activate}[operation]
        return self._reading(lambda: run(ref, self), placing=True, passes=[])

    @property
    def answered_status(self) -> int | None:
        """The status of the last 2xx answer received, if any."""
        return self._answered.status if self._answered is not None else None

    def _reading(self, operation: Callable[[], T], *, placing: bool, passes: list[BaseException]) -> T:
        self._answered = None
        try:
            return operation()
        except CheckoutError:
            raise
        except Exception as err:
            answer = self._answered
            if answer is None or any(err is p for p in passes):
                raise  # nothing was answered yet, or the caller failed: a bug or the caller's, not the server's
            # The exception's own text is not shown: it may quote what the server sent (a token it echoed).
            raise ProviderFailure(
                f"unreadable answer from {self.provider.name} (HTTP {answer.status}): its body does not have "
                f"the shape {self.provider.title} documents ({type(err).__name__})",
                status=answer.status, outcome_unknown=placing,
            ) from err
