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

Events of `checkoutctl sandbox trigger gestaoplus.EVENT ID` (ID: the order id or its publicToken):

    installment_paid   an installment is paid (`--installment N`; without it, every open one):
                       LIQUIDADO with amountPaid = amount; all paid → statusPayment CONCLUIDO
    overdue            open boleto installments pass their due date unpaid: VENCIDO
    cancelled          the order is cancelled, as DELETE /order-external/{id} does
"""

from __future__ import annotations

import time

from checkoutctl.providers.gestaoplus import catalogue as cat
from checkoutctl.providers.gestaoplus.info import INFO
from checkoutctl.sandbox.context import Event, EventRefused, SandboxContext

# The built-in sandbox's ERP key (CONTRACT §4 CHECKOUTCTL_API_KEY), like its bearer token `sandbox`.
SANDBOX_API_KEY = "sandbox"
CANCELLED = "CANCELADO"

PAID, OPEN, OVERDUE = "LIQUIDADO", "ABERTO", "VENCIDO"

SCHEMA = [
    "ALTER TABLE gestaoplus_orders ADD COLUMN cancelled_at INTEGER",
    "CREATE TABLE IF NOT EXISTS gestaoplus_installment_states (order_id INTEGER NOT NULL, number INTEGER NOT NULL,"
    " status TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (order_id, number))",
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


def installment_status(row, number: int, states: dict[int, str], own: dict | None) -> str:
    """What installment `number` of the order `row` is now: a triggered state, else from its plan."""
    if number in states:
        return states[number]
    if cat.shown_negotiation(row["negotiation_type"], own).paid_at_checkout:
        return PAID
    return CANCELLED if is_cancelled(row) else OPEN


def states_of(db, order_id: int) -> dict[int, str]:
    return {r["number"]: r["status"] for r in db.execute(
        "SELECT number, status FROM gestaoplus_installment_states WHERE order_id = ?", (order_id,))}


def _order(db, ref: str):
    column = "id" if ref.isascii() and ref.isdigit() and len(ref) < 19 else "public_token"
    row = db.execute(f"SELECT * FROM gestaoplus_orders WHERE {column} = ?", (int(ref) if column == "id" else ref,)).fetchone()
    if row is None:
        raise EventRefused(404, f"no Gestão Plus order {ref}")
    if is_cancelled(row):
        raise EventRefused(409, f"order {row['id']} is cancelled")
    return row


def _set_installments(target: str, wanted_from: tuple[str, ...]):
    def apply(ctx: SandboxContext, ref: str, options: dict) -> str:
        with ctx.store.tx() as db:
            row = _order(db, ref)
            own = ctx.catalogue(INFO.name)
            count = len(cat.shown_negotiation(row["negotiation_type"], own).plan)
            states = states_of(db, row["id"])
            number = options.get("installment")
            if number is not None and number > count:
                raise EventRefused(404, f"order {row['id']} has {count} installment(s), not {number}")
            chosen = [number] if number is not None else list(range(1, count + 1))
            due = [n for n in chosen if installment_status(row, n, states, own) in wanted_from]
            if not due:
                what = (f"installment {number} is {installment_status(row, number, states, own)}" if number is not None
                        else f"no installment is {' or '.join(wanted_from)}")
                raise EventRefused(409, f"order {row['id']}: {what}")
            for n in due:
                db.execute("INSERT INTO gestaoplus_installment_states(order_id, number, status, at) VALUES (?, ?, ?, ?)"
                           " ON CONFLICT(order_id, number) DO UPDATE SET status = excluded.status, at = excluded.at",
                           (row["id"], n, target, int(ctx.now())))
        return f"installment(s) {', '.join(map(str, due))} {target}"
    return apply


def _cancel(ctx: SandboxContext, ref: str, options: dict) -> str:
    with ctx.store.tx() as db:
        order_id = _order(db, ref)["id"]
    cancel(ctx, order_id)
    return CANCELLED


EVENTS = (
    Event("installment_paid", "an installment is paid (--installment N; default: every open one)",
          _set_installments(PAID, (OPEN, OVERDUE))),
    Event("overdue", "open installments pass their due date unpaid (VENCIDO)", _set_installments(OVERDUE, (OPEN,))),
    Event("cancelled", "the order is cancelled (statusPayment CANCELADO)", _cancel),
)
