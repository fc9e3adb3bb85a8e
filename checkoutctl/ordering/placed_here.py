"""What placing an order told that its provider's lookup does not answer: kept in the journal when the
order is placed, filled into `order show` of an order this machine placed (issue 11).

A provider declares those fields (`Lookup.not_answered`, providers/base.py; Bakeronline's GET
/orders/{id} answers no payment_url, no cart lines, no group id: seed 002, seeds/README). `keep`
writes them, per provider order id, right after the create's answer; `PlacedHere.fill` reads them back
for the orders a lookup answered and fills only what the answer left empty, naming what it filled in
`Order.from_journal`. It is the seam Crayon's placed time already uses (ordering/create.py: what the
answer lacks, the journal tells), and no provider is named here.

Only an order this machine placed is filled: same provider, same profile (another profile may reach
another server, whose order 1 is another order), and, where both say when it was created, created at
the same moment (a sandbox database started afresh hands out the same ids again).
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

from checkoutctl.errors import JournalUnavailable
from checkoutctl.model import Item, Order, money, order_to_json, text, whole_number
from checkoutctl.ordering import progress

# journal/ledger.py FILE_NAME, not imported from there: that loads sqlite3, which a look-up of a
# machine with no journal does without (issue 15).
JOURNAL_FILE = "journal.sqlite3"
_VERSION = 1  # of the JSON kept; a text of another version is not read


def kept_text(order: Order, fields: tuple[str, ...]) -> str | None:
    """The JSON the journal keeps for `order`: its `fields` that have a value, and when it was created;
    None when none of them has a value."""
    shown = order_to_json(order)
    values = {name: shown[name] for name in fields if shown.get(name) not in (None, [], "")}
    if not values:
        return None
    # ensure_ascii: every character as an escape, so no server text can trip SQLite's UTF-8.
    return json.dumps({"v": _VERSION, "created_at": shown["created_at"], "fields": values}, ensure_ascii=True)


def keep(journal, entry_id: int, provider, orders: list[Order]) -> None:
    """Keep in the journal what `provider`'s lookup will not answer of the `orders` just placed. A journal
    that cannot take it is said on stderr and the order stands: its id is journalled already."""
    fields = provider.lookup.not_answered
    if not fields:
        return
    details = {order.id: kept for order in orders if order.id and (kept := kept_text(order, fields)) is not None}
    if not details:
        return
    try:
        journal.keep(entry_id, details)
    except JournalUnavailable as err:
        progress.warn(f"the journal could not keep what {provider.title}'s lookup does not answer "
                      f"({', '.join(fields)}) of order "
                      f"{','.join(details)} ({err.cause}); `order show` will show only what {provider.title} "
                      "answers")


class PlacedHere:
    """Fills a lookup's orders from the journal, where this machine placed them (module docstring). The
    journal is read once per command, and only for a provider that declares fields it does not answer."""

    def __init__(self, settings, provider) -> None:
        self.settings = settings
        self.provider = provider
        self._kept: dict[str, dict] = {}
        self._read: set[str] = set()

    def fill(self, outcome):
        """`outcome` with each order's empty `not_answered` fields taken from what the journal kept."""
        fields = self.provider.lookup.not_answered
        if not fields or not outcome.orders:
            return outcome
        self._read_kept([order.id for order in outcome.orders if order.id])
        return replace(outcome, orders=[self._filled(order, fields) for order in outcome.orders])

    def _read_kept(self, ids: list[str]) -> None:
        wanted = [order_id for order_id in ids if order_id not in self._read]
        if not wanted:
            return
        self._read.update(wanted)
        home = Path(self.settings.home)
        if not (home / JOURNAL_FILE).exists():
            return  # a machine that placed nothing (or another home): the provider's answer as it is
        from checkoutctl.journal import Journal  # sqlite3: only when there is a journal to read

        try:
            with Journal(home) as journal:
                found = journal.kept(self.provider.name, self.settings.profile, wanted)
        except JournalUnavailable as err:
            progress.warn(f"the journal could not be read ({err.cause}); showing what {self.provider.title} answers")
            return
        for order_id, (_, details) in found.items():
            parsed = _parsed(details)
            if parsed is not None:
                self._kept[order_id] = parsed

    def _filled(self, order: Order, fields: tuple[str, ...]) -> Order:
        kept = self._kept.get(order.id) if order.id else None
        if kept is None:
            return order
        placed_at, answered_at = text(kept.get("created_at")), order.created_at
        if placed_at and answered_at and placed_at != answered_at:
            return order  # the same id, another order (module docstring)
        values = kept.get("fields")
        changes: dict[str, object] = {}
        for name in fields:
            if name in values and _empty(getattr(order, name, None)):
                value = _read_field(name, values[name])
                if not _empty(value):
                    changes[name] = value
        if not changes:
            return order
        return replace(order, **changes, from_journal=order.from_journal + tuple(n for n in fields if n in changes))


def _parsed(details: str) -> dict | None:
    try:
        doc = json.loads(details)
    except (ValueError, RecursionError):
        return None
    if not isinstance(doc, dict) or doc.get("v") != _VERSION or not isinstance(doc.get("fields"), dict):
        return None
    return doc


def _read_field(name: str, value: object):
    """A kept JSON value back as the Order's field: `items` as Items, any other field as text. Read as
    carefully as a provider's answer (model.py's readers): the file is only as safe as its folder."""
    if name == "items":
        if not isinstance(value, list):
            return ()
        return tuple(Item(id=text(i.get("id")), description=text(i.get("description")),
                          quantity=whole_number(i.get("quantity")), unit_price=money(i.get("unit_price")),
                          total=money(i.get("total")))
                     for i in value if isinstance(i, dict))
    return text(value)


def _empty(value: object) -> bool:
    return value is None or value == () or value == ""
