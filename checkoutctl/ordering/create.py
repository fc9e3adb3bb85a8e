"""`order create`: validate every document, then place each one, journal first (CONTRACT §3, §7).

For each order: the journal records it as `pending` before anything is sent — in the same transaction
that checks no earlier placement of the same body may exist (a file whose body was already placed, or
may have been, by this process or another, needs `--again`) — and the provider's id/token the moment
they arrive (`created`), so an id is never lost even if a later step or the rendering fails; a refusal
is `refused`; a request that never left is `failed`; a send whose outcome can't be known is `unknown`.
An answer the journal cannot take is printed on stderr and kept in the recovery file (exit 5). Orders
of a provider with an idempotent create (PagBank) carry an idempotency key, kept in the journal and
reused when the same body is placed again after an unknown outcome, so the provider replays its first
answer instead of creating a second.
"""

from __future__ import annotations

import json
import sys
import uuid
from dataclasses import dataclass, replace

from checkoutctl.documents.orders import OrderDocument
from checkoutctl.errors import (AnswerNotJournalled, CheckoutError, InvalidOrderError, JournalUnavailable,
                                ProviderError, ProviderFailure, ProviderRefused, UsageError)
from checkoutctl.journal import AlreadyPlaced, Entry, Journal, content_hash, recovery
from checkoutctl.ordering import interrupt, progress
from checkoutctl.ordering.documents import DocumentResults
from checkoutctl.ordering.endpoint import Endpoints, missing_credential
from checkoutctl.providers import registry
from checkoutctl.safe_text import clean
from checkoutctl.settings import Settings


@dataclass(frozen=True)
class CreateOptions:
    cart: str | None = None
    output: str = "table"
    dry_run: bool = False
    idempotency_key: str | None = None
    again: bool = False
    keep_going: bool = False  # a document that fails does not stop the ones after it
    select: object = None  # render.json_select.JsonSelection: --json FIELDS / --jq EXPR


def _checked(file: str, cart: str | None) -> list[OrderDocument]:
    from checkoutctl.ordering.validate import check_files

    docs = check_files([file], cart)
    found = list(dict.fromkeys(i for d in docs for i in d.issues))
    # Errors and warnings, not data: stderr, so `--output json` keeps stdout pure JSON (CONTRACT §3).
    sys.stderr.writelines(clean(i.text(), inline=True) + "\n" for i in found)
    issues = [i for i in found if i.is_error]  # a warning alone does not stop the order being sent
    if issues:
        raise InvalidOrderError(f"{file}: {len(issues)} problem{'s' if len(issues) != 1 else ''}; nothing was sent",
                                hint=validate_command(file, cart))
    carts = [d for d in docs if d.kind == "cart"]
    if carts:
        raise UsageError(f"{file} is a cart file", hint=f"give it with --cart: checkoutctl order create ORDER.yaml --cart {file}")
    return docs


def validate_command(file: str, cart: str | None) -> str:
    """The `validate` run that shows the same problems: with the cart, whose items were checked too."""
    from shlex import quote

    return f"checkoutctl validate {quote(file)}" + (f" --cart {quote(cart)}" if cart else "")


def body_hash(doc: OrderDocument) -> str:
    return content_hash(json.dumps({"provider": doc.provider, "body": doc.body}, sort_keys=True, ensure_ascii=False))


