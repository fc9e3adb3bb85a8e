"""`order cancel|activate|open`: act on an order the provider already has (issue 14).

A cancel or an activation is journalled like a create: `pending` before it is sent, then `created`
(the provider did it), `refused` (4xx), `failed` (it never left) or `unknown` (it may have been acted
on: a timeout, a 5xx, an answer that can't be read). It is sent once: never retried blindly.

And with a create's promise (CONTRACT §7): an outcome the journal cannot record (locked, read-only,
full, damaged) is printed on stderr and kept in journal-recovery.jsonl (journal/recovery.py), which the
next command folds into the journal exactly once; a carried-out operation not recorded is exit 5.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from checkoutctl.errors import (AnswerNotJournalled, CheckoutError, JournalUnavailable, ProviderError, ProviderFailure,
                                ProviderRefused, UsageError)
from checkoutctl.ordering import progress
from checkoutctl.ordering.endpoint import Endpoints
from checkoutctl.ordering.show import provider_of
from checkoutctl.providers.base import DONE
from checkoutctl.settings import Settings

WEB_SCHEMES = ("http", "https")


@dataclass(frozen=True)
class ChangeOptions:
    ref: str
    provider: str | None = None
    output: str = "table"
    # Asked before anything is sent (a terminal); None: not asked (--yes).
    confirm: Callable[[str], bool] | None = None
    select: object = None  # --json FIELDS / --jq (render/), as `order show` takes it


def change_order(settings: Settings, operation: str, opts: ChangeOptions) -> int:
    """Cancel or activate the order `opts.ref` at its provider, and show it as the provider then does."""
    from checkoutctl.journal import Journal, content_hash, recovery
    from checkoutctl.render.order_view import render_orders

    provider, entry = provider_of(settings, opts.ref, opts.provider)
    if operation not in provider.lifecycle:
        raise UsageError(f"{provider.title} orders cannot be {DONE[operation]} from checkoutctl",
                         hint="`checkoutctl providers` lists what each provider can do")
    token = entry.token if entry is not None and entry.provider == provider.name else None
    with Endpoints(settings, on_retry=progress.on_retry,
                   on_sandbox=lambda url, served: progress.sandbox_mark(url, settings.home, served)) as endpoints:
        call = endpoints.call(provider)
        if opts.confirm is not None and not opts.confirm(f"{operation.capitalize()} {provider.name} order {opts.ref}?"):
            raise UsageError(f"{operation} of {opts.ref} not confirmed; nothing was sent")
        journal = Journal(settings.home)
        entry_id = journal.begin(file=f"order {operation} {opts.ref}", provider=provider.name, profile=settings.profile,
                                 content_hash=content_hash(f"{operation}\0{provider.name}\0{opts.ref}"),
                                 operation=operation)
        entry = journal.entry(entry_id)
        recovery.reserve(journal.home)  # room for its line, should the disk fill up while it is in flight
        not_journalled: list[AnswerNotJournalled] = []

        def settle(state: str, err: CheckoutError | None = None, status: int | None = None) -> None:
            values = dict(state=state, id=opts.ref, token=token,
                          http_status=status if err is None else getattr(err, "status", None),
                          message=None if err is None else err.message)
            try:
                journal.settle(entry_id, **values)
            except JournalUnavailable as failed:  # what the provider did still stands: kept for the journal
                not_journalled.append(_keep_for_later(journal, entry, operation, opts.ref, failed, values))

        try:
            with progress.spinner(f"{operation}: {provider.name} order {opts.ref}…"):
                outcome = call.change(operation, opts.ref)
        except ProviderRefused as err:
            settle("refused", err)
            raise
        except ProviderError as err:
            settle("failed" if err.sent is False else "unknown", err)
            if err.sent is not False:
                err.hint = (f"the {operation} may have been carried out: look the order up "
                            f"(`checkoutctl order show`) before trying again")
            raise
        except CheckoutError as err:  # no API key, a bad profile, the embedded sandbox not starting
            settle("failed", err)
            raise
        except BaseException as err:
            settle("unknown", CheckoutError(f"{type(err).__name__}: {err}"))
            raise
        settle("created", status=call.answered_status)
    render_orders(outcome.orders, opts.output, raw_bodies=outcome.raw, select=opts.select)
    if not_journalled:
        raise not_journalled[0]  # done, shown and kept; the journal must be fixed first (exit 5)
    progress.say(f"{DONE[operation]} {provider.name} order {opts.ref}; `checkoutctl order history` records it")
    return 0


def _keep_for_later(journal, entry, operation: str, ref: str, err: JournalUnavailable,
                    values: dict) -> AnswerNotJournalled:
    """The journal could not take this outcome: keep it in the recovery file, and say so on stderr."""
    from checkoutctl.journal import recovery

    what = f"{operation} of {entry.provider} order {ref}: {values['state']}"
    try:
        kept_in = recovery.keep(journal.home, recovery.record_of(entry, values))
        kept, hint = (f"kept in {kept_in}", f"it is kept in {kept_in} and the next checkoutctl command adds it "
                                            f"to the journal; the order need not be {DONE[operation]} again")
    except OSError as write_err:
        kept, hint = (f"NOT kept: {recovery.path_in(journal.home)} could not be written either ({write_err})",
                      f"write the line above down: it is the only record of this {operation}")
    progress.warn(f"the journal could not record the outcome: {what}; {kept}")
    return AnswerNotJournalled(f"{what}, but the journal {journal.path} could not record it: {err.cause}", hint=hint)


def open_order(settings: Settings, ref: str | None, token: str | None, provider: str | None, *,
               print_only: bool) -> int:
    """Open the order's payment page (or boleto) in a browser; print it with `print_only` or no browser."""
    import sys

    from checkoutctl.ordering.show import ShowOptions, look_up

    found, outcome = look_up(settings, ShowOptions(ref=ref, token=token, provider=provider))
    link = payment_link(found, outcome.orders)
    if not print_only and _browse(link):
        progress.say(f"opened {link} in the browser")
        return 0
    sys.stdout.write(link + "\n")
    return 0


def payment_link(provider, orders) -> str:
    """The link `order open` opens and `order show --qr` draws: the provider's `link_to_open`, only
    when it is a plain http(s) address (a server chose it: anything else is exit 5, CONTRACT §7)."""
    from checkoutctl.safe_text import clean

    link = next((url for url in (provider.link_to_open(order) for order in orders) if url), None)
    if link is None:
        raise UsageError(f"the {provider.name} order has no payment link or attachment to open")
    if urlsplit(link).scheme.lower() not in WEB_SCHEMES or clean(link, inline=True) != link:
        raise ProviderFailure(f"{provider.name} answered a link that is not a web address; not using it")
    return link


def show_qr(settings: Settings, opts: ShowOptions) -> int:
    """Print the order's payment link as a QR code, and the link under it, for a customer to scan."""
    from checkoutctl.ordering.show import look_up
    from checkoutctl.render.qr_code import print_qr

    found, outcome = look_up(settings, opts)
    print_qr(payment_link(found, outcome.orders))
    return 0


def _browse(url: str) -> bool:
    import webbrowser

    try:
        return webbrowser.get().open(url)
    except webbrowser.Error:  # no browser here (a server, CI): the link is printed instead
        return False
