"""`order show`: look an order up by id or token, once or until it reaches a final state (`--watch`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

from checkoutctl.errors import UsageError
from checkoutctl.ordering import progress
from checkoutctl.ordering.endpoint import Endpoints
from checkoutctl.ordering.placed_here import PlacedHere
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
    exit_status: bool = False  # --exit-status: 0 only on a paid/successful final state
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
    provider, entry = provider_of(settings, given, opts.provider, is_token=bool(opts.token),
                                  needs_entry=lambda p: _token_only(p) and not opts.token)
    ref = given
    if _token_only(provider) and not opts.token:
        # The journal maps an id it placed to the order's token.
        if entry is not None and entry.provider == provider.name and entry.token and entry.id == given:
            ref = entry.token
        elif entry is None or entry.token != given:
            raise UsageError(f"{provider.title} looks orders up by their {provider.lookup.token_name}",
                             hint="pass --token TOKEN")
    return provider, ref


def provider_of(settings: Settings, given: str, name: str | None, *, is_token: bool = False,
                needs_entry=lambda provider: False):
    """(provider, the journal's entry for `given` or None) from --provider, the profile, the journal or
    the reference's shape (also for `order cancel|activate`). The journal (SQLite) is opened only when
    it is needed: to find the provider, or when `needs_entry(provider)` (a token for an id)."""
    name = name or settings.provider
    provider = registry.find(name)
    if name is not None and provider is None:
        raise UsageError(f"unknown provider {name!r}", hint="one of " + ", ".join(registry.names()))
    journal = None
    if provider is None or needs_entry(provider):
        from checkoutctl.journal import Journal  # sqlite3 (~5 ms): only when the journal is read

        journal = Journal(settings.home)
    entry = journal.find(given) if journal is not None else None
    if provider is None:
        _refuse_ambiguous(journal, given)
        provider = registry.find(entry.provider) if entry is not None else _owner_of(given, is_token)
        if provider is None:
            raise UsageError(f"{given!r} is not in this machine's journal, so its provider is unknown",
                             hint="pass --provider (" + ", ".join(registry.names()) + ")")
    return provider, entry


def look_up(settings: Settings, opts: ShowOptions):
    """(provider, Outcome) of one look-up, nothing rendered (`order open`)."""
    with endpoints_for(settings) as endpoints:
        return look_up_on(endpoints, opts)


def endpoints_for(settings: Settings) -> Endpoints:
    """The command's Endpoints, retries and the sandbox in use said on stderr."""
    return Endpoints(settings, on_retry=progress.on_retry,
                     on_sandbox=lambda url, served: progress.sandbox_mark(url, settings.home, served))


def look_up_on(endpoints: Endpoints, opts: ShowOptions):
    """(provider, Outcome) through `endpoints`, which stay open for what the caller fetches next."""
    provider, ref = _resolve(endpoints.settings, opts)
    call = endpoints.call(provider)
    with progress.spinner(f"looking up {provider.name} order {ref}…"):
        return provider, PlacedHere(endpoints.settings, provider).fill(call.look_up(ref))


def _owner_of(ref: str, is_token: bool) -> Provider | None:
    """The one provider a reference can only belong to: the one provider looked up by token (for
    `--token`), or whose ids look like `ref` (PagBank's CHEC_…); None when none or several do."""
    if is_token:
        owners = [p for p in registry.providers() if p.lookup.by_token]
    else:
        owners = [p for p in registry.providers() if p.lookup.owns_id(ref)]
    return owners[0] if len(owners) == 1 else None


def _refuse_ambiguous(journal, ref: str) -> None:
    """An id that orders of several providers share in the journal is never guessed (CONTRACT §3)."""
    names = sorted({e.provider for e in journal.entries()
                    if ref in (e.token, e.id) or ref in (e.id or "").split(",")})
    if len(names) > 1:
        raise UsageError(f"{ref!r} names orders of several providers in this machine's journal: {', '.join(names)}",
                         hint="pass --provider " + " or --provider ".join(names))


def show_order(settings: Settings, opts: ShowOptions) -> int:
    provider, ref = _resolve(settings, opts)
    from checkoutctl.render.order_view import render_orders

    with Endpoints(settings, on_retry=progress.on_retry,
                   on_sandbox=lambda url, served: progress.sandbox_mark(url, settings.home, served)) as endpoints:
        call = endpoints.call(provider)
        placed_here = PlacedHere(settings, provider)  # what this machine kept of an order it placed
        with progress.spinner(f"looking up {provider.name} order {ref}…"):
            outcome = placed_here.fill(call.look_up(ref))
        if opts.watch:
            latest = [outcome]
            try:
                gave_up = _watch(provider, ref, lambda: placed_here.fill(call.look_up(ref)), latest, opts)
            except KeyboardInterrupt:
                # Ctrl-C: the last known state, then exit 130 at the boundary.
                render_orders(latest[0].orders, opts.output, raw_bodies=latest[0].raw, select=opts.select)
                progress.say("interrupted: the order as last seen is above")
                raise
            outcome = latest[0]
    render_orders(outcome.orders, opts.output, raw_bodies=outcome.raw, select=opts.select)
    if opts.watch and opts.exit_status:
        return watch_exit_status(provider, outcome.orders, gave_up)
    return 0


def watch_exit_status(provider: Provider, orders, gave_up: bool) -> int:
    """`--watch --exit-status` (CONTRACT §3): 0 only when every order ended paid/successful; giving up is 5
    (the outcome is still unknown); a final state that is not a success is 4 (the provider said no)."""
    from checkoutctl.errors import EXIT_FAILURE, EXIT_REFUSED

    if gave_up:
        return EXIT_FAILURE
    if orders and all(provider.is_successful(o) for o in orders):
        return 0
    states = ", ".join(filter(None, (o.payment_status or o.status for o in orders))) or "no state"
    progress.say(f"{provider.title} order ended {states}, not a paid/successful state")
    return EXIT_REFUSED


def _watch(provider: Provider, ref, look_up, latest: list, opts: ShowOptions) -> bool:
    """Poll until final; `latest[0]` always holds the newest answer (for Ctrl-C). True when it gave up."""
    deadline = time.monotonic() + opts.watch_timeout
    polls = 1
    while not all(provider.is_final(o) for o in latest[0].orders) and polls < MAX_POLLS:
        if time.monotonic() >= deadline:
            progress.warn(f"still not final after {opts.watch_timeout:.0f}s; showing the latest state")
            return True
        states = ", ".join(filter(None, (o.payment_status or o.status for o in latest[0].orders))) or "unknown"
        with progress.spinner(f"watching {ref}: {states} (poll {polls}; Ctrl-C stops)"):
            time.sleep(max(0.0, min(opts.interval, deadline - time.monotonic())))
            latest[0] = look_up()
        polls += 1
    return polls >= MAX_POLLS
