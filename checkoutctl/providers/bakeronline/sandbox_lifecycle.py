"""Bakeronline orders moving through their life in the sandbox: `sandbox trigger bakeronline.EVENT ID`.

    approved    PENDING or HAS_READ → APPROVED (the shop accepts the order)
    declined    PENDING or HAS_READ → DECLINED
    collected   APPROVED → COLLECTED (picked up or delivered)
    paid        payment_status → "paid" (as paying on the payment_url page does)

Order statuses: seeds/README (PENDING, HAS_READ, APPROVED, DECLINED, REMOVED, DELETED_BY_SHOP, COLLECTED).
"""

from __future__ import annotations

import json

from checkoutctl.sandbox.context import Event, EventRefused, SandboxContext


def _move(field: str, target: str, sources: tuple[str, ...] | None):
    def apply(ctx: SandboxContext, order_id: str, options: dict) -> str:
        if not (order_id.isascii() and order_id.isdigit()) or len(order_id) > 18:
            raise EventRefused(404, f"no Bakeronline order {order_id}")
        with ctx.store.tx() as db:
            row = db.execute("SELECT body FROM bakeronline_orders WHERE id = ?", (int(order_id),)).fetchone()
            if row is None:
                raise EventRefused(404, f"no Bakeronline order {order_id}")
            order = json.loads(row["body"])
            current = order.get(field)
            if current == target:
                raise EventRefused(409, f"order {order_id} is already {field} {target}")
            if sources is not None and current not in sources:
                raise EventRefused(409, f"order {order_id} is {current}: only {' or '.join(sources)} can become {target}")
            order[field] = target
            db.execute("UPDATE bakeronline_orders SET body = ? WHERE id = ?", (json.dumps(order), int(order_id)))
        return f"{field} {target}"
    return apply


EVENTS = (
    Event("approved", "the shop approves a PENDING order (APPROVED)", _move("status", "APPROVED", ("PENDING", "HAS_READ"))),
    Event("declined", "the shop declines a PENDING order (DECLINED)", _move("status", "DECLINED", ("PENDING", "HAS_READ"))),
    Event("collected", "an APPROVED order is picked up or delivered (COLLECTED)", _move("status", "COLLECTED", ("APPROVED",))),
    Event("paid", "the order is paid (payment_status paid)", _move("payment_status", "paid", None)),
)
