"""PagBank Checkout object (seed 004, v2.2) → the normalized `Order` (CONTRACT §5).

The same object answers `POST /checkouts` and `GET /checkouts/{id}`. Every amount is in centavos
(seed 004: unit_amount, additional_amount, discount_amount, shipping.amount "(Em centavos)").
Takes whatever JSON came back and never raises: what can't be read is None or empty.
"""

from __future__ import annotations

from decimal import Decimal

from checkoutctl.model import (
    AmountLine, Customer, Item, Link, Order, dict_at, iso_datetime, list_at, money, money_times, text,
    whole_number,
)
from checkoutctl.providers.pagbank.info import INFO


def order_from_checkout(doc: object) -> Order:
    """The order of a Checkout object (seed 004): id CHEC_…, reference_id, status ACTIVE|INACTIVE|EXPIRED."""
    checkout = doc if isinstance(doc, dict) else {}
    items = tuple(_item(i) for i in list_at(checkout, "items") if isinstance(i, dict))
    links = tuple(_link(k) for k in list_at(checkout, "links") if isinstance(k, dict))
    return Order(
        provider=INFO.name,
        id=text(checkout.get("id")),
        code=text(checkout.get("reference_id")),
        status=text(checkout.get("status")),
        payment_status=_payment_status(checkout),
        created_at=iso_datetime(checkout.get("created_at")),
        currency=INFO.currency,
        total=_total(checkout, items),
        amounts=_amounts(checkout, items),
        discount=money(checkout.get("discount_amount"), minor_units=True),
        customer=_customer(checkout.get("customer")),
        items=items,
        links=links,
        # seed 004 links[].rel: 'SELF', 'PAY', 'ACTIVATE', 'INACTIVATE' — PAY is where the buyer pays.
        payment_url=next((k.url for k in links if (k.rel or "").strip().upper() == "PAY" and k.url), None),
    )


def _payment_status(checkout: dict) -> str | None:
    """The status of the latest charge of the latest order paid through the checkout (PAID, DECLINED, …;
    seeds/README payment states), None when nobody has paid yet."""
    orders = [o for o in list_at(checkout, "orders") if isinstance(o, dict)]
    charges = [c for c in list_at(orders[-1], "charges") if isinstance(c, dict)] if orders else []
    return text(charges[-1].get("status")) if charges else None


def _customer(raw: object) -> Customer | None:
    # seed 004 customer: {name, email, tax_id (CPF/CNPJ), phone}; "RESPONSE: Condicional".
    if not isinstance(raw, dict):
        return None
    return Customer(name=text(raw.get("name")), document=text(raw.get("tax_id")), email=text(raw.get("email")))


def _item(raw: dict) -> Item:
    # seed 004 items[]: {reference_id, name, description, quantity, unit_amount (centavos)}
    quantity = whole_number(raw.get("quantity"))
    price = money(raw.get("unit_amount"), minor_units=True)
    return Item(id=text(raw.get("reference_id")),
                description=text(raw.get("name")) or text(raw.get("description")),
                quantity=quantity, unit_price=price, total=money_times(price, quantity))


def _link(raw: dict) -> Link:
    # seed 004 links[]: {rel, href, method}
    return Link(rel=text(raw.get("rel")), method=text(raw.get("method")), url=text(raw.get("href")))


def _total(checkout: dict, items: tuple[Item, ...]) -> Decimal | None:
    """Σ items + additional_amount + shipping.amount − discount_amount (seed 004's discount rule).

    The Checkout object states no total, so it is computed; unknown when any part present can't be read
    or there are no items to add up.
    """
    if not items or any(item.total is None for item in items):
        return None
    total = sum((item.total for item in items), Decimal("0.00"))
    for key, sign in (("additional_amount", 1), ("discount_amount", -1)):
        part = _optional_centavos(checkout.get(key))
        if part is None:
            return None
        total += sign * part
    shipping = dict_at(checkout, "shipping")
    part = _optional_centavos(shipping.get("amount"))
    if part is None:
        return None
    return money(total + part)


def _amounts(checkout: dict, items: tuple[Item, ...]) -> tuple[AmountLine, ...]:
    """The lines `_total` adds up (seed 004: items + additional + shipping − discount), or () when it can't."""
    if _total(checkout, items) is None:
        return ()
    shipping = dict_at(checkout, "shipping")
    return (AmountLine("items", money(sum((item.total for item in items), Decimal("0.00")))),
            AmountLine("shipping", _optional_centavos(shipping.get("amount"))),
            AmountLine("additional", _optional_centavos(checkout.get("additional_amount"))),
            AmountLine("discount", -_optional_centavos(checkout.get("discount_amount"))))


def _optional_centavos(value: object) -> Decimal | None:
    """Absent → 0; present → its amount, or None when it is not money."""
    if value is None:
        return Decimal("0.00")
    return money(value, minor_units=True)

