"""The table view of orders (CONTRACT §5): a summary, then Amounts, Items, Installments (with totals:
due, paid, open), Attachments & links, Notes; after all orders, each order group's total
(render/order_group.py). Sections with nothing to show, and summary rows with no value, are left out.

Each part is a `Listing` (render/listing.py) drawn by render/list_table.py: fitted to a terminal so no
id, token, code or URL is broken, or tab-separated rows when stdout is not a terminal. Every server
string is cleaned there, at the boundary. Imported only when a table is drawn; rich only when it is drawn on a
terminal (piped, render/tsv.py writes the rows without it).
"""

from __future__ import annotations

from decimal import Decimal

from checkoutctl.model import Installment, Order
from checkoutctl.render.listing import Column, Listing
from checkoutctl.render.money_text import MISSING, money_shown
from checkoutctl.render.order_group import group_listings
from checkoutctl.render.tsv import write_tsv


def print_order_tables(orders: list[Order], console=None) -> None:
    """Each order's summary and sections on `console` (stdout when None), a blank line between orders."""
    if console is None:
        from checkoutctl.render.console import is_terminal, stdout_console, wants_colour

        if not is_terminal():
            _write_tsv(orders, colour=wants_colour())
            return
        console = stdout_console()
    from checkoutctl.render.list_table import draw  # rich: for a terminal only, never for a pipe (issue 15)

    if not orders:
        console.print("No orders.")
        return
    for index, order in enumerate(orders):
        if index:
            console.print()
        for position, part in enumerate(order_listings(order)):
            if position:
                console.print()
            draw(part, console)
    for group in group_listings(orders):
        console.print()
        draw(group, console)


def _write_tsv(orders: list[Order], *, colour: bool) -> None:
    """Piped: `label<TAB>value` for the summary, then `section<TAB>cells…` rows; a blank line between orders."""
    import sys

    for index, order in enumerate(orders):
        if index:
            sys.stdout.write("\n")
        summary, *sections = order_listings(order)
        write_tsv(summary, colour=colour)
        for section in sections:
            write_tsv(section, colour=colour, prefix=(section.title.split(" ")[0].lower(),))
    for group in group_listings(orders):
        sys.stdout.write("\n")
        write_tsv(group, colour=colour, prefix=("group", group.title.rsplit(" ", 1)[-1]))


def order_listings(order: Order) -> list[Listing]:
    """The summary grid, then each section that has rows."""
    parts = [summary_listing(order)]
    for section in (amounts_listing(order), items_listing(order), installments_listing(order),
                    attachments_listing(order), notes_listing(order)):
        if section is not None:
            parts.append(section)
    return parts


def summary_listing(order: Order) -> Listing:
    """Label/value rows; a row with no value is left out (issue 11: no rows of dashes), the JSON keeps it."""
    customer = order.customer
    rows = [
        ("provider", order.provider, "key"),
        ("id", order.id, "id"),
        ("code", order.code, "id"),
        ("token", order.token, "id"),
        ("status", with_meaning(order.status, order.status_meaning), "state"),
        ("payment status", with_meaning(order.payment_status, order.payment_status_meaning), "state"),
        ("created", order.created_at, "time"),
        ("shop", order.shop, "text"),
        ("handover", order.fulfilment, "text"),
        ("payment method", order.payment_method, "key"),
        ("total", money_shown(order.total, order.currency), "number"),
        ("discount", money_shown(order.discount, order.currency), "number"),
        ("customer", customer.name if customer else None, "text"),
        ("document", customer.document if customer else None, "id"),
        ("email", customer.email if customer else None, "id"),
        ("payment URL", order.payment_url, "url"),
    ]
    rows = [row for row in rows if row[1] is not None and row[1] != MISSING]
    return Listing(title="", columns=(Column("field", "key"), Column("value", "text")),
                   rows=[(label, str(value)) for label, value, _ in rows], json_value=None, grid=True,
                   row_kinds=tuple(kind for _, _, kind in rows))


def with_meaning(code: str | None, meaning: str | None) -> str | None:
    """"1 (active)": a provider's code with what it means, where its documents say; the code alone else."""
    if code is None:
        return None
    return f"{code} ({meaning})" if meaning else code


