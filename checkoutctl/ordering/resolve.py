"""`order history --resolve REF [--as created|failed]`: settle an entry whose outcome is unknown.

An entry left `unknown` (or `pending`, after a crash) warns on every `order create` and `order history`
until someone finds out what happened. This records the answer in the journal, and then the warning stops:

- without `--as`, an entry that names the order (its id or token) is looked up at the provider, with
  the profile that placed it; found, the create is recorded `created`. An entry naming no order, or a
  cancel/activate (whether it took effect is the provider's state, not a found order), needs `--as`;
- `--as created`: the user checked with the provider and the order exists (placing the file again
  then needs `--again`); `--as failed`: it never reached the provider (placing it again is safe).

REF is the entry's number (`entry_id` in `--output json`; `#N` means the entry whatever else matches)
or the order's id or token. The update is conditional: if another process settles the entry first
(its real answer came back), that answer stands and this says so.
"""

from __future__ import annotations

from checkoutctl.errors import ProviderRefused, UsageError
from checkoutctl.journal import Entry, Journal
from checkoutctl.ordering import progress
from checkoutctl.settings import Settings

RESOLVED_AS = ("created", "failed")


def resolve_entry(settings: Settings, ref: str, as_state: str | None, output: str, select=None) -> int:
    from checkoutctl.journal.ledger import UNRESOLVED
    from checkoutctl.render.history import history_listing
    from checkoutctl.render.stdout import print_listing

    if as_state is not None and as_state not in RESOLVED_AS:
        raise UsageError(f"--as {as_state!r}: an entry is resolved as created or failed",
                         hint="--as created (the provider has the order) or --as failed (it never reached it)")
    journal = Journal(settings.home)
    entry = find_entry(journal, ref)
    if entry.state not in UNRESOLVED:
        raise UsageError(f"entry {entry.entry_id} ({_what(entry)}) is already {entry.state}; only pending or "
                         "unknown entries are resolved")
    if as_state is None:
        as_state, message = _looked_up(settings, entry)
    else:
        message = f"resolved by hand as {as_state} (was {entry.state})"
    if entry.message:  # why it was unknown stays on record
        message += f"; earlier: {entry.message}"
    if not journal.resolve(entry.entry_id, state=as_state, message=message, was=entry.state):
        now = journal.entry(entry.entry_id)
        raise UsageError(f"entry {entry.entry_id} was settled meanwhile as {now.state if now else 'gone'}; "
                         "that answer stands", hint="checkoutctl order history")
    progress.say(f"entry {entry.entry_id} ({_what(entry)}): {entry.state} → {as_state}")
    print_listing(history_listing([journal.entry(entry.entry_id)]), output, select=select)
    return 0


def find_entry(journal: Journal, ref: str) -> Entry:
    """The entry `ref` names: `#N` is entry N; a number that is both an entry and an order id is refused."""
    ref = ref.strip()
    number = ref[1:] if ref.startswith("#") else ref
    by_number = journal.entry(int(number)) if number.isdigit() and len(number) < 19 else None
    if ref.startswith("#"):
        if by_number is None:
            raise UsageError(f"no journal entry {ref}", hint="`checkoutctl order history --output json` shows entry_id")
        return by_number
    by_order = journal.find(ref)
    if by_number is not None and by_order is not None and by_order.entry_id != by_number.entry_id:
        raise UsageError(f"{ref!r} is both entry {by_number.entry_id} and the order id of entry {by_order.entry_id}",
                         hint=f"--resolve '#{by_number.entry_id}' for the entry; --resolve '#{by_order.entry_id}' "
                              "for the order's")
    found = by_number or by_order
    if found is None:
        raise UsageError(f"{ref!r} is neither an entry number nor an order id or token in this machine's journal",
                         hint="`checkoutctl order history --state unknown --output json` lists them with entry_id")
    return found


def _looked_up(settings: Settings, entry: Entry) -> tuple[str, str]:
    """(state, message) from asking the provider, when the entry names the order and it is a create."""
    from checkoutctl.providers import registry

    provider = registry.get(entry.provider)
    ref = (entry.token if provider.lookup.by_token and entry.token
           else entry.id.split(",")[0] if provider.lookup.by_id and entry.id else None)
    number = entry.entry_id
    if entry.operation != "create":
        raise UsageError(f"entry {number} is an order {entry.operation} of {entry.id}: whether it took effect is "
                         "the order's state at the provider",
                         hint=f"`checkoutctl order show {entry.id} --provider {entry.provider}`, then "
                              f"`checkoutctl order history --resolve '#{number}' --as created` (it took effect) or "
                              "`--as failed` (it did not)")
    if ref is None:
        again = (f"; or `checkoutctl order create {entry.file} --again`, which reuses idempotency key "
                 f"{entry.idempotency_key} so {provider.title} answers with the first order"
                 if provider.idempotent_create and entry.idempotency_key else "")
        raise UsageError(f"entry {number} ({_what(entry)}) names no order id or token: there is nothing to look up",
                         hint=f"check with {provider.title}, then `checkoutctl order history --resolve '#{number}' "
                              f"--as created` or `--as failed`{again}")
    from checkoutctl.ordering.show import endpoints_for
    from checkoutctl.settings import load_settings

    placed_with = load_settings(profile=entry.profile) if entry.profile != settings.profile else settings
    try:
        with endpoints_for(placed_with) as endpoints:
            with progress.spinner(f"looking up {provider.name} order {ref}…"):
                outcome = endpoints.call(provider).look_up(ref)
    except ProviderRefused as err:
        if err.status == 404:
            err.hint = (f"{provider.title} does not know order {ref}: if you are sure it never got it, "
                        f"`checkoutctl order history --resolve '#{number}' --as failed`")
        raise
    if not outcome.orders:
        raise UsageError(f"{provider.title} answered for {ref} but described no order",
                         hint=f"check with {provider.title}, then --resolve '#{number}' --as created or --as failed")
    return "created", f"resolved: {provider.title} has order {ref} (was {entry.state})"


def _what(entry: Entry) -> str:
    return f"{entry.provider} {'order' if entry.operation == 'create' else entry.operation} from {entry.file}, {entry.at}"
