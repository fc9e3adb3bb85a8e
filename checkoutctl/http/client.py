"""One request through a Transport under the deadline and retry policies (CONTRACT §7, after twine).

- every URL passes the URL policy (urls.py) first: plain `http://` only to loopback, nothing ambiguous;
- every attempt has its own deadline (`Timeout.total`, `--timeout`), enforced by the transport;
- redirects are never followed (a 3xx is an error naming the Location, as twine's `RedirectDetected`);
- a request that is safe to repeat (GET/HEAD, or `idempotent=True`: PagBank POSTs carrying
  `x-idempotency-key`) is retried on 429/500/502/503/504 and on network failures, with exponential
  backoff, jitter and `Retry-After` up to `RetryPolicy.max_wait` — a longer `Retry-After` is not waited
  for: the answer is returned with a `note` saying so;
- any other request is retried only when it certainly never left this machine (`NotSent`): after a
  reset, a timeout, a malformed answer or a 5xx the order may exist, so the failure says
  `outcome_unknown` and nothing is repeated.

`send` returns the final response whatever its status; `raise_for_status` (providers/error_answers.py)
turns 4xx/5xx into ProviderRefused/ProviderFailure with the provider's own message.
"""

from __future__ import annotations

import random
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from checkoutctl import redaction
from checkoutctl.errors import ProviderFailure
from checkoutctl.http.base import Transport, TransportError
from checkoutctl.http.json_body import decode_json
from checkoutctl.http.masking import secret_values
from checkoutctl.http.message import HttpRequest, HttpResponse
from checkoutctl.http.policy import RetryPolicy, Timeout, retry_after_seconds
from checkoutctl.http.urls import check_url, display_url

if TYPE_CHECKING:  # only `-v` loads it (exchange_log.py)
    from checkoutctl.http.exchange_log import ExchangeObserver

OnRetry = Callable[[int, float, str], None]
# RFC 6749 §5.1: the credentials a token answer hands out; registered the moment they arrive.
GRANT_FIELDS = ("access_token", "refresh_token", "id_token")
_GRANT_SCAN_LIMIT = 64 * 1024


class Client:
    """Sends requests through `transport` (connections reused across orders) under the given policies."""

    def __init__(self, transport: Transport, *, timeout: Timeout = Timeout(), retry: RetryPolicy = RetryPolicy(),
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 on_retry: OnRetry | None = None, rng: random.Random | None = None,
                 observer: ExchangeObserver | None = None) -> None:
        self.transport = transport
        self.timeout = timeout
        self.retry = retry
        self._clock = clock
        self._sleep = sleep
        self._on_retry = on_retry
        self._rng = rng or random.Random()
        self._observer = observer  # told of every attempt (`-v`, exchange_log.py)
        # Requests that may have reached a server so far (answered, or failed/interrupted after bytes
        # left): a caller compares it before and after an operation to tell "nothing was sent".
        self.reached = 0

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.transport.close()

    def send(self, request: HttpRequest, *, idempotent: bool = False) -> HttpResponse:
        """The final response, any status; ProviderFailure when no usable answer came back."""
        check_url(request.url)
        for secret in secret_values(request):  # before anything is sent: whatever the server echoes is masked
            redaction.register(secret)
        if request.basic_auth is not None:
            redaction.register_basic_auth(*request.basic_auth)
        repeatable = self.retry.repeatable(request.method, idempotent)
        attempts = max(1, int(self.retry.max_attempts))
        may_have_been_sent = False
        for attempt in range(1, attempts + 1):
            last = attempt == attempts
            started = self._clock()
            try:
                response = replace(self.transport.send(request, self.timeout.start(self._clock)),
                                   method=request.method.upper())
            except KeyboardInterrupt as interrupt:
                # A transport that cannot tell (not an Interrupted) may have sent it: count it.
                self.reached += 1 if getattr(interrupt, "sent", True) else 0
                raise
            except TransportError as failure:
                self.reached += 1 if failure.sent else 0
                if self._observer is not None:
                    self._observer.failed(request, failure.reason, failure.sent, self._clock() - started)
                may_have_been_sent = may_have_been_sent or failure.sent
                if last or not failure.retryable or (failure.sent and not repeatable):
                    raise _failure(request, failure, attempt, may_have_been_sent) from None
                wait, reason = self.retry.backoff_wait(attempt, self._rng), failure.reason
            else:
                self.reached += 1
                _register_grant(response)  # before the observer shows the answer's headers
                if self._observer is not None:
                    self._observer.answered(request, response, self._clock() - started)
                if response.status < 200:
                    raise _informational(request, response)
                if not (repeatable and response.status in self.retry.statuses) or last:
                    if 300 <= response.status < 400:
                        raise _redirect(response)
                    return response
                after = retry_after_seconds(response.header("retry-after"))
                if after is not None and after > self.retry.max_wait:
                    return replace(response, note=(
                        f"the server asked to wait {_seconds(after)} before trying again, longer than checkoutctl "
                        f"waits ({self.retry.max_wait:g}s); not retried, try again later"))
                wait = after if after is not None else self.retry.backoff_wait(attempt, self._rng)
                reason = f"HTTP {response.status}"
            if self._on_retry is not None:
                self._on_retry(attempt, wait, reason)
            self._sleep(wait)
        raise AssertionError("unreachable: the last attempt returns or raises")  # pragma: no cover


def _register_grant(response: HttpResponse) -> None:
    if len(response.body) > _GRANT_SCAN_LIMIT or b"_token" not in response.body:
        return
    try:
        document = decode_json(response.body)
    except ValueError:
        return
    if isinstance(document, dict):
        for name in GRANT_FIELDS:
            redaction.register(document.get(name))


def _failure(request: HttpRequest, failure: TransportError, attempts: int, sent: bool) -> ProviderFailure:
    tries = f" after {attempts} attempts" if attempts > 1 else ""
    where = f"{request.method.upper()} {display_url(request.url)}"
    if sent:
        return ProviderFailure(
            f"{where}: {failure.reason}{tries}; the request may have reached the server, the outcome is unknown",
            sent=True, outcome_unknown=True,
            hint="look the order up (`checkoutctl order show`, `order history`) before sending it again")
    return ProviderFailure(f"{where}: {failure.reason}{tries}; nothing was sent", sent=False,
                           hint=failure.hint or "check base_url and the network, then try again")


def _informational(request: HttpRequest, response: HttpResponse) -> ProviderFailure:
    return ProviderFailure(
        f"{request.method.upper()} {display_url(request.url)}: the server's last answer was informational "
        f"(HTTP {response.status}), not a final one; the outcome is unknown",
        status=response.status, sent=True, outcome_unknown=True,
        hint="look the order up (`checkoutctl order show`, `order history`) before sending it again")


def _redirect(response: HttpResponse) -> ProviderFailure:
    location = response.header("location") or "(no Location)"
    return ProviderFailure(
        f"the server answered a redirect to {display_url(location)}; redirects are not followed (check base_url)",
        status=response.status, hint="set base_url to the address the provider documents (https, exact path)")


def _seconds(value: float) -> str:
    return "forever" if value == float("inf") else f"{value:g}s"
