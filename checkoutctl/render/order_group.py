"""What a group of orders placed together comes to (Bakeronline: one order per shop in an order_group, one
payment URL for the group, seed 002): one line per order, then what the group as a whole costs.

Built from the orders' own totals (each explained by its own Amounts section), so its lines add up to
the group's total.
"""

from __future__ import annotations

from decimal import Decimal

from checkoutctl.model import Order
from checkoutctl.render.listing import Column, Listing
from checkoutctl.render.money_text import money_shown


def group_listings(orders: list[Order]) -> list[Listing]:
    """One listing per group of two or more of `orders` (same provider and group id), in first-seen order."""
    groups: dict[tuple[str, str], list[Order]] = {}
    for order in orders:
        if order.group_id is not None:
            groups.setdefault((order.provider, order.group_id), []).append(order)
    return [_group_listing(group_id, members) for (_, group_id), members in groups.items() if len(members) > 1]


def _group_listing(group_id: str, members: list[Order]) -> Listing:
    currencies = {order.currency for order in members}
    currency = members[0].currency if len(currencies) == 1 else None
    rows: list[tuple[str, str]] = []
    for order in members:
        label = f"order {order.id or '?'}" + (f" · {order.shop}" if order.shop else "")
        rows.append((label, money_shown(order.total, order.currency)))
    totals = [order.total for order in members]
    # Unknown when an order's total is, or the orders are in different currencies: never a wrong sum.
    known = len(currencies) == 1 and all(total is not None for total in totals)
    rows.append(("total", money_shown(sum(totals, Decimal("0.00")) if known else None, currency)))
    return Listing(title=f"Order group {group_id}", columns=(Column("", "key"), Column("amount", "number")),
                   rows=rows, json_value=None, show_header=False, section_ends=frozenset({len(rows) - 2}))

