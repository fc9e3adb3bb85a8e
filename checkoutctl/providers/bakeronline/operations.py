"""Bakeronline operations: POST /checkout/order and GET /orders/{id}, pinned to X-VERSION 1.5.0 (seed 002)."""

from __future__ import annotations

from urllib.parse import quote

from checkoutctl.providers.bakeronline.info import API_VERSION
from checkoutctl.providers.call import Call, OnPlaced, Outcome
from checkoutctl.http.message import HttpRequest


def _headers(call: Call) -> dict[str, str]:
    return {**call.bearer(), "X-VERSION": API_VERSION, "Accept": "application/json"}


def create_requests(body: dict, call: Call) -> list[HttpRequest]:
    return [HttpRequest("POST", call.url("/checkout/order"), {**_headers(call), "Content-Type": "application/json"}, json=body)]


def create(body: dict, call: Call, on_placed: OnPlaced) -> Outcome:
    from checkoutctl.providers.bakeronline.mapping import orders_from_group

    response = call.send(create_requests(body, call)[0])
    doc = response.json()
    orders = orders_from_group(doc, cart=body.get("cart") if isinstance(body, dict) else None)
    group = doc.get("order_group") if isinstance(doc, dict) else None
    group_id = group.get("id") if isinstance(group, dict) else None
    ids = ",".join(o.id for o in orders if o.id)
    on_placed(ids or (str(group_id) if group_id is not None else None), None, response.status)
    return Outcome(orders, [response.body])


def show(ref: str, call: Call) -> Outcome:
    from checkoutctl.providers.bakeronline.mapping import order_from_order

    outcomes = []
    raw = []
    # The journal keeps every order of a group ("14,15,17"): show each.
    for one in [r for r in ref.split(",") if r.strip()][:50]:
        response = call.send(HttpRequest("GET", call.url(f"/orders/{quote(one.strip(), safe='')}"), _headers(call)))
        outcomes.append(order_from_order(response.json()))
        raw.append(response.body)
    return Outcome(outcomes, raw)
