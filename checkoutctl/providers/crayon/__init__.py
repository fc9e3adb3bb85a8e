"""Crayon purchase-request checkout (seed 003; seeds/README for token, verify and shapes)."""

from checkoutctl.providers.base import Operation, ProviderInfo

INFO = ProviderInfo(
    name="crayon",
    title="Crayon",
    seeds=("003_13ee4bd240f05318.txt",),
    items_field="OrderLines",
    currency="",
    base_url="https://api.crayon.com",
    operations=(
        Operation("token", "POST", "/api/v1/connect/token/", "Basic client id:secret + password grant"),
        Operation("verify", "POST", "/api/v1/purchaserequest/verify", "verify a PurchaseRequestOrder (legacy /api/v1/assets/verify)"),
        Operation("checkout", "POST", "/api/v1/purchaserequest/checkout", "checkout the verified order: 204 (legacy /api/v1/assets/checkout)"),
    ),
)
