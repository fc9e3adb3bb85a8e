"""`order create`: validate every document, then place each one, journal first (CONTRACT §3, §7).

For each order: the journal records it as `pending` before anything is sent, and the provider's
id/token the moment they arrive (`created`), so an id is never lost even if a later step or the
rendering fails; a refusal is `refused`; a send whose outcome can't be known is `unknown`. A file whose
body was already placed (or may have been) needs `--again`. PagBank orders carry an idempotency key,
kept in the journal and reused when the same body is placed again after an unknown outcome, so
PagBank replays its first answer instead of creating a second checkout.
"""

from __future__ import annotations

import json
import sys
import uuid
from dataclasses import dataclass

from checkoutctl.documents.orders import OrderDocument
from checkoutctl.errors import InvalidOrderError, ProviderFailure, ProviderRefused, UsageError
from checkoutctl.journal import Journal, content_hash
from checkoutctl.ordering import progress
from checkoutctl.ordering.endpoint import Endpoints, operations
from checkoutctl.render.sanitize import clean
from checkoutctl.settings import Settings


@dataclass(frozen=True)
class CreateOptions:
    cart: str | None = None
    output: str = "table"
    dry_run: bool = False
    idempotency_key: str | None = None
    again: bool = False


def _checked(file: str, cart: str | None) -> list[OrderDocument]:
    from checkoutctl.ordering.validate import check_files

    docs = check_files([file], cart)
    issues = [i for d in docs for i in d.issues]
    if issues:
        # Errors, not data: stderr, so `--output json` keeps stdout pure JSON (CONTRACT §3).
        sys.stderr.writelines(clean(i.text(), inline=True) + "\n" for i in dict.fromkeys(issues))
        raise InvalidOrderError(f"{file}: {len(issues)} problem{'s' if len(issues) != 1 else ''}; nothing was sent",
                                hint=f"checkoutctl validate {file}")
    carts = [d for d in docs if d.kind == "cart"]
    if carts:
        raise UsageError(f"{file} is a cart file", hint=f"give it with --cart: checkoutctl order create ORDER.yaml --cart {file}")
    return docs


def body_hash(doc: OrderDocument) -> str:
    return content_hash(json.dumps({"provider": doc.provider, "body": doc.body}, sort_keys=True, ensure_ascii=False))


def create_orders(file: str, settings: Settings, opts: CreateOptions) -> int:
    docs = _checked(file, opts.cart)
    if opts.idempotency_key and len(docs) > 1:
        raise UsageError("--idempotency-key names one order, but the file holds several", hint="place them one file each")
    if opts.dry_run:
        return _dry_run(docs, settings, opts)
    journal = Journal(settings.home)
    _warn_unresolved(journal)
    plans = [_plan(doc, journal, settings, opts) for doc in docs]
    placed, raws, done = [], [], False
    try:
        with Endpoints(settings, on_retry=progress.on_retry,
                       on_sandbox=lambda url: progress.sandbox_mark(url, settings.home)) as endpoints:
            for doc, key in plans:
                outcome = _place(doc, key, journal, endpoints, settings)
                placed.extend(outcome.orders)
                raws.extend(outcome.raw)
        done = True
    finally:
        # `--output json` promises JSON on stdout whenever the command succeeds, even for no orders.
        if placed or (done and opts.output == "json"):
            from checkoutctl.render.order_view import render_orders

            render_orders(placed, opts.output, raw_bodies=raws)
            if done and opts.output == "table":
                _say_how_to_look_up(placed)
    return 0


def _say_how_to_look_up(orders) -> None:
    for order in orders[:5]:
        if order.provider == "gestaoplus" and order.token:
            progress.say(f"look it up again: checkoutctl order show --token {order.token}")
        elif order.provider in ("pagbank", "bakeronline") and order.id:
            progress.say(f"look it up again: checkoutctl order show {order.id}")