def create_orders(file: str, settings: Settings, opts: CreateOptions) -> int:
    docs = _checked(file, opts.cart)
    if opts.idempotency_key and len(docs) > 1:
        raise UsageError("--idempotency-key names one order, but the file holds several", hint="place them one file each")
    for provider in dict.fromkeys(registry.get(doc.provider) for doc in docs):
        if opts.idempotency_key and not provider.idempotent_create:
            progress.warn(f"--idempotency-key is ignored for {provider.title}: it does not deduplicate orders by key")
    if opts.dry_run:
        return _dry_run(docs, settings, opts)
    journal = Journal(settings.home)
    _warn_unresolved(journal)
    batch = DocumentResults(docs) if len(docs) > 1 else None
    plans = []
    for doc in docs:
        try:
            plans.append(_plan(doc, journal, settings, opts))
        except UsageError as err:
            # The duplicate guard works per document: the new ones of a placed file are still placed.
            if batch is None or len(batch.skipped) + 1 == len(docs):
                raise
            batch.skip(doc, err)
    placed, raws, done = [], [], False
    first_failure: CheckoutError | None = None
    try:
        with Endpoints(settings, on_retry=progress.on_retry,
                       on_sandbox=lambda url, served: progress.sandbox_mark(url, settings.home, served)) as endpoints:
            for doc, key in plans:
                if first_failure is not None and not opts.keep_going:
                    batch.not_sent(doc, first_failure)
                    continue
                try:
                    outcome, not_journalled = _place(doc, key, journal, endpoints, settings, opts.again)
                except CheckoutError as err:
                    if batch is None:
                        raise
                    batch.fail(doc, err)
                    first_failure = first_failure or err
                    continue
                placed.extend(outcome.orders)
                raws.extend(outcome.raw)
                if batch is not None:
                    batch.place(doc, outcome.orders)
                if not_journalled is not None:
                    raise not_journalled  # shown (finally) and kept, but the journal must be fixed first
        done = True
    finally:
        if batch is not None and (done or placed):
            batch.render(opts, placed, raws)
        # `--output json` promises JSON on stdout whenever the command succeeds, even for no orders.
        elif placed or (done and opts.output == "json"):
            from checkoutctl.render.order_view import render_orders

            render_orders(placed, opts.output, raw_bodies=raws, select=opts.select)
        if done and opts.output == "table":
            _say_how_to_look_up(placed)
    if first_failure is not None:
        raise first_failure
    return 0


def _say_how_to_look_up(orders) -> None:
    for order in orders[:5]:
        command = registry.get(order.provider).look_up_hint(order)
        if command:
            progress.say(f"look it up again: {command}")


def _plan(doc: OrderDocument, journal: Journal, settings: Settings, opts: CreateOptions) -> tuple[OrderDocument, str | None]:
    """Refuse up front (nothing sent yet) a file any of whose orders the journal shows as placed; the
    guard that counts is taken again at send time, in `journal.begin` (another process may be placing
    the same order right now)."""
    earlier = journal.placed(body_hash(doc), doc.provider, settings.profile)
    if earlier is not None and not opts.again:
        raise _already_placed(doc, earlier)
    return doc, opts.idempotency_key


def _already_placed(doc: OrderDocument, earlier: Entry) -> UsageError:
    provider = registry.get(doc.provider)
    where = f"{doc.file} (document {doc.index + 1})" if doc.index else doc.file
    if earlier.state == "created":
        return UsageError(f"{where} was already placed on {earlier.at} as {earlier.id or earlier.token}",
                          hint="pass --again to place the same order a second time")
    resolve = (f"--again reuses its idempotency key, so {provider.title} answers with the first order rather "
               "than a second" if provider.idempotent_create and earlier.idempotency_key
               else "check with the provider first; --again places it again")
    return UsageError(f"{where} was sent on {earlier.at} but its outcome is {earlier.state}", hint=resolve)


def _key_for(doc: OrderDocument, given: str | None):
    """The idempotency key, decided in `journal.begin`'s transaction from the earlier placement it sees."""
    def choose(earlier: Entry | None) -> str | None:
        if not registry.get(doc.provider).idempotent_create:
            return None
        if given:
            return given
        if earlier is not None and earlier.state in ("pending", "unknown") and earlier.idempotency_key:
            return earlier.idempotency_key  # same key: the provider replays its first answer
        return str(uuid.uuid4())

    return choose


@dataclass
class _Placing:
    """One order on its way: its pending journal entry, and an answer the journal could not take."""

    doc: OrderDocument
    entry: Entry
    not_journalled: AnswerNotJournalled | None = None


