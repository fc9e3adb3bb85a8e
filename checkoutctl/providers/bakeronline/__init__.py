"""Bakeronline `/checkout/order`, X-VERSION 1.5.0 (seed 002; seeds/README)."""

from checkoutctl.providers.base import Operation, ProviderInfo

API_VERSION = "1.5.0"

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
