"""PagBank checkouts moving through their life in the sandbox: `sandbox trigger pagbank.EVENT CHEC_…`.

    paid          ACTIVE → a PAID payment (the buyer paid on the PAY page)
    declined      ACTIVE → a DECLINED payment; the checkout stays ACTIVE, so the buyer may pay again
    expired       the expiration_date moves to now (sandbox clock): the checkout reads EXPIRED
    inactivated   ACTIVE → INACTIVE, as POST /checkouts/{id}/inactivate does

A payment shows in the checkout's answer as `orders[0].charges[0]` (`id` ORDE_…/CHAR_…, `status`
PAID or DECLINED, `amount.value` in centavos, `paid_at`): a sandbox choice shaped after PagBank's
Orders API, since seed 004 documents the checkout only. Payment states: seeds/README.

Every change is also a notification (sandbox/notifications.py): the checkout's answer POSTed to its
`notification_urls` (status: expired, inactivated, activate/inactivate routes) or
`payment_notification_urls` (paid, declined), signed with `x-authenticity-token`.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timedelta, timezone

from werkzeug.wrappers import Request

from checkoutctl.providers.base import sandbox_prefix
from checkoutctl.providers.pagbank.info import INFO
from checkoutctl.sandbox.context import Event, EventRefused, SandboxContext

PREFIX = sandbox_prefix(INFO.name)

BRASILIA = timezone(timedelta(hours=-3))

SCHEMA = [
    "ALTER TABLE pagbank_checkouts ADD COLUMN payment TEXT",  # JSON: {order_id, charge_id, status, at}
]


def status(ctx: SandboxContext, row) -> str:
    # seed 004 status: ACTIVE, INACTIVE, EXPIRED; expiry (by the sandbox clock) wins whatever was stored.
    return "EXPIRED" if ctx.now() >= row["expires_at"] else row["status"]


def payment(row) -> dict | None:
    return json.loads(row["payment"]) if "payment" in row.keys() and row["payment"] else None


def orders_of(document: dict, paid: dict | None) -> list[dict]:
    """`orders` of a checkout's answer: the payment made on it, if any."""
    if paid is None:
        return []
    items = document.get("items") or []
    total = sum(int(i.get("quantity", 0)) * int(i.get("unit_amount", 0)) for i in items)
    total += int(document.get("additional_amount", 0)) - int(document.get("discount_amount", 0))
    total += int((document.get("shipping") or {}).get("amount", 0) or 0)
    when = datetime.fromtimestamp(paid["at"], BRASILIA).isoformat(timespec="milliseconds")
    charge = {"id": paid["charge_id"], "status": paid["status"], "created_at": when,
              "amount": {"value": total, "currency": "BRL"}}
    if paid["status"] == "PAID":
        charge["paid_at"] = when
    return [{"id": paid["order_id"], "reference_id": document.get("reference_id"), "created_at": when,
             "charges": [charge]}]


def answer(ctx: SandboxContext, request: Request | None, document: dict, current: str, row=None) -> dict:
    """The checkout as GET /checkouts/{id} answers it (seed 004): its status, links and payment."""
    base = ctx.external_url(request, f"{PREFIX}/checkouts/{document['id']}")
    links = [{"rel": "SELF", "href": base, "method": "GET"}]
    if current != "EXPIRED":
        links.append({"rel": "PAY", "href": ctx.external_url(request, f"{PREFIX}/pay/{document['id']}"), "method": "GET"})
    if current == "ACTIVE":
        links.append({"rel": "INACTIVATE", "href": base + "/inactivate", "method": "POST"})
    elif current == "INACTIVE":
        links.append({"rel": "ACTIVATE", "href": base + "/activate", "method": "POST"})
    shown = {**document, "status": current, "links": links}
    paid = payment(row) if row is not None else None
    if paid is not None:  # a payment made with `sandbox trigger`
        shown["orders"] = orders_of(document, paid)
    return shown


def notify(ctx: SandboxContext, shown: dict, urls_field: str) -> None:
    urls = [u for u in shown.get(urls_field) or [] if isinstance(u, str)]
    ctx.notify(urls, json.dumps(shown, ensure_ascii=False).encode("utf-8"))


def _change(ctx: SandboxContext, checkout_id: str, change, urls_field: str) -> str:
    with ctx.store.tx() as db:
        row = db.execute("SELECT * FROM pagbank_checkouts WHERE id = ?", (checkout_id,)).fetchone()
        if row is None:
            raise EventRefused(404, f"no PagBank checkout {checkout_id}")
        state = change(db, row, status(ctx, row), payment(row))
        row = db.execute("SELECT * FROM pagbank_checkouts WHERE id = ?", (checkout_id,)).fetchone()
    notify(ctx, answer(ctx, None, json.loads(row["document"]), status(ctx, row), row), urls_field)
    return state


def _pay(outcome: str):
    def apply(ctx: SandboxContext, checkout_id: str, options: dict) -> str:
        def change(db, row, current, paid):
            if current != "ACTIVE":
                raise EventRefused(409, f"checkout {checkout_id} is {current}: only an ACTIVE checkout can be paid")
            if paid is not None and paid["status"] == "PAID":
                raise EventRefused(409, f"checkout {checkout_id} is already paid")
            record = {"order_id": "ORDE_" + secrets.token_hex(16).upper(), "charge_id": "CHAR_" + secrets.token_hex(16).upper(),
                      "status": outcome, "at": ctx.now()}
            db.execute("UPDATE pagbank_checkouts SET payment = ? WHERE id = ?", (json.dumps(record), checkout_id))
            return f"{current}, payment {outcome}"
        return _change(ctx, checkout_id, change, "payment_notification_urls")
    return apply


def _expire(ctx: SandboxContext, checkout_id: str, options: dict) -> str:
    def change(db, row, current, paid):
        if current == "EXPIRED":
            raise EventRefused(409, f"checkout {checkout_id} has already expired")
        db.execute("UPDATE pagbank_checkouts SET expires_at = ? WHERE id = ?", (ctx.now(), checkout_id))
        return "EXPIRED"
    return _change(ctx, checkout_id, change, "notification_urls")


def _inactivate(ctx: SandboxContext, checkout_id: str, options: dict) -> str:
    def change(db, row, current, paid):
        if current != "ACTIVE":
            raise EventRefused(409, f"checkout {checkout_id} is {current}: only an ACTIVE checkout can be inactivated")
        db.execute("UPDATE pagbank_checkouts SET status = 'INACTIVE' WHERE id = ?", (checkout_id,))
        return "INACTIVE"
    return _change(ctx, checkout_id, change, "notification_urls")


EVENTS = (
    Event("paid", "the buyer pays an ACTIVE checkout (payment PAID)", _pay("PAID")),
    Event("declined", "the buyer's payment is declined (payment DECLINED; the checkout stays ACTIVE)", _pay("DECLINED")),
    Event("expired", "the checkout passes its expiration_date (EXPIRED)", _expire),
    Event("inactivated", "the merchant inactivates an ACTIVE checkout (INACTIVE)", _inactivate),
)
