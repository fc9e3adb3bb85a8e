"""Open world (CONTRACT §6): an order file naming products, shops, customers, negotiation types and SKUs
the sandbox's catalogue never heard of is placed and read back, with details made up from the ids
(the same every time, in every process); reserved ids answer the provider's not-found. Through the real
CLI, on the embedded sandbox and on `sandbox serve`."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.integration.sandbox.test_lasting_links import checkoutctl, free_port, serving

pytestmark = pytest.mark.integration

GESTAOPLUS = """\
provider: gestaoplus
order:
  items:
    - id: 777123
      quantity: 2
  type: V
  negotiationType: 4242
  uri: cliente-proprio
"""

BAKERONLINE = """\
provider: bakeronline
order:
  cart:
    - amount: 3
      product_id: 654
      product_price_id: 987
      shop_id: 321
  checkout:
    method: takeout
    takeout:
      shops:
        shop_321:
          id: 321
          date: "2030-06-14"
          time: "10:00"
  payment_method: point_of_sale
"""

CRAYON = """\
provider: crayon
order:
  ExternalOrderId: "PO-OPEN-{n}"
  CountryCode: "SE"
  ResellerCustomerId: 5555
  AdminAccount: admin@tenant.onmicrosoft.com
  NotificationEmail: it@tenant.example
  OrderLines:
    - ProductId: ABC123XYZ000
      SkuId: "0002"
      Quantity: 4
  Errors: []
"""


def place(cli, tmp_path: Path, name: str, text: str) -> dict:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    res = cli("order", "create", str(path), "--output", "json")
    assert res.code == 0, res.err
    return res.json()


def show(cli, *ref: str) -> dict:
    res = cli("order", "show", *ref, "--output", "json")
    assert res.code == 0, res.err
    return res.json()


def test_gestaoplus_unknown_product_and_negotiation_type_are_placed_and_read_back(cli, tmp_path):
    created = place(cli, tmp_path, "g.yaml", GESTAOPLUS)
    shown = show(cli, "--token", created["token"])
    [item] = shown["items"]
    assert item["id"] == "777123" and item["description"] == "PRODUTO 777123" and item["quantity"] == 2
    assert shown["total"] == item["total"] and shown["installments"]
    again = show(cli, "--token", place(cli, tmp_path, "g2.yaml", GESTAOPLUS.replace("cliente-proprio", "outro"))["token"])
    assert again["items"][0]["unit_price"] == item["unit_price"]  # made up from the id: the same every time
    assert [i["amount"] for i in again["installments"]] == [i["amount"] for i in shown["installments"]]


def test_bakeronline_unknown_shop_product_and_price_are_placed_and_read_back(cli, tmp_path):
    created = place(cli, tmp_path, "b.yaml", BAKERONLINE)
    shown = show(cli, created["id"], "--provider", "bakeronline")
    assert shown["id"] == created["id"] and shown["total"] == created["total"] and shown["total"] != "0.00"


def test_crayon_unknown_customer_product_and_sku_are_placed(cli, tmp_path):
    created = place(cli, tmp_path, "c.yaml", CRAYON.format(n=1))
    [line] = created["items"]
    assert line["id"].startswith("ABC123XYZ000") and line["quantity"] == 4


@pytest.mark.parametrize(("text", "message"), [
    (GESTAOPLUS.replace("777123", "999999"), "Product 999999 not found"),
    (GESTAOPLUS.replace("4242", "999"), "Invalid negotiation type for this scope"),
    (BAKERONLINE.replace("shop_id: 321", "shop_id: 99").replace("shop_321", "shop_99").replace("id: 321", "id: 99"), "(invalid_order)"),
    (CRAYON.format(n=2).replace("5555", "99999"), "no customer tenant 99999"),
])
def test_reserved_ids_answer_the_providers_not_found(cli, tmp_path, text, message):
    path = tmp_path / "reserved.yaml"
    path.write_text(text, encoding="utf-8")
    res = cli("order", "create", str(path))
    assert res.code == 4 and message in res.err


def test_made_up_details_are_the_same_through_sandbox_serve_in_another_process(cli, tmp_path):
    embedded = place(cli, tmp_path, "g.yaml", GESTAOPLUS)
    embedded_item = show(cli, "--token", embedded["token"])["items"][0]
    home, port = tmp_path / "served-home", free_port()
    (tmp_path / "g.yaml").write_text(GESTAOPLUS.replace("cliente-proprio", "via-serve"), encoding="utf-8")
    with serving(home, port):
        created = checkoutctl(home, "order", "create", str(tmp_path / "g.yaml"), "--output", "json")
        assert created.returncode == 0 and f"sandbox serve at http://127.0.0.1:{port}" in created.stderr
        shown = checkoutctl(home, "order", "show", "--token", json.loads(created.stdout)["token"], "--output", "json")
    assert json.loads(shown.stdout)["items"][0] == embedded_item
    assert os.environ["CHECKOUTCTL_HOME"] != str(home)
