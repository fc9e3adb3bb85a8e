"""Bakeronline rules across the cart and the checkout: when and where the order is handed over.

The sandbox refused these from the body alone while `validate` passed them (issue 12); now both run
the same rules. A bakery takes no order for a day gone by; a takeout order names a pick-up for every
shop its cart orders from (seeds/README: takeout shops are keyed `shop_<id>`).
"""

from __future__ import annotations

from datetime import date

import yaml

from checkoutctl.rules.fields import Check, ObjectView

# Methods whose block carries one `date` (seed 002 example: delivery.date, latch.date).
DATED_METHODS = ("delivery", "latch")


def _child(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for knode, vnode in node.value:
            if knode.value == key:
                return vnode
    return None


def _cart_shops(view: ObjectView) -> list[int]:
    cart = view.get("cart")
    if not isinstance(cart, list):
        return []
    return list(dict.fromkeys(i["shop_id"] for i in cart if isinstance(i, dict) and isinstance(i.get("shop_id"), int)))


def _handover_dates(view: ObjectView) -> list[tuple[str, yaml.Node, str]]:
    """(path, node, ISO date) of the chosen method's date(s), where they were read as valid."""
    checkout, node = view.get("checkout"), view.nodes.get("checkout")
    if not isinstance(checkout, dict):
        return []
    method = checkout.get("method")
    out: list[tuple[str, yaml.Node, str]] = []
    if method in DATED_METHODS and isinstance(checkout.get(method), dict):
        day = checkout[method].get("date")
        out.append((f"{view.path}.checkout.{method}.date", _child(_child(node, method), "date"), day))
    elif method == "takeout" and isinstance(checkout.get("takeout"), dict):
        shops = checkout["takeout"].get("shops") or {}
        shops_node = _child(_child(node, "takeout"), "shops")
        for shop_id in _cart_shops(view):
            key = f"shop_{shop_id}"
            if isinstance(shops.get(key), dict):
                out.append((f"{view.path}.checkout.takeout.shops.{key}.date", _child(_child(shops_node, key), "date"),
                            shops[key].get("date")))
    return [(p, n, d) for p, n, d in out if isinstance(d, str) and n is not None]


def handover_not_in_the_past(view: ObjectView) -> None:
    today = date.today().isoformat()
    for path, node, day in _handover_dates(view):
        if day < today:  # both YYYY-MM-DD, already checked by the date rule
            view.ck.report(node, path, "past-date", f"{day} is in the past (today is {today})",
                           "a bakery takes no order for a day gone by")


def takeout_for_every_cart_shop(view: ObjectView) -> None:
    checkout = view.get("checkout")
    if not isinstance(checkout, dict) or checkout.get("method") != "takeout" or not isinstance(checkout.get("takeout"), dict):
        return
    shops = checkout["takeout"].get("shops")
    if not isinstance(shops, dict):
        return
    shops_node = _child(_child(view.nodes.get("checkout"), "takeout"), "shops")
    for shop_id in _cart_shops(view):
        key = f"shop_{shop_id}"
        if key not in shops and shops_node is not None:
            # A missing entry: its own path, at the shops mapping's place (CONTRACT §2).
            view.ck.report(shops_node, f"{view.path}.checkout.takeout.shops.{key}", "takeout-shop",
                           f"missing: the cart orders from shop {shop_id}, so takeout needs its pick-up date and time")


HANDOVER_CHECKS = (
    Check("past-date", "002 checkout.delivery.date / latch.date / takeout.shops[].date", handover_not_in_the_past),
    Check("takeout-shop", "seeds/README takeout shops keyed shop_<id>", takeout_for_every_cart_shop),
)
