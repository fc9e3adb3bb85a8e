"""Bakeronline in the sandbox (CONTRACT §6): `POST /checkout/order` and `GET /orders/{id}` (seed 002).

Both API routes want `X-VERSION: 1.5.0` (seeds/README: the API is versioned by that header), checked
first, then a Bearer token. Seed 002 documents no error body, so the sandbox answers every error as

    {"error": {"code": "<code>", "message": "<sentence>", "fields": [{"path", "rule", "message"}]}}

with `fields` only where a field is at fault. Codes and statuses:

    400 unsupported_version   X-VERSION missing or not 1.5.0
    401 unauthenticated       no Bearer, or one the sandbox does not know (WWW-Authenticate: Bearer)
    400 invalid_json          the body is not JSON
    413 body_too_large        over 1 MiB
    415 unsupported_media_type form encoding: seed 002 allows it, the sandbox speaks JSON only
    422 validation_failed     the body breaks the rules `checkoutctl validate` runs (each in `fields`),
                              a date in the past, a takeout shop missing and an amount over 1000 included
    400 invalid_order         the catalogue refuses it: unknown shop/product/price id, a product from
                              another shop, an unknown coupon (each in `fields`)
    404 not_found             GET /orders/{id} of an order that does not exist

`error_response` gives the sandbox core the same body for its own 404/405/500 under /bakeronline and
for `status=` faults, the code then being the status phrase in snake case (`service_unavailable`).

A valid order answers 200 with seed 002's response: one order per shop in the cart, priced by
`catalogue.quote`. Options and uploads (cart[].options) are accepted as sent and not priced.

Sandbox-only pages (no seed; no auth, as a customer's browser reaches them):
`GET /pay/{group_id}` shows what is due with a Pay button; `POST /pay/{group_id}` marks the group's
orders `payment_status: "paid"` and redirects (303) to the order's `return_url`, if any.
`GET /joyn/{order_id}` is the Joyn `collect_url`, `GET /joyn/{order_id}/qr` its `qr_code_url` (SVG).
"""

from __future__ import annotations

import html
import json
import time
from datetime import datetime
from http import HTTPStatus

from werkzeug.wrappers import Request, Response

from checkoutctl.providers.bakeronline import catalogue as cat
from checkoutctl.providers.bakeronline.sandbox_lifecycle import EVENTS
# BAKERONLINE.order_spec() imports the rules, and PyYAML, with the first body to check: a look-up needs neither.
from checkoutctl.providers.bakeronline import BAKERONLINE
from checkoutctl.providers.bakeronline.info import API_VERSION, INFO
from checkoutctl.providers.base import sandbox_prefix
from checkoutctl.sandbox.bodies import BodyRefused, read_json
from checkoutctl.sandbox.context import Route, SandboxContext, SandboxMount
from checkoutctl.sandbox.request_body import check_request_body

PREFIX = sandbox_prefix(INFO.name)

SCHEMA = [
    "CREATE TABLE IF NOT EXISTS bakeronline_groups (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "created_at INTEGER NOT NULL, payment_method TEXT NOT NULL, return_url TEXT)",
    # body: the order exactly as answered (seed 002 `order_group.orders[]`), read back by GET /orders/{id}.
    "CREATE TABLE IF NOT EXISTS bakeronline_orders (id INTEGER PRIMARY KEY AUTOINCREMENT, "
    "group_id INTEGER NOT NULL, shop_id INTEGER NOT NULL, order_nr INTEGER NOT NULL, body TEXT NOT NULL)",
]


def routes() -> list[Route]:
    return [
        Route("/checkout/order", ("POST",), create_order),
        Route("/orders/<order_id>", ("GET",), show_order),
        Route("/pay/<group_id>", ("GET", "POST"), pay_page),
        Route("/joyn/<order_id>", ("GET",), joyn_page),
        Route("/joyn/<order_id>/qr", ("GET",), joyn_qr),
    ]


def mount() -> SandboxMount:
    return SandboxMount(tuple(SCHEMA), tuple(routes()), error_response, EVENTS, cat.CATALOGUE_SPEC, cat.seeded_catalogue)


