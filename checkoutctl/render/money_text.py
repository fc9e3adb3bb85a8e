"""Money as the order tables and the group table show it: one place, so both read the same."""

from __future__ import annotations

from decimal import Decimal

from checkoutctl.model import money

MISSING = "-"  # a value the provider did not give


def money_shown(value: Decimal | None, currency: str | None = None) -> str:
    """Money for people: thousands separators, and the currency where the row has one ("1,234.50 BRL")."""
    number = money(value)  # once: 10,000 items are 20,000 of these (issue 15)
    if number is None:
        return MISSING
    amount = format(number, ",f")
    return f"{amount} {currency}" if currency else amount
