"""What PagBank is, as plain facts every module of its folder may import (nothing heavy)."""

from __future__ import annotations

from checkoutctl.providers.base import Operation, ProviderInfo

# A checkout is done once it is no longer ACTIVE: INACTIVE (by the seller) or EXPIRED (seed 004 status).
FINAL_STATES = frozenset({"INACTIVE", "EXPIRED"})

INFO = ProviderInfo(
    name="pagbank",
    title="PagBank Checkout",
    seeds=("004_e7714156523d7a76.txt",),
    items_field="items",
    currency="BRL",
    base_url="https://api.pagseguro.com",
    operations=(
        Operation("create", "POST", "/checkouts", "create a checkout (x-idempotency-key honoured)"),
        Operation("show", "GET", "/checkouts/{id}", "read a checkout by CHEC_ id"),
        Operation("inactivate", "POST", "/checkouts/{id}/inactivate", "ACTIVE → INACTIVE"),
        Operation("activate", "POST", "/checkouts/{id}/activate", "INACTIVE → ACTIVE (never from EXPIRED)"),
    ),
)