# --- responses ------------------------------------------------------------------------------------


def _json(status: int, data: object, headers: dict | None = None) -> Response:
    return Response(json.dumps(data), status=status, headers=headers,
                    content_type="application/json; charset=utf-8")


def _error(status: int, code: str, message: str, fields: list[dict] | None = None,
           headers: dict | None = None) -> Response:
    err: dict = {"code": code, "message": message}
    if fields is not None:
        err["fields"] = fields
    return _json(status, {"error": err}, headers)


def error_response(status: int, message: str) -> Response:
    """The server's hook for 404/405/500 under /bakeronline and for `status=` faults: our error body."""
    try:
        code = HTTPStatus(status).phrase.lower().replace(" ", "_").replace("-", "_")
    except ValueError:
        code = "error"
    return _error(status, code, message)


def _html(status: int, title: str, body: str) -> Response:
    page = (f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title></head>"
            f"<body><h1>{html.escape(title)}</h1>{body}<p><small>checkoutctl sandbox — not a real payment"
            "</small></p></body></html>")
    return Response(page, status=status, content_type="text/html; charset=utf-8")


def _gate(ctx: SandboxContext, request: Request) -> Response | None:
    """X-VERSION first (seeds/README: shapes differ between versions), then the Bearer (seed 002)."""
    version = request.headers.get("X-VERSION", "").strip()
    if version != API_VERSION:
        got = f"X-VERSION {version!r} is not supported" if version else "the X-VERSION header is missing"
        return _error(400, "unsupported_version", f"{got}; this API speaks X-VERSION: {API_VERSION}")
    if not ctx.bearer_ok(request):
        return _error(401, "unauthenticated", "a valid Bearer access token is required",
                      headers={"WWW-Authenticate": 'Bearer realm="bakeronline"'})
    return None


def _read_json(request: Request) -> tuple[object, Response | None]:
    try:
        return read_json(request), None
    except BodyRefused as refused:
        return None, _error(refused.status, refused.code, refused.message)


# --- POST /checkout/order -------------------------------------------------------------------------


def create_order(ctx: SandboxContext, request: Request) -> Response:
    """Seed 002 `POST /checkout/order`: one order per shop in the cart, grouped."""
    refused = _gate(ctx, request)
    if refused:
        return refused
    body, refused = _read_json(request)
    if refused:
        return refused
    issues = check_request_body(body, BAKERONLINE.order_spec())
    if issues:
        fields = [{"path": i.path, "rule": i.rule, "message": i.message} for i in issues]
        return _error(422, "validation_failed", f"the order has {len(fields)} invalid field(s)", fields)
    own = ctx.catalogue(INFO.name)  # `sandbox serve --catalogue FILE`, else the open world (made_up.py)
    problems = _catalogue_problems(body, own)
    if problems:
        return _error(400, "invalid_order", f"the shop cannot take this order: {len(problems)} problem(s)", problems)
    return _json(200, _place(ctx, request, body, own))


def _catalogue_problems(body: dict, own: dict | None) -> list[dict]:
    """What the catalogue refuses in a body that passed the rules: paths as in `fields` of a 422.

    Only what needs the catalogue: everything the body alone decides (a past date, a takeout shop
    missing, an amount over the bound) is a rule of `checkoutctl validate`, refused above as a 422."""
    out: list[dict] = []

    def problem(path: str, rule: str, message: str) -> None:
        out.append({"path": path, "rule": rule, "message": message})

    for i, item in enumerate(body["cart"]):
        shop_id, product_id, price_id = item["shop_id"], item["product_id"], item["product_price_id"]
        price = cat.price(price_id, product_id, shop_id, own)  # open world: unknown ids are made up
        seller = cat.product_shop(product_id, shop_id, own)
        if cat.shop(shop_id, own) is None:
            problem(f"cart[{i}].shop_id", "unknown_shop", f"no shop {shop_id}")
        if seller is None:
            problem(f"cart[{i}].product_id", "unknown_product", f"no product {product_id}")
        elif seller != shop_id and cat.shop(shop_id, own) is not None:
            problem(f"cart[{i}].product_id", "product_not_in_shop",
                    f"product {product_id} is sold by shop {seller}, not shop {shop_id}")
        if price is None:
            problem(f"cart[{i}].product_price_id", "unknown_product_price", f"no product price {price_id}")
        elif price.product_id != product_id:
            problem(f"cart[{i}].product_price_id", "price_not_of_product",
                    f"price {price_id} is a price of product {price.product_id}, not of product {product_id}")
    checkout = body["checkout"]
    for j, coupon in enumerate(checkout.get("coupons") or ()):
        if coupon["code"] not in cat.COUPONS:
            problem(f"checkout.coupons[{j}].code", "unknown_coupon", f"no coupon {coupon['code']!r}")
    return out


