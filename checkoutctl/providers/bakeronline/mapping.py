"""Bakeronline answers (X-VERSION 1.5.0, seed 002) → normalized `Order`s (CONTRACT §5).

`POST /checkout/order` answers `{order_group: {id, orders: [Order…]}, payment_url}`: one order per shop,
one payment URL for the group. `GET /orders/{id}` reads one order (seeds/README). Enum values we don't
know (status, payment_status) are kept as they came: the API is versioned and shapes drift.
Takes whatever JSON came back and never raises: what can't be read is None or empty.
"""

from __future__ import annotations

from decimal import Decimal

from checkoutctl.model import (
    AmountLine, Item, Order, dict_at, field, iso_from_unix, list_at, money, money_times, text, whole_number,
)
from checkoutctl.providers.bakeronline.info import INFO

# seed 002 response `prices` (lines 378-415): what each entry adds to `price_to_pay`, in the order a
# bill reads. `price_with_discount` is price − discount, a subtotal, not a line of its own.
_PRICE_LINES = (("price", "price", 1), ("delivery", "delivery_cost", 1), ("invoice", "invoice_cost", 1),
                ("sms", "sms_cost", 1), ("transaction costs", "transaction_cost", 1),
                ("warranty", "warranty", 1), ("discount", "discount", -1))


def orders_from_group(doc: object, *, cart: object = None) -> list[Order]:
    """One `Order` per `order_group.orders[]`, each carrying the group's `payment_url` and id (seed 002).

    seed 002's answer carries no cart lines: `cart` is the request's (`cart[]`, lines 212-282), each
    line given to the order of the shop it names (`shop_id` = the answer's `shop.id`).
    """
    payment_url = text(field(doc, "payment_url"))
    group_id = text(field(doc, "order_group", "id"))
    lines = [line for line in cart if isinstance(line, dict)] if isinstance(cart, list) else []
    orders = []
    for raw in list_at(doc, "order_group", "orders"):
        if not isinstance(raw, dict):
            continue
        shop_id = text(field(raw, "shop", "id"))
        own = [line for line in lines if shop_id is not None and text(line.get("shop_id")) == shop_id]
        orders.append(_order(raw, payment_url=payment_url, group_id=group_id, cart=own))
    return orders


def order_from_order(doc: object) -> Order:
    """The order of `GET /orders/{id}`: one order object (also accepted wrapped as `{"order": {…}}`)."""
    raw = dict_at(doc, "order") or (doc if isinstance(doc, dict) else {})
    return _order(raw, payment_url=text(raw.get("payment_url")), group_id=None, cart=[])


def _order(raw: dict, *, payment_url: str | None, group_id: str | None, cart: list) -> Order:
    # seed 002 orders[]: {id, status, valid, order_nr, prices{price, discount, …, price_to_pay,
    # price_with_discount: {value, currency}}, payment_method, checkout, shop, created_at (unix s),
    # joyn, payment_status, currency}. Money values are in major units (euros).
    to_pay = dict_at(raw, "prices", "price_to_pay")
    currency = text(raw.get("currency")) or text(to_pay.get("currency")) or text(field(raw, "shop", "currency"))
    notes = []
    if raw.get("valid") is False:
        notes.append("Bakeronline marks this order as not valid (valid: false)")
    total = money(to_pay.get("value"))
    amounts = _amounts(dict_at(raw, "prices"), total)
    if total is not None and not amounts and dict_at(raw, "prices"):
        notes.append("Bakeronline's prices do not add up to its price to pay; the lines are in --output raw")
    lines = _lines(raw) or cart
    return Order(
        provider=INFO.name,
        id=text(raw.get("id")),
        code=text(raw.get("order_nr")),
        status=text(raw.get("status")),  # PENDING, HAS_READ, APPROVED, DECLINED, REMOVED, … or newer
        payment_status=text(raw.get("payment_status")),
        created_at=iso_from_unix(raw.get("created_at")),
        currency=currency,
        total=total,
        discount=money(field(raw, "prices", "discount", "value")),
        items=tuple(_item(i) for i in lines if isinstance(i, dict)),
        payment_url=payment_url,
        notes=tuple(notes),
        amounts=amounts,
        total_label="price to pay",  # seed 002 prices.price_to_pay: what the lines add up to
        shop=_shop(dict_at(raw, "shop")),
        fulfilment=_fulfilment(dict_at(raw, "checkout")),
        payment_method=text(raw.get("payment_method")),
        group_id=group_id,
    )


def _amounts(prices: dict, total) -> tuple[AmountLine, ...]:
    """The `prices` entries that make `price_to_pay` (seed 002), when they add up to it; else () —
    a reader must be able to add the lines shown to the total, so lines that don't are not shown as such."""
    if total is None:
        return ()
    found = []
    for label, key, sign in _PRICE_LINES:
        entry = prices.get(key)
        if entry is None:
            continue
        amount = money(field(entry, "value"))
        if amount is None:
            return ()
        if key == "warranty" and not amount:
            continue  # the sandbox and most shops sell no warranty: a 0.00 line says nothing
        found.append(AmountLine(label, sign * amount if amount else amount))
    if not found or sum((line.amount for line in found), Decimal("0.00")) != total:
        return ()
    return tuple(found)


def _shop(shop: dict) -> str | None:
    # seed 002 shop: {id, name, address{street, nr, zipcode, city, …}, …}
    name, shop_id = text(shop.get("name")), text(shop.get("id"))
    city = text(field(shop, "address", "city"))
    if name is None:
        return f"shop {shop_id}" if shop_id else None
    return name + (f", {city}" if city else "") + (f" (shop {shop_id})" if shop_id else "")


def _fulfilment(checkout: dict) -> str | None:
    """seed 002 response checkout: {method, date, time, end_time, …} as "delivery 2019-01-31 12:00–13:00"."""
    method, day, start, end = (text(checkout.get(k)) for k in ("method", "date", "time", "end_time"))
    clock = start + (f"–{end}" if end and end != start else "") if start else None
    parts = [p for p in (method, day, clock) if p]
    return " ".join(parts) or None


def _lines(raw: dict) -> list:
    # 1.5.0 orders carry no lines; should a version add them, read the request's CartItem shape.
    return list_at(raw, "items") or list_at(raw, "cart")


def _item(raw: dict) -> Item:
    # CartItem (seed 002 request): {amount, product_id, product_price_id, comment, …}; name/price if given.
    quantity = whole_number(raw.get("amount") if raw.get("amount") is not None else raw.get("quantity"))
    price = money(field(raw, "price", "value") if isinstance(raw.get("price"), dict) else raw.get("price"))
    return Item(id=text(raw.get("product_id")) or text(raw.get("id")),
                description=text(raw.get("name")) or text(raw.get("description")) or _cart_line_text(raw),
                quantity=quantity, unit_price=price, total=money_times(price, quantity))


def _cart_line_text(raw: dict) -> str | None:
    # A request cart line names no product, only its price id and the buyer's comment (seed 002).
    price_id, comment = text(raw.get("product_price_id")), text(raw.get("comment"))
    parts = [f"price {price_id}" if price_id else None, comment]
    return ", ".join(p for p in parts if p) or None
