"""What Crayon is, as plain facts every module of its folder may import (nothing heavy)."""

from __future__ import annotations

from checkoutctl.providers.base import Operation, ProviderInfo

PRIMARY = "/api/v1/purchaserequest"
LEGACY = "/api/v1/assets"
FINAL_STATES = frozenset({"CHECKED_OUT"})

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