def _place(ctx: SandboxContext, request: Request, body: dict, own: dict | None) -> dict:
    now = int(time.time())
    checkout, payment_method = body["checkout"], body["payment_method"]
    by_shop: dict[int, list[tuple[int, cat.ProductPrice]]] = {}
    for item in body["cart"]:  # shops in order of first appearance in the cart
        by_shop.setdefault(item["shop_id"], []).append(
            (item["amount"], cat.price(item["product_price_id"], item["product_id"], item["shop_id"], own)))
    orders = []
    with ctx.store.tx() as db:
        group_id = db.execute(
            "INSERT INTO bakeronline_groups(created_at, payment_method, return_url) VALUES (?, ?, ?)",
            (now, payment_method, body.get("return_url")),
        ).lastrowid
        for shop_id, lines in by_shop.items():
            shop = cat.shop(shop_id, own)
            order_nr = db.execute("SELECT COALESCE(MAX(order_nr), 0) + 1 FROM bakeronline_orders WHERE shop_id = ?",
                                  (shop_id,)).fetchone()[0]
            order_id = db.execute(
                "INSERT INTO bakeronline_orders(group_id, shop_id, order_nr, body) VALUES (?, ?, ?, '{}')",
                (group_id, shop_id, order_nr),
            ).lastrowid
            prices = cat.quote(shop, lines, checkout, payment_method)
            joyn = ctx.external_url(request, f"{PREFIX}/joyn/{order_id}")
            order = {
                "id": order_id,
                "status": "PENDING",  # seeds/README: PENDING, HAS_READ, APPROVED, DECLINED, …
                "valid": True,
                "order_nr": order_nr,
                "prices": prices.as_json(),
                "payment_method": payment_method,
                "checkout": _checkout_view(checkout, shop_id, now),
                "shop": {"id": shop.id, "name": shop.name, "address": shop.address(),
                         "allow_comments": shop.allow_comments, "currency": cat.CURRENCY},
                "created_at": now,  # seed 002: unix seconds
                "joyn": {"points": int(prices.price_to_pay), "collect_url": joyn, "qr_code_url": joyn + "/qr"},
                "payment_status": "pending",
                "currency": cat.CURRENCY,
            }
            db.execute("UPDATE bakeronline_orders SET body = ? WHERE id = ?", (json.dumps(order), order_id))
            orders.append(order)
    online = payment_method not in cat.OFFLINE_PAYMENT_METHODS
    payment_url = ctx.external_url(request, f"{PREFIX}/pay/{group_id}") if online else None
    return {"order_group": {"id": group_id, "orders": orders}, "payment_url": payment_url}


def _checkout_view(checkout: dict, shop_id: int, now: int) -> dict:
    """Seed 002 response `checkout`: the chosen method's date, time and place; null where it has none."""
    method = checkout["method"]
    company = (checkout.get("invoice") or {}).get("company") or {}
    view = {"method": method, "date": None, "time": None, "end_time": None, "address": None,
            "notes": None, "name": company.get("name"), "latch_id": None}
    if method == "delivery":
        d = checkout["delivery"]
        view.update(date=d["date"], time=d["time"], end_time=d.get("end_time"), address=d["address"],
                    notes=d.get("notes"))
    elif method == "takeout":
        t = checkout["takeout"]["shops"][f"shop_{shop_id}"]
        view.update(date=t["date"], time=t["time"])
    elif method == "latch":
        la = checkout["latch"]
        view.update(date=la["date"], time=la["time"], latch_id=la["latch_id"])
    else:  # isop: taken in the shop, now
        moment = datetime.fromtimestamp(now)
        view.update(date=moment.date().isoformat(), time=moment.strftime("%H:%M"))
    return view


