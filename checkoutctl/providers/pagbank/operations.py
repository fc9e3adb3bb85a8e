"""PagBank Checkout operations (seed 004; seeds/README: endpoints, x-idempotency-key)."""

from __future__ import annotations

from urllib.parse import quote

from checkoutctl.providers.call import Call, OnPlaced, Outcome
from checkoutctl.http.message import HttpRequest


def create_requests(body: dict, call: Call) -> list[HttpRequest]:
    headers = {**call.bearer(), "Content-Type": "application/json", "Accept": "application/json"}
    if call.idempotency_key:
        headers["x-idempotency-key"] = call.idempotency_key
    return [HttpRequest("POST", call.url("/checkouts"), headers, json=body)]


def create(body: dict, call: Call, on_placed: OnPlaced) -> Outcome:
    from checkoutctl.providers.pagbank.mapping import order_from_checkout

    response = call.send(create_requests(body, call)[0], idempotent=bool(call.idempotency_key))
    order = order_from_checkout(response.json())
    on_placed(order.id, None, response.status)
    return Outcome([order], [response.body])


def show(ref: str, call: Call) -> Outcome:
    from checkoutctl.providers.pagbank.mapping import order_from_checkout

    request = HttpRequest("GET", call.url(f"/checkouts/{quote(ref, safe='')}"), {**call.bearer(), "Accept": "application/json"})
    response = call.send(request)
    return Outcome([order_from_checkout(response.json())], [response.body])


def transition(ref: str, call: Call, action: str) -> Outcome:
    """`POST /checkouts/{id}/inactivate|activate` (seeds/README): the checkout in its new status."""
    from checkoutctl.providers.pagbank.mapping import order_from_checkout

    path = f"/checkouts/{quote(ref, safe='')}/{action}"
    response = call.send(HttpRequest("POST", call.url(path), {**call.bearer(), "Accept": "application/json"}))
    return Outcome([order_from_checkout(response.json())], [response.body])