def _place(doc: OrderDocument, given_key: str | None, journal: Journal, endpoints: Endpoints, settings: Settings,
           again: bool):
    provider = registry.get(doc.provider)
    try:
        entry_id = journal.begin(file=doc.file, content_hash=body_hash(doc), provider=doc.provider,
                                 profile=settings.profile, idempotency_key=_key_for(doc, given_key),
                                 guard=not again, document=doc.index + 1)
    except AlreadyPlaced as err:
        raise _already_placed(doc, err.earlier) from None
    placing = _Placing(doc, journal.entry(entry_id))
    key = placing.entry.idempotency_key
    recovery.reserve(journal.home)
    answered = []

    def settle(**values) -> None:
        try:
            journal.settle(entry_id, **values)
        except JournalUnavailable as err:
            placing.not_journalled = _keep_for_later(placing, journal, err, values)

    def on_placed(order_id: str | None, token: str | None, status: int) -> None:
        answered.append((order_id, token))
        if order_id or token:
            settle(state="created", id=order_id, token=token, http_status=status)
            return
        # A 2xx that names no order: it may exist, but nothing identifies it (CONTRACT §7: unreadable, exit 5).
        settle(state="unknown", http_status=status, message=f"HTTP {status} answer named no order id")
        raise ProviderFailure(f"{doc.provider} answered HTTP {status} but named no order id; the order may exist",
                              status=status, outcome_unknown=True, hint=_unknown_hint(doc, key))

    try:
        # Reaching the endpoint sends nothing: whatever fails here (bad config, the embedded sandbox
        # not starting, a damaged sandbox database) left no request behind (CONTRACT §3: `failed`).
        call = endpoints.call(provider)
    except KeyboardInterrupt:
        settle(state="failed", message=f"never sent: {interrupt.NOT_SENT}")
        interrupt.say_not_sent(placing.entry)
        raise
    except BaseException as err:
        settle(state="failed", message=f"never sent: {getattr(err, 'message', None) or f'{type(err).__name__}: {err}'}")
        raise
    reached_before = endpoints.requests_reached()
    try:
        call.idempotency_key = key
        with progress.spinner(f"placing {doc.provider} order from {doc.file}…"):
            outcome = call.place(doc.body, on_placed)
    except ProviderError as err:
        if answered:
            order_id, token = answered[0]
            if placing.not_journalled is not None:
                raise placing.not_journalled from err
            if order_id or token:
                raise _created_but(doc, order_id, token, err) from err
            raise
        never_sent = err.sent is False
        refused = isinstance(err, ProviderRefused)
        # `failed`: the request never left (refused before connecting, name not resolved): placing it
        # again is safe (CONTRACT §3). Anything that may have reached the server is `unknown`.
        settle(state="refused" if refused else "failed" if never_sent else "unknown", http_status=err.status,
               message=("never sent: " if never_sent and not refused else "") + err.message)
        if not refused and not never_sent and (key or not err.hint):
            # With a key, the safe way out is `--again` (same key: the provider replays): say so.
            err.hint = _unknown_hint(doc, key)
        raise
    except CheckoutError as err:
        # Raised by the provider's code before its request left (no login grant, no Origin header).
        if not answered:
            settle(state="failed", message=f"never sent: {err.message}")
        raise
    except KeyboardInterrupt:
        # Ctrl-C (CONTRACT §7): an answered order is in the journal; otherwise it is `unknown` if any of
        # its requests may have left (the transport knows, http/base.py Interrupted), else `failed`.
        if answered:
            interrupt.say_answered(placing.entry, *answered[0])
        elif endpoints.requests_reached() > reached_before:
            settle(state="unknown", message=interrupt.MAYBE_SENT)
            interrupt.say_unknown(placing.entry, provider, key)
        else:
            settle(state="failed", message=f"never sent: {interrupt.NOT_SENT}")
            interrupt.say_not_sent(placing.entry)
        raise
    except BaseException as err:
        if not answered:
            settle(state="unknown", message=f"{type(err).__name__}: {err}")
        raise
    # An answer with no time (Crayon's checkout is a 204, seed 003): the order was placed when the journal
    # recorded it, just before sending (issue 11: Crayon shows when it was placed).
    outcome = replace(outcome, orders=[order if order.created_at else replace(order, created_at=placing.entry.at)
                                       for order in outcome.orders])
    if placing.not_journalled is None:
        # What its lookup will not answer again (Bakeronline's payment URL and cart lines, issue 11).
        from checkoutctl.ordering.placed_here import keep

        keep(journal, entry_id, provider, outcome.orders)
    return outcome, placing.not_journalled


