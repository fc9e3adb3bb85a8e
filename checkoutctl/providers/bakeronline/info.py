"""What Bakeronline is, as plain facts every module of its folder may import (nothing heavy)."""

from __future__ import annotations

from checkoutctl.providers.base import Operation, ProviderInfo

API_VERSION = "1.5.0"
# seeds/README: PENDING, HAS_READ, APPROVED, DECLINED, REMOVED, DELETED_BY_SHOP, COLLECTED.
FINAL_STATES = frozenset({"DECLINED", "REMOVED", "DELETED_BY_SHOP", "COLLECTED"})

INFO = ProviderInfo(
    name="bakeronline",
    title="Bakeronline",
    seeds=("002_56dd794bf0725789.txt",),
    items_field="cart",
    currency="EUR",
    base_url="https://api.bakeronline.be",
    operations=(
        Operation("create", "POST", "/checkout/order", "place an order group (X-VERSION 1.5.0, Bearer)"),
        Operation("show", "GET", "/orders/{id}", "read one order"),
    ),
)
