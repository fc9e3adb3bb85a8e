"""`order show`: look an order up by id or token, once or until it reaches a final state (`--watch`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from checkoutctl.errors import UsageError
from checkoutctl.ordering import progress
from checkoutctl.ordering.endpoint import Endpoints, operations
from checkoutctl.providers import registry
from checkoutctl.settings import Settings

MAX_POLLS = 10_000


@dataclass(frozen=True)
class ShowOptions:
    ref: str | None = None
    token: str | None = None
    provider: str | None = None
    output: str = "table"
    watch: bool = False
    interval: float = 5.0
    watch_timeout: float = 600.0


def _resolve(settings: Settings, opts: ShowOptions) -> tuple[str, str]:
    """(provider, the reference its lookup takes) from the flags, the profile, or the journal."""
    if not opts.ref and not opts.token:
        raise UsageError("give an order id or --token", hint="checkoutctl order show CHEC_… or --token TOKEN")
    if opts.ref and opts.token:
        raise UsageError("give either an order id or --token, not both")
    given = opts.token or opts.ref
    provider = opts.provider or settings.provider
    if provider is not None and provider not in registry.PROVIDER_NAMES:
        raise UsageError(f"unknown provider {provider!r}", hint="one of " + ", ".join(registry.PROVIDER_NAMES))
    from checkoutctl.journal import Journal

    # The journal (SQLite) is opened only when it is needed: to find the provider, or a Gestão Plus token.
    needs_journal = provider is None or (provider == "gestaoplus" and not opts.token)
    entry = Journal(settings.home).find(given) if needs_journal else None
    if provider is None:
        if entry is None:
            raise UsageError(f"{given!r} is not in this machine's journal, so its provider is unknown",
                             hint="pass --provider (" + ", ".join(registry.PROVIDER_NAMES) + ")")
        provider = entry.provider
    ref = given
    if provider == "gestaoplus" and not opts.token:
        # Gestão Plus looks orders up by publicToken only (seed 001); the journal maps id → token.
        if entry is not None and entry.provider == "gestaoplus" and entry.token and entry.id == given:
            ref = entry.token
        elif entry is None or entry.token != given:
            raise UsageError("Gestão Plus looks orders up by their publicToken", hint="pass --token TOKEN")
    return provider, ref


def show_order(settings: Settings, opts: ShowOptions) -> int:
    provider, ref = _resolve(settings, opts)
    ops = operations(provider)
    from checkoutctl.render.order_view import render_orders

    with Endpoints(settings, on_retry=progress.on_retry,
                   on_sandbox=lambda url: progress.sandbox_mark(url, settings.home)) as endpoints:
        call = endpoints.call(provider)
        with progress.spinner(f"looking up {provider} order {ref}…"):
            outcome = ops.show(ref, call)
        if opts.watch:
            outcome = _watch(ops, ref, call, outcome, opts)
    render_orders(outcome.orders, opts.output, raw_bodies=outcome.raw)
    return 0


def _watch(ops, ref, call, outcome, opts: ShowOptions):
    deadline = time.monotonic() + opts.watch_timeout
    polls = 1
    while not all(ops.is_final(o) for o in outcome.orders) and polls < MAX_POLLS:
        if time.monotonic() >= deadline:
            progress.warn(f"still not final after {opts.watch_timeout:.0f}s; showing the latest state")
            break
        states = ", ".join(filter(None, (o.payment_status or o.status for o in outcome.orders))) or "unknown"
        with progress.spinner(f"watching {ref}: {states} (poll {polls}; Ctrl-C stops)"):
            time.sleep(max(0.0, min(opts.interval, deadline - time.monotonic())))
            outcome = ops.show(ref, call)
        polls += 1
    return outcome
