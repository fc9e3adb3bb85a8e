"""Gestão Plus orders moving through their life in the sandbox: the ERP cancel route (seeds/README:
`DELETE /order-external/{orderId}`, `x-api-key` + Origin) and what `GET /order/info` then shows.

    DELETE /order-external/{id}   403 "Forbidden (Missing Origin)"   no Origin (checked first, as for /order)
                                  401 "Unauthorized (Invalid API key)" no x-api-key, or not `sandbox`
                                  404 "Order {id} not found"
                                  200 {data: {id, orderCode}, detail: "Order cancelled"}; again on a
                                      cancelled order: 200 "Order already cancelled" (DELETE is
                                      idempotent, RFC 9110 §9.2.2)

A cancelled order shows `status` 0, `statusPayment` "CANCELADO" and its open installments "CANCELADO"
(paid ones stay "LIQUIDADO": money received is not undone by a cancel).
"""

from __future__ import annotations

import time

from checkoutctl.sandbox.context import SandboxContext

# The built-in sandbox's ERP key (CONTRACT §4 CHECKOUTCTL_API_KEY), like its bearer token `sandbox`.
SANDBOX_API_KEY = "sandbox"
CANCELLED = "CANCELADO"

SCHEMA = [
    "ALTER TABLE gestaoplus_orders ADD COLUMN cancelled_at INTEGER",
]


def cancel(ctx: SandboxContext, order_id: int) -> str | None:
    """Cancel the order; its answer's detail, or None when there is no such order."""
    with ctx.store.tx() as db:
        row = db.execute("SELECT id, cancelled_at FROM gestaoplus_orders WHERE id = ?", (order_id,)).fetchone()
        if row is None:
            return None
        if row["cancelled_at"] is not None:
            return "Order already cancelled"
        db.execute("UPDATE gestaoplus_orders SET cancelled_at = ? WHERE id = ?", (int(time.time()), order_id))
    return "Order cancelled"


def is_cancelled(row) -> bool:
    return "cancelled_at" in row.keys() and row["cancelled_at"] is not None
