"""A fifth provider is one object: defined here, registered through the public `registry.register` (as
the built-ins are), it runs `validate`, `order create` and `order show` through the real CLI against
the sandbox route it declares (the embedded sandbox, real HTTP on 127.0.0.1), touching no shared file.
"""

from __future__ import annotations

import json

import pytest
from werkzeug.wrappers import Request, Response

from checkoutctl.model import Item, Order, money, text, whole_number
from checkoutctl.providers import registry
from checkoutctl.providers.base import Lookup, Operation, Provider, ProviderInfo
from checkoutctl.providers.call import Outcome
from checkoutctl.rules.fields import Field, Int, ListOf, Obj, Str
from checkoutctl.sandbox.bodies import BodyRefused, read_json
from checkoutctl.sandbox.context import Route, SandboxContext, SandboxMount
from checkoutctl.sandbox.request_body import check_request_body
from checkoutctl.http.message import HttpRequest

pytestmark = pytest.mark.integration

LINE = Obj({"sku": Field(Str(min_len=1), required=True), "quantity": Field(Int(minimum=1), required=True),
            "price_cents": Field(Int(minimum=0), required=True)})
ORDER = Obj({"reference": Field(Str(min_len=1, max_len=40), required=True),
             "lines": Field(ListOf(LINE, min_items=1), required=True)})


def _order(doc: object) -> Order:
    raw = doc if isinstance(doc, dict) else {}
    lines = raw.get("lines") if isinstance(raw.get("lines"), list) else []
    items = tuple(Item(id=text(line.get("sku")), quantity=whole_number(line.get("quantity")),
                       unit_price=money(line.get("price_cents"), minor_units=True))
                  for line in lines if isinstance(line, dict))
    return Order(provider="acme", id=text(raw.get("id")), code=text(raw.get("reference")),
                 status=text(raw.get("status")), currency="USD", items=items)


# --- its sandbox: two routes and one table of its own -------------------------------------------

def _json(data: object, status: int = 200) -> Response:
    return Response(json.dumps(data), status=status, mimetype="application/json")


def _create(ctx: SandboxContext, request: Request) -> Response:
    if not ctx.bearer_ok(request):
        return _json({"message": "who are you?"}, 401)
    try:
        body = read_json(request)
    except BodyRefused as err:
        return _json({"message": err.message}, err.status)
    issues = check_request_body(body, ORDER) if isinstance(body, dict) else ["not an object"]
    if issues:
        return _json({"message": "invalid order", "errors": [str(i) for i in issues]}, 422)
    with ctx.store.tx() as db:
        number = db.execute("INSERT INTO acme_orders(body) VALUES (?)", (json.dumps(body),)).lastrowid
    return _json({"id": f"ACME-{number}", "status": "OPEN", **body}, 201)


def _show(ctx: SandboxContext, request: Request, order_id: str) -> Response:
    number = order_id.removeprefix("ACME-")
    row = ctx.store.connect().execute("SELECT body FROM acme_orders WHERE id = ?",
                                      (int(number) if number.isdigit() else -1,)).fetchone()
    if row is None:
        return _json({"message": f"no order {order_id}"}, 404)
    return _json({"id": order_id, "status": "OPEN", **json.loads(row[0])})


class AcmeProvider(Provider):
    info = ProviderInfo(name="acme", title="Acme Pay", seeds=(), items_field="lines", currency="USD",
                        base_url="https://api.acme.example",
                        operations=(Operation("create", "POST", "/orders", "place an order"),
                                    Operation("show", "GET", "/orders/{id}", "read one order")))
    lookup = Lookup(by_id=True, id_pattern=r"ACME-\d+")

    def order_spec(self):
        return ORDER

    def create_requests(self, body, call):
        headers = {**call.bearer(), "Content-Type": "application/json", "Accept": "application/json"}
        return [HttpRequest("POST", call.url("/orders"), headers, json=body)]

    def create(self, body, call, on_placed):
        response = call.send(self.create_requests(body, call)[0])
        order = _order(response.json())
        on_placed(order.id, None, response.status)
        return Outcome([order], [response.body])

    def show(self, ref, call):
        response = call.send(HttpRequest("GET", call.url(f"/orders/{ref}"), {**call.bearer(), "Accept": "application/json"}))
        return Outcome([_order(response.json())], [response.body])

    def is_final(self, order) -> bool:
        return order.status == "CLOSED"

    def sandbox(self):
        return SandboxMount(schema=("CREATE TABLE IF NOT EXISTS acme_orders (id INTEGER PRIMARY KEY AUTOINCREMENT,"
                                    " body TEXT NOT NULL)",),
                            routes=(Route("/orders", ("POST",), _create), Route("/orders/<order_id>", ("GET",), _show)))


@pytest.fixture
def acme():
    provider = registry.register(AcmeProvider())
    try:
        yield provider
    finally:
        registry.unregister(provider.name)


ORDER_FILE = """\
provider: acme
order:
  reference: "po-0042"
  lines:
    - {sku: "ANVIL-1", quantity: 2, price_cents: 1999}
"""


def test_a_provider_registered_from_outside_validates_places_and_looks_up(cli, write, acme):
    path = write("acme.yaml", ORDER_FILE)
    checked = cli("validate", path)
    assert checked.code == 0, checked.out + checked.err
    assert "all valid" in checked.err

    placed = cli("order", "create", path, "--output", "json")
    assert placed.code == 0, placed.err
    assert "SANDBOX" in placed.err
    order = placed.json()
    assert order["provider"] == "acme" and order["id"] == "ACME-1" and order["code"] == "po-0042"
    assert order["items"] == [{"id": "ANVIL-1", "description": None, "quantity": 2, "unit_price": "19.99",
                               "total": None}]
    assert "look it up again: checkoutctl order show ACME-2" in cli("order", "create", path, "--again").err

    shown = cli("order", "show", "ACME-1", "--output", "json")  # its provider found in the journal
    assert shown.code == 0, shown.err
    assert shown.json()["code"] == "po-0042" and shown.json()["status"] == "OPEN"

    history = cli("order", "history", "--output", "json")
    assert [e["provider"] for e in history.json()] == ["acme", "acme"]


def test_its_rules_its_listing_and_its_errors_are_the_shared_ones(cli, write, acme):
    bad = write("bad.yaml", ORDER_FILE.replace('"po-0042"', '""').replace("quantity: 2", "quantity: 0"))
    checked = cli("validate", bad)
    assert checked.code == 3
    assert "order.reference" in checked.out and "order.lines[0].quantity" in checked.out
    assert "acme" in [p["name"] for p in cli("providers", "--output", "json").json()]
    assert json.loads(cli("schema", "acme").out)["properties"]["provider"] == {"const": "acme"}
    assert "acme" in cli("order", "show", "--help").out  # help text comes from the registry
    # An id of its shape that no journal knows is still its own (Lookup.id_pattern): its 404 answer, exit 4.
    missing = cli("order", "show", "ACME-999")
    assert missing.code == 4 and "acme refused the request (HTTP 404" in missing.err and "no order ACME-999" in missing.err


def test_unregistered_it_is_an_unknown_provider_again(cli, write):
    checked = cli("validate", write("acme.yaml", ORDER_FILE))
    assert checked.code == 3 and "unknown provider 'acme'" in checked.out
