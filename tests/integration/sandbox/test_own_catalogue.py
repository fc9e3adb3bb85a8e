"""`sandbox serve --catalogue FILE` replaces the made-up world with the user's own, and `sandbox catalogue`
prints the current one (issue 13). Real processes over real HTTP, then the embedded sandbox of the home."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.integration.sandbox.test_lasting_links import checkoutctl, free_port, serving

pytestmark = pytest.mark.integration

WORLD = """\
gestaoplus:
  products:
    - {id: 7001, description: MEU PRODUTO, price: "42.50"}
  negotiation_types:
    - id: 5
      description: Boleto da casa
      payment_method: BOLETO
      installments:
        - {due_days: 10, percent: 100}
crayon:
  customers:
    - {id: 42, name: Minha Empresa AS, country: "NO", admin_account: admin@minha.example, notification_email: it@minha.example}
  products: []
"""


def gestaoplus_order(tmp_path, product: int, negotiation: int = 5, n: int = 1) -> str:
    path = tmp_path / f"g-{product}-{n}.yaml"
    path.write_text(f"provider: gestaoplus\norder:\n  items:\n    - id: {product}\n      quantity: 2\n"
                    f"  type: V\n  negotiationType: {negotiation}\n  uri: cliente-{n}\n", encoding="utf-8")
    return str(path)


def crayon_order(tmp_path, customer: int) -> str:
    path = tmp_path / f"c-{customer}.yaml"
    path.write_text(f'provider: crayon\norder:\n  ExternalOrderId: "PO-{customer}"\n  CountryCode: "NO"\n'
                    f"  ResellerCustomerId: {customer}\n  AdminAccount: admin@x.example\n"
                    "  NotificationEmail: it@x.example\n  OrderLines:\n    - ProductId: ABC123XYZ000\n"
                    '      SkuId: "0001"\n      Quantity: 1\n  Errors: []\n', encoding="utf-8")
    return str(path)


def test_the_printed_catalogue_is_one_serve_accepts(tmp_path):
    home = tmp_path / "home"
    printed = checkoutctl(home, "sandbox", "catalogue")
    assert printed.returncode == 0, printed.stderr
    world = yaml.safe_load(printed.stdout)
    assert {p["id"] for p in world["gestaoplus"]["products"]} >= {483}
    assert set(world) == {"gestaoplus", "bakeronline", "crayon"}
    (tmp_path / "world.yaml").write_text(printed.stdout, encoding="utf-8")
    with serving(home, free_port()):
        pass  # a serve without --catalogue starts as before
    loaded = checkoutctl(home, "sandbox", "serve", "--catalogue", str(tmp_path / "missing.yaml"), "--port", "0")
    assert loaded.returncode == 2 and "cannot read the catalogue" in loaded.stderr
    as_json = json.loads(checkoutctl(home, "sandbox", "catalogue", "--output", "json").stdout)
    assert as_json == world


def test_serve_with_the_users_catalogue_knows_only_its_ids(tmp_path):
    home, port = tmp_path / "home", free_port()
    (tmp_path / "world.yaml").write_text(WORLD, encoding="utf-8")
    with serving(home, port, "--catalogue", str(tmp_path / "world.yaml")):
        created = checkoutctl(home, "order", "create", gestaoplus_order(tmp_path, 7001), "--output", "json")
        assert created.returncode == 0, created.stderr
        shown = json.loads(checkoutctl(home, "order", "show", "--token", json.loads(created.stdout)["token"],
                                       "--output", "json").stdout)
        [item] = shown["items"]
        assert (item["description"], item["unit_price"], item["total"]) == ("MEU PRODUTO", "42.50", "85.00")
        assert [i["amount"] for i in shown["installments"]] == ["85.00"]
        seeded = checkoutctl(home, "order", "create", gestaoplus_order(tmp_path, 483))
        assert seeded.returncode == 4 and "Product 483 not found" in seeded.stderr  # the file replaced the seeds
        made_up = checkoutctl(home, "order", "create", gestaoplus_order(tmp_path, 777123))
        assert made_up.returncode == 4 and "Product 777123 not found" in made_up.stderr
        stranger = checkoutctl(home, "order", "create", crayon_order(tmp_path, 5555))
        assert stranger.returncode == 4 and "no customer tenant 5555" in stranger.stderr
        printed = checkoutctl(home, "sandbox", "catalogue")
        assert "gestaoplus: loaded with --catalogue" in printed.stdout and "bakeronline: seeded" in printed.stdout
    # The world is the home's: the embedded sandbox of a later command has it too, until a reset.
    again = checkoutctl(home, "order", "create", gestaoplus_order(tmp_path, 7001, n=2))
    assert again.returncode == 0 and "embedded sandbox" in again.stderr
    assert checkoutctl(home, "sandbox", "reset", "--yes").returncode == 0
    assert checkoutctl(home, "order", "create", gestaoplus_order(tmp_path, 483, negotiation=22)).returncode == 0


def test_a_bad_catalogue_is_exit_2_naming_each_problem(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("gestaoplus:\n  products:\n    - {id: x, price: abc}\n  foo: []\nstripe: {}\n", encoding="utf-8")
    result = checkoutctl(tmp_path / "home", "sandbox", "serve", "--catalogue", str(bad), "--port", "0")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    for problem in ("stripe: not a provider the sandbox emulates", "gestaoplus.foo: unknown list",
                    "gestaoplus.products[0].id: must be a whole number", "gestaoplus.products[0].description: missing",
                    "gestaoplus.products[0].price: must be an amount"):
        assert problem in result.stderr