def amounts_listing(order: Order) -> Listing | None:
    """How the total is made, where the provider's mapping says: the lines, then the total they add up to."""
    if not order.amounts:
        return None
    rows = [(line.label, money_shown(line.amount, order.currency)) for line in order.amounts]
    rows.append((order.total_label or "total", money_shown(order.total, order.currency)))
    return Listing(title="Amounts", columns=(Column("", "key"), Column("amount", "number")), rows=rows,
                   json_value=None, show_header=False, section_ends=frozenset({len(rows) - 2}))


def items_listing(order: Order) -> Listing | None:
    if not order.items:
        return None
    # Crayon's order lines carry no money at all (seed 003): no columns of dashes then.
    priced = any(item.unit_price is not None or item.total is not None for item in order.items)
    columns = [Column("id", "id"), Column("description", "text")]
    columns += [Column(h, "number") for h in (("qty", "unit price", "total") if priced else ("qty",))]
    rows = []
    for item in order.items:
        row = [_shown(item.id), _shown(item.description), _shown(item.quantity)]
        if priced:
            row += [money_shown(item.unit_price), money_shown(item.total)]
        rows.append(tuple(row))
    return Listing(title="Items", columns=tuple(columns), rows=rows, json_value=None)


def installments_listing(order: Order) -> Listing | None:
    if not order.installments:
        return None
    boletos = any(i.boleto_url for i in order.installments)
    columns = (Column("no.", "number"), Column("due", "key"), Column("method", "text", priority=1),
               Column("status", "state"), Column("amount", "number"), Column("paid", "number"),
               Column("open", "number")) + ((Column("boleto", "url"),) if boletos else ())
    extra = ("",) if boletos else ()
    rows = [(_shown(i.number), _shown(i.due_date), _shown(i.method), _shown(i.status), money_shown(i.amount),
             money_shown(i.paid), money_shown(open_amount(i))) + ((_shown(i.boleto_url),) if boletos else ())
            for i in order.installments]
    due, paid, still_open = installment_totals(order.installments)
    rows.append(("total", "", "", "", money_shown(due), money_shown(paid), money_shown(still_open)) + extra)
    return Listing(title="Installments", columns=columns, rows=rows, json_value=None,
                   section_ends=frozenset({len(rows) - 2}))


def attachments_listing(order: Order) -> Listing | None:
    if not order.attachments and not order.links:
        return None
    columns = (Column("name / rel", "text"), Column("type / method", "text", priority=1),
               Column("description", "text", priority=2), Column("URL", "url"))
    rows = [(_shown(a.name), _shown(a.type), _shown(a.description), _shown(a.url)) for a in order.attachments]
    rows += [(_shown(link.rel), _shown(link.method), "", _shown(link.url)) for link in order.links]
    return Listing(title="Attachments & links", columns=columns, rows=rows, json_value=None)


def notes_listing(order: Order) -> Listing | None:
    """The provider's notes, then where values came from when they are not the provider's answer."""
    notes = list(order.notes)
    if order.from_journal:
        notes.append(journal_note(order))
    if not notes:
        return None
    # Sentences, wrapped at a terminal's width rather than cut short with …
    return Listing(title="Notes", columns=(Column("note", "text", wrap=True),), rows=[(note,) for note in notes],
                   json_value=None, show_header=False)


# Fields as the table names them (summary labels, section titles).
_FIELD_LABELS = {"payment_url": "payment URL", "items": "items", "group_id": "order group"}


def journal_note(order: Order) -> str:
    """Which values are this machine's record of placing the order (ordering/placed_here.py), not
    the provider's answer: they say what was ordered, the provider says what it is now."""
    names = [_FIELD_LABELS.get(name, name.replace("_", " ")) for name in order.from_journal]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{listed}: as placed from this machine (its journal); {order.provider}'s lookup does not answer them"


def open_amount(installment: Installment) -> Decimal | None:
    """What is still to pay of one installment: amount − paid, an unknown `paid` counting as nothing paid
    (the same rule as the totals row); None when the amount itself is unknown."""
    if installment.amount is None:
        return None
    return installment.amount - (installment.paid or Decimal("0.00"))


def installment_totals(installments) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    """(due, paid, open) over the installments: sums of what is known; open = due − paid."""
    amounts = [i.amount for i in installments if i.amount is not None]
    paids = [i.paid for i in installments if i.paid is not None]
    due = sum(amounts, Decimal("0.00")) if amounts else None
    paid = sum(paids, Decimal("0.00")) if paids else None
    still_open = due - (paid or Decimal("0.00")) if due is not None else None
    return due, paid, still_open


def _shown(value: object) -> str:
    return MISSING if value is None else str(value)