# --- GET /orders/{id} -----------------------------------------------------------------------------


def _load(ctx: SandboxContext, order_id: str) -> dict | None:
    if not (order_id.isascii() and order_id.isdigit()) or len(order_id) > 18:
        return None
    row = ctx.store.connect().execute("SELECT body FROM bakeronline_orders WHERE id = ?", (int(order_id),)).fetchone()
    return json.loads(row["body"]) if row else None


def show_order(ctx: SandboxContext, request: Request, order_id: str) -> Response:
    """seeds/README: `GET /orders/{id}` reads one order, shaped as in seed 002's order_group.orders[]."""
    refused = _gate(ctx, request)
    if refused:
        return refused
    order = _load(ctx, order_id)
    if order is None:
        return _error(404, "not_found", f"no order {order_id[:40]!r}")
    return _json(200, order)


# --- sandbox-only pages ---------------------------------------------------------------------------


def pay_page(ctx: SandboxContext, request: Request, group_id: str) -> Response:
    """The `payment_url` of an online payment: GET shows it, POST pays it."""
    row = None
    if group_id.isascii() and group_id.isdigit() and len(group_id) <= 18:
        row = ctx.store.connect().execute("SELECT * FROM bakeronline_groups WHERE id = ?", (int(group_id),)).fetchone()
    if row is None:
        return _html(404, "Unknown order group", "<p>No such order group.</p>")
    if row["payment_method"] in cat.OFFLINE_PAYMENT_METHODS:
        return _html(409, "Nothing to pay online", f"<p>Paid by {html.escape(row['payment_method'])}.</p>")
    if request.method == "POST":
        with ctx.store.tx() as db:
            rows = db.execute("SELECT id, body FROM bakeronline_orders WHERE group_id = ?", (row["id"],)).fetchall()
            for order_row in rows:
                order = json.loads(order_row["body"])
                order["payment_status"] = "paid"
                db.execute("UPDATE bakeronline_orders SET body = ? WHERE id = ?", (json.dumps(order), order_row["id"]))
        if row["return_url"]:
            return Response("", status=303, headers={"Location": row["return_url"]})
        return _html(200, "Paid", f"<p>Order group {row['id']} is paid.</p>")
    orders = [json.loads(r["body"]) for r in ctx.store.connect().execute(
        "SELECT body FROM bakeronline_orders WHERE group_id = ? ORDER BY id", (row["id"],))]
    items = "".join(
        f"<li>{html.escape(o['shop']['name'])} #{o['order_nr']}: EUR {o['prices']['price_to_pay']['value']:.2f}"
        f" ({html.escape(o['payment_status'])})</li>" for o in orders)
    form = f"<form method='post'><button type='submit'>Pay with {html.escape(row['payment_method'])}</button></form>"
    return _html(200, f"Bakeronline order group {row['id']}", f"<ul>{items}</ul>{form}")


def joyn_page(ctx: SandboxContext, request: Request, order_id: str) -> Response:
    order = _load(ctx, order_id)
    if order is None:
        return _html(404, "Unknown order", "<p>No such order.</p>")
    return _html(200, "Joyn", f"<p>Order {order['id']} earns {order['joyn']['points']} Joyn points.</p>")


def joyn_qr(ctx: SandboxContext, request: Request, order_id: str) -> Response:
    if _load(ctx, order_id) is None:
        return _html(404, "Unknown order", "<p>No such order.</p>")
    svg = ("<svg xmlns='http://www.w3.org/2000/svg' width='64' height='64'><rect width='64' height='64' fill='white'/>"
           f"<text x='4' y='36' font-size='10'>joyn {int(order_id)}</text></svg>")
    return Response(svg, content_type="image/svg+xml")
