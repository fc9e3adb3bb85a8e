"""`order show`: look an order up by id or token, once or until it reaches a final state (`--watch`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from checkoutctl.errors import UsageError
from checkoutctl.ordering import progress
from checkoutctl.ordering.endpoint import Endpoints
from checkoutctl.providers import registry
from checkoutctl.providers.base import Provider
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
    select: object = None  # render.json_select.JsonSelection: --json FIELDS / --jq EXPR


def _token_only(provider: Provider) -> bool:
    """Looked up by a token, never by its id (Gestão Plus: publicToken only, seed 001)."""
    return provider.lookup.by_token and not provider.lookup.by_id


def _resolve(settings: Settings, opts: ShowOptions) -> tuple[Provider, str]:
    """(provider, the reference its lookup takes) from the flags, the profile, the journal or the id's shape."""
    if not opts.ref and not opts.token:
        raise UsageError("give an order id or --token", hint="checkoutctl order show ID or --token TOKEN")
    if opts.ref and opts.token:
        raise UsageError("give either an order id or --token, not both")
    given = opts.token or opts.ref
    name = opts.provider or settings.provider
    provider = registry.find(name)
    if name is not None and provider is None:
        raise UsageError(f"unknown provider {name!r}", hint="one of " + ", ".join(registry.names()))
    from checkoutctl.journal import Journal

    # The journal (SQLite) is opened only when it is needed: to find the provider, or a token for an id.
    needs_journal = provider is None or (_token_only(provider) and not opts.token)
    entry = Journal(settings.home).find(given) if needs_journal else None
    if provider is None:
        provider = registry.find(entry.provider) if entry is not None else _owner_of(given)
        if provider is None:
            raise UsageError(f"{given!r} is not in this machine's journal, so its provider is unknown",
                             hint="pass --provider (" + ", ".join(registry.names()) + ")")
    ref = given
    if _token_only(provider) and not opts.token:
        # The journal maps an id it placed to the order's token.
        if entry is not None and entry.provider == provider.name and entry.token and entry.id == given:
            ref = entry.token
        elif entry is None or entry.token != given:
            raise UsageError(f"{provider.title} looks orders up by their {provider.lookup.token_name}",
                             hint="pass --token TOKEN")
    return provider, ref


def _owner_of(ref: str) -> Provider | None:
    """The one provider whose ids look like `ref` (PagBank's CHEC_…), or None when none or several do."""
    owners = [p for p in registry.providers() if p.lookup.owns_id(ref)]
    return owners[0] if len(owners) == 1 else None


def show_order(settings: Settings, opts: ShowOptions) -> int:
    provider, ref = _resolve(settings, opts)
    from checkoutctl.render.order_view import render_orders

    with Endpoints(settings, on_retry=progress.on_retry,
                   on_sandbox=lambda url, served: progress.sandbox_mark(url, settings.home, served)) as endpoints:
        call = endpoints.call(provider)
        with progress.spinner(f"looking up {provider.name} order {ref}…"):
            outcome = call.look_up(ref)
        if opts.watch:
            outcome = _watch(provider, ref, call, outcome, opts)
    render_orders(outcome.orders, opts.output, raw_bodies=outcome.raw, select=opts.select)
    return 0


def _watch(provider: Provider, ref, call, outcome, opts: ShowOptions):
    deadline = time.monotonic() + opts.watch_timeout
    polls = 1
    while not all(provider.is_final(o) for o in outcome.orders) and polls < MAX_POLLS:
        if time.monotonic() >= deadline:
            progress.warn(f"still not final after {opts.watch_timeout:.0f}s; showing the latest state")
            break
        states = ", ".join(filter(None, (o.payment_status or o.status for o in outcome.orders))) or "unknown"
        with progress.spinner(f"watching {ref}: {states} (poll {polls}; Ctrl-C stops)"):
            time.sleep(max(0.0, min(opts.interval, deadline - time.monotonic())))
            outcome = call.look_up(ref)
        polls += 1
    return outcome
