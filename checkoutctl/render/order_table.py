"""The table view of orders (CONTRACT §5): a summary, then Items, Installments (with totals: due, paid,
open), Attachments & links, Notes. Sections with nothing to show are left out.

Terminal safety (CONTRACT §7): every server string is `clean(…, inline=True)` and wrapped in
`rich.text.Text`, never a markup string, so `[link=…]`, `[bold]` and `:smile:` print literally; a cell
is a hyperlink only when it shows an http(s) URL and links to exactly that URL.
Imported only when a table is drawn: rich stays out of `validate`.
"""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

from rich.style import Style
from rich.table import Table
from rich.text import Text

from checkoutctl.model import Installment, Order, money_text
from checkoutctl.render.sanitize import clean

MISSING = "-"
WEB_SCHEMES = ("http", "https")


def print_order_tables(orders: list[Order], console) -> None:
    """Each order's summary and sections on `console`, a blank line between orders."""
    if not orders:
        console.print(Text("No orders."))
        return
    for index, order in enumerate(orders):
        if index:
            console.print()
        for position, table in enumerate(order_tables(order)):
            if position:
                console.print()
            console.print(table)


def order_tables(order: Order) -> list[Table]:
    """The summary grid, then each section that has rows."""
    tables = [summary_table(order)]
    for section in (items_table(order), installments_table(order), attachments_table(order), notes_table(order)):
        if section is not None:
            tables.append(section)
    return tables


def summary_table(order: Order) -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column("field", no_wrap=True)
    grid.add_column("value", overflow="fold")
    customer = order.customer
    rows = [
        ("provider", cell(order.provider)),
        ("id", cell(order.id)),
        ("code", cell(order.code)),
        ("token", cell(order.token)),
        ("status", cell(order.status)),
        ("payment status", cell(order.payment_status)),
        ("created", cell(order.created_at)),
        ("total", money_cell(order.total, order.currency)),
        ("discount", money_cell(order.discount, order.currency)),
        ("customer", cell(customer.name if customer else None)),
        ("document", cell(customer.document if customer else None)),
        ("email", cell(customer.email if customer else None)),
        ("payment URL", url_cell(order.payment_url)),
    ]
    for label, value in rows:
        grid.add_row(Text(label), value)
    return grid


def items_table(order: Order) -> Table | None:
    if not order.items:
        return None
    # Crayon's order lines carry no money at all (seed 003): no columns of dashes then.
    priced = any(item.unit_price is not None or item.total is not None for item in order.items)
    table = _section("Items")
    table.add_column("id", overflow="fold")
    table.add_column("description", overflow="fold", ratio=1)
    for header in ("qty", "unit price", "total") if priced else ("qty",):
        table.add_column(header, justify="right", no_wrap=True)
    for item in order.items:
        row = [cell(item.id), cell(item.description), cell(item.quantity)]
        if priced:
            row += [money_cell(item.unit_price), money_cell(item.total)]
        table.add_row(*row)
    return table


def installments_table(order: Order) -> Table | None:
    if not order.installments:
        return None
    table = _section("Installments")
    table.add_column("no.", justify="right", no_wrap=True)
    table.add_column("due", no_wrap=True)
    table.add_column("method", overflow="fold")
    table.add_column("status", overflow="fold")
    for header in ("amount", "paid", "open"):
        table.add_column(header, justify="right", no_wrap=True)
    for installment in order.installments:
        table.add_row(cell(installment.number), cell(installment.due_date), cell(installment.method),
                      cell(installment.status), money_cell(installment.amount), money_cell(installment.paid),
                      money_cell(open_amount(installment)))
    due, paid, still_open = installment_totals(order.installments)
    table.add_section()
    table.add_row(Text("total"), Text(""), Text(""), Text(""), money_cell(due), money_cell(paid),
                  money_cell(still_open))
    return table


def attachments_table(order: Order) -> Table | None:
    if not order.attachments and not order.links:
        return None
    table = _section("Attachments & links")
    table.add_column("name / rel", overflow="fold")
    table.add_column("type / method", overflow="fold")
    table.add_column("description", overflow="fold")
    table.add_column("URL", overflow="fold", ratio=1)
    for attachment in order.attachments:
        table.add_row(cell(attachment.name), cell(attachment.type), cell(attachment.description),
                      url_cell(attachment.url))
    for link in order.links:
        table.add_row(cell(link.rel), cell(link.method), Text(""), url_cell(link.url))
    return table


def notes_table(order: Order) -> Table | None:
    if not order.notes:
        return None
    table = _section("Notes", show_header=False)
    table.add_column("note", overflow="fold")
    for note in order.notes:
        table.add_row(cell(note))
    return table


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


def cell(value: object) -> Text:
    """A server value as a table cell: one line, no control characters, markup shown literally."""
    if value is None:
        return Text(MISSING)
    return Text(clean(value, inline=True))


def money_cell(value: Decimal | None, currency: str | None = None) -> Text:
    amount = money_text(value)
    if amount is None:
        return Text(MISSING)
    return Text(f"{amount} {clean(currency, inline=True)}" if currency else amount)


def url_cell(url: str | None) -> Text:
    """The URL as text; a hyperlink to that same text only when it is http(s) (CONTRACT §7)."""
    if url is None:
        return Text(MISSING)
    shown = clean(url, inline=True)
    return Text(shown, style=Style(link=shown)) if is_web_url(shown) else Text(shown)


def is_web_url(url: str) -> bool:
    """http(s) with a host and nothing that could smuggle a second meaning: no spaces, no controls."""
    if not url or len(url) > 4096 or any(ch.isspace() or not ch.isprintable() for ch in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme.lower() in WEB_SCHEMES and bool(parts.hostname)


def _section(title: str, *, show_header: bool = True) -> Table:
    return Table(title=title, title_justify="left", show_header=show_header)