def _created_but(doc: OrderDocument, order_id: str | None, token: str | None, err: ProviderError) -> ProviderFailure:
    """The order was created and journalled, then a later step (Gestão Plus's GET /order/info) failed:
    its id and token are shown all the same (CONTRACT §7), and the failure is exit 5, never 4."""
    names = ", ".join(f"{label} {value}" for label, value in (("id", order_id), ("token", token)) if value)
    progress.warn(f"created {doc.provider} order from {doc.file}: {names} (in the journal)")
    look_up = f"--token {token}" if token else str(order_id)
    return ProviderFailure(f"{doc.provider} created order {names} from {doc.file}, but what followed failed: "
                           f"{err.message}", status=err.status,
                           hint=f"it is in `checkoutctl order history`; look it up with "
                                f"`checkoutctl order show {look_up} --provider {doc.provider}`")


def _keep_for_later(placing: _Placing, journal: Journal, err: JournalUnavailable, values: dict) -> AnswerNotJournalled:
    """The journal could not take this answer: keep it in the recovery file, and say so on stderr."""
    entry = placing.entry
    record = recovery.record_of(entry, values)  # the message redacted, as the journal keeps it
    order = ", ".join(f"{name} {record[name]}" for name in ("id", "token") if record.get(name)) or "no id"
    what = f"{entry.provider} order from {entry.file} (document {entry.document}): {values['state']}, {order}"
    try:
        kept_in = recovery.keep(journal.home, record)
        kept, hint = (f"kept in {kept_in}",
                      f"it is kept in {kept_in} and the next checkoutctl command adds it to the journal; "
                      f"do not place {entry.file} again")
    except OSError as write_err:
        kept, hint = (f"NOT kept: {recovery.path_in(journal.home)} could not be written either ({write_err})",
                      f"write the line above down: it is the only record of this order, and placing "
                      f"{entry.file} again would create a second one")
    progress.warn(f"the journal could not record the answer: {what}; {kept}")
    return AnswerNotJournalled(f"{what}, but the journal {journal.path} could not record it: {err.cause}", hint=hint)


def _unknown_hint(doc: OrderDocument, key: str | None) -> str:
    if key:
        return f"the order may have been created; `checkoutctl order create {doc.file} --again` reuses idempotency key {key} safely"
    return "the order may have been created: check with the provider (or `checkoutctl order history`) before placing it again"


def _warn_unresolved(journal: Journal) -> None:
    from checkoutctl.ordering.history import unresolved_warning

    unresolved = [e for e in journal.unresolved() if e.operation == "create"]
    for entry in unresolved[-3:]:
        resolve = (f"`checkoutctl order create {entry.file} --again` reuses its idempotency key safely"
                   if entry.idempotency_key else "check with the provider before placing it again")
        progress.warn(f"an earlier {entry.provider} order from {entry.file} ({entry.at}, entry #{entry.entry_id}) "
                      f"has outcome {entry.state}: {resolve}")
    if unresolved:
        progress.warn(unresolved_warning(unresolved))


def _dry_run(docs: list[OrderDocument], settings: Settings, opts: CreateOptions) -> int:
    from checkoutctl.providers.call import Call
    from checkoutctl.http.masking import format_request
    from checkoutctl.providers.error_answers import raise_for_status

    missing = missing_credential(settings)
    if missing is not None:  # the dry run itself needs none, but the real run would stop here
        progress.warn(f"{missing[0]}; a real run stops before sending ({missing[1]})")
    endpoints = Endpoints(settings)
    planned = []
    for doc in docs:
        provider = registry.get(doc.provider)
        # No transport: nothing is sent, and no credentials are needed.
        call = Call(provider, endpoints.base_url(provider, start=False), settings, None, raise_for_status)
        call.idempotency_key = opts.idempotency_key or (str(uuid.uuid4()) if provider.idempotent_create else None)
        if opts.output == "json":
            planned.append((doc, provider, list(provider.create_requests(doc.body, call))))
            continue
        sys.stdout.write(f"# {doc.file} (document {doc.index + 1}): {doc.provider}\n")
        for request in provider.create_requests(doc.body, call):
            sys.stdout.write(format_request(request) + "\n")
        if provider.dry_run_note:
            sys.stdout.write(f"# {provider.dry_run_note}\n")
        sys.stdout.write("\n")
    if opts.output == "json":
        from checkoutctl.ordering.dry_run_json import print_dry_run_json

        print_dry_run_json(planned)
    progress.say(f"dry run: {len(docs)} order{'s' if len(docs) != 1 else ''} checked, nothing sent")
    return 0
