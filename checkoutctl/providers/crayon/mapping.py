"""Crayon PurchaseRequestOrder → the normalized `Order` (CONTRACT §5).

`POST /api/v1/purchaserequest/verify` answers the PurchaseRequestOrder that checkout takes; checkout
answers 204 with an empty body (seed 003). So the order shown is the verified one, with the status the
caller knows (VERIFIED, CHECKED_OUT). The shape carries no money: total and prices stay None.
`Errors[]` (the order's and each line's) become `notes`. Takes whatever JSON came back and never raises.
"""

from __future__ import annotations

from checkoutctl.model import Item, Order, list_at, text, whole_number
from checkoutctl.providers.crayon.info import INFO


def order_from_purchase_request(doc: object, *, status: str | None = None) -> Order:
    """The order of a PurchaseRequestOrder (seeds/README: ExternalOrderId, OrderLines[], Errors[])."""
    raw = doc if isinstance(doc, dict) else {}
    lines = list_at(raw, "OrderLines")
    notes = [_error_text(e) for e in list_at(raw, "Errors")]
    # Verify also reports per line (Crayon's AssetOrderLine.Errors): say which line.
    notes += [f"OrderLines[{n}]: {message}" for n, line in enumerate(lines)
              for message in (_error_text(e) for e in list_at(line, "Errors")) if message]
    return Order(
        provider=INFO.name,
        id=text(raw.get("ExternalOrderId")),
        status=status,
        currency=INFO.currency or None,  # Crayon states no currency
        items=tuple(_item(line) for line in lines if isinstance(line, dict)),
        notes=tuple(note for note in notes if note),
    )


def _item(raw: dict) -> Item:
    # OrderLines[]: {ProductId, SkuId, Quantity, BillingCycle, TermDuration, Type, CatalogItemId, Name, …}
    return Item(id=text(raw.get("ProductId")), description=text(raw.get("Name")),
                quantity=whole_number(raw.get("Quantity")))


def _error_text(error: object) -> str | None:
    """An `Errors[]` entry: a string, or an object like the error body {ErrorCode, Message} (seeds/README)."""
    if not isinstance(error, dict):
        return text(error)
    message = text(error.get("Message")) or text(error.get("message")) or text(error.get("Description"))
    code = text(error.get("ErrorCode")) or text(error.get("Code"))
    if message and code:
        return f"{code}: {message}"
    return message or code