def _plan(doc: OrderDocument, journal: Journal, settings: Settings, opts: CreateOptions) -> tuple[OrderDocument, str | None]:
    """The idempotency key for this order, after checking the journal for an earlier placement."""
    ops = operations(doc.provider)
    earlier = journal.placed(body_hash(doc), doc.provider, settings.profile)
    where = f"{doc.file} (document {doc.index + 1})" if doc.index else doc.file
    if earlier is not None and not opts.again:
        if earlier.state == "created":
            raise UsageError(f"{where} was already placed on {earlier.at} as {earlier.id or earlier.token}",
                             hint="pass --again to place the same order a second time")
        resolve = ("--again reuses its idempotency key, so PagBank answers with the first checkout rather than a second"
                   if getattr(ops, "IDEMPOTENT_CREATE", False) and earlier.idempotency_key
                   else "check with the provider first; --again places it again")
        raise UsageError(f"{where} was sent on {earlier.at} but its outcome is {earlier.state}", hint=resolve)
    if not getattr(ops, "IDEMPOTENT_CREATE", False):
        return doc, None
    if opts.idempotency_key:
        return doc, opts.idempotency_key
    if earlier is not None and earlier.state in ("pending", "unknown") and earlier.idempotency_key:
        return doc, earlier.idempotency_key
    return doc, str(uuid.uuid4())


def _place(doc: OrderDocument, key: str | None, journal: Journal, endpoints: Endpoints, settings: Settings):
    ops = operations(doc.provider)
    entry = journal.begin(file=doc.file, content_hash=body_hash(doc), provider=doc.provider,
                          profile=settings.profile, idempotency_key=key)
    answered = []

    def on_placed(order_id: str | None, token: str | None, status: int) -> None:
        answered.append(True)
        if order_id or token:
            journal.settle(entry, state="created", id=order_id, token=token, http_status=status)
            return
        # A 2xx that names no order: it may exist, but nothing identifies it (CONTRACT §7: unreadable, exit 5).
        journal.settle(entry, state="unknown", http_status=status, message=f"HTTP {status} answer named no order id")
        raise ProviderFailure(f"{doc.provider} answered HTTP {status} but named no order id; the order may exist",
                              status=status, outcome_unknown=True, hint=_unknown_hint(doc, key))

    try:
        call = endpoints.call(doc.provider)
        call.idempotency_key = key
        with progress.spinner(f"placing {doc.provider} order from {doc.file}…"):
            return ops.create(doc.body, call, on_placed)
    except ProviderRefused as err:
        if not answered:
            journal.settle(entry, state="refused", http_status=err.status, message=err.message)
        raise
    except ProviderFailure as err:
        if not answered:
            never_sent = getattr(err, "sent", True) is False
            journal.settle(entry, state="refused" if never_sent else "unknown", http_status=err.status,
                           message=("never sent: " if never_sent else "") + err.message)
            if not never_sent and (key or not err.hint):
                # With a key, the safe way out is `--again` (same key: PagBank replays): say so.
                err.hint = _unknown_hint(doc, key)
        raise
    except BaseException as err:
        if not answered:
            journal.settle(entry, state="unknown" if not isinstance(err, (UsageError,)) else "refused",
                           message=f"{type(err).__name__}: {err}")
        raise


def _unknown_hint(doc: OrderDocument, key: str | None) -> str:
    if key:
        return f"the order may have been created; `checkoutctl order create {doc.file} --again` reuses idempotency key {key} safely"
    return "the order may have been created: check with the provider (or `checkoutctl order history`) before placing it again"


def _warn_unresolved(journal: Journal) -> None:
    for entry in journal.unresolved()[-3:]:
        resolve = (f"`checkoutctl order create {entry.file} --again` reuses its idempotency key safely"
                   if entry.idempotency_key else "check with the provider before placing it again")
        progress.warn(f"an earlier {entry.provider} order from {entry.file} ({entry.at}) has outcome "
                      f"{entry.state}: {resolve}; see `checkoutctl order history`")


def _dry_run(docs: list[OrderDocument], settings: Settings, opts: CreateOptions) -> int:
    from checkoutctl.providers.call import Call
    from checkoutctl.request_masking import format_request

    endpoints = Endpoints(settings)
    for doc in docs:
        ops = operations(doc.provider)
        # No transport: nothing is sent, and no credentials are needed.
        call = Call(doc.provider, endpoints.base_url(doc.provider, start=False), settings, None)  # type: ignore[arg-type]
        call.idempotency_key = opts.idempotency_key or (str(uuid.uuid4()) if getattr(ops, "IDEMPOTENT_CREATE", False) else None)
        sys.stdout.write(f"# {doc.file} (document {doc.index + 1}): {doc.provider}\n")
        for request in ops.create_requests(doc.body, call):
            sys.stdout.write(format_request(request) + "\n")
        if ops.FOLLOW_UP:
            sys.stdout.write(f"# {ops.FOLLOW_UP}\n")
        sys.stdout.write("\n")
    progress.say(f"dry run: {len(docs)} order{'s' if len(docs) != 1 else ''} checked, nothing sent")
    return 0
