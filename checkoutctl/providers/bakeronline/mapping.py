"""Bakeronline answers (X-VERSION 1.5.0, seed 002) → normalized `Order`s (CONTRACT §5).

`POST /checkout/order` answers `{order_group: {id, orders: [Order…]}, payment_url}`: one order per shop,
one payment URL for the group. `GET /orders/{id}` reads one order (seeds/README). Enum values we don't
know (status, payment_status) are kept as they came: the API is versioned and shapes drift.
Takes whatever JSON came back and never raises: what can't be read is None or empty.
"""

from __future__ import annotations

from checkoutctl.model import (
    Item, Order, dict_at, field, iso_from_unix, list_at, money, money_times, text, whole_number,
)
from checkoutctl.providers.bakeronline.info import INFO


def orders_from_group(doc: object) -> list[Order]:
    """One `Order` per `order_group.orders[]`, each carrying the group's `payment_url` (seed 002)."""
    payment_url = text(field(doc, "payment_url"))
    return [_order(raw, payment_url=payment_url)
            for raw in list_at(doc, "order_group", "orders") if isinstance(raw, dict)]


def order_from_order(doc: object) -> Order:
    """The order of `GET /orders/{id}`: one order object (also accepted wrapped as `{"order": {…}}`)."""
    raw = dict_at(doc, "order") or (doc if isinstance(doc, dict) else {})
    return _order(raw, payment_url=text(raw.get("payment_url")))


def _order(raw: dict, *, payment_url: str | None) -> Order:
    # seed 002 orders[]: {id, status, valid, order_nr, prices{price, discount, …, price_to_pay,
    # price_with_discount: {value, currency}}, payment_method, checkout, shop, created_at (unix s),
    # joyn, payment_status, currency}. Money values are in major units (euros).
    to_pay = dict_at(raw, "prices", "price_to_pay")
    currency = text(raw.get("currency")) or text(to_pay.get("currency")) or text(field(raw, "shop", "currency"))
    notes = ()
    if raw.get("valid") is False:
        notes = ("Bakeronline marks this order as not valid (valid: false)",)
    return Order(
        provider=INFO.name,
        id=text(raw.get("id")),
        code=text(raw.get("order_nr")),
        status=text(raw.get("status")),  # PENDING, HAS_READ, APPROVED, DECLINED, REMOVED, … or newer
        payment_status=text(raw.get("payment_status")),
        created_at=iso_from_unix(raw.get("created_at")),
        currency=currency,
        total=money(to_pay.get("value")),
        discount=money(field(raw, "prices", "discount", "value")),
        items=tuple(_item(i) for i in _lines(raw) if isinstance(i, dict)),
        payment_url=payment_url,
        notes=notes,
    )


def _lines(raw: dict) -> list:
    # 1.5.0 orders carry no lines; should a version add them, read the request's CartItem shape.
    return list_at(raw, "items") or list_at(raw, "cart")


def _item(raw: dict) -> Item:
    # CartItem (seed 002 request): {amount, product_id, product_price_id, comment, …}; name/price if given.
    quantity = whole_number(raw.get("amount") if raw.get("amount") is not None else raw.get("quantity"))
    price = money(field(raw, "price", "value") if isinstance(raw.get("price"), dict) else raw.get("price"))
    return Item(id=text(raw.get("product_id")) or text(raw.get("id")),
                description=text(raw.get("name")) or text(raw.get("description")),
                quantity=quantity, unit_price=price, total=money_times(price, quantity))
